"""Feeds at token addresses and free slots through the service (database included)."""

from __future__ import annotations

import datetime as dt
import logging

import icalendar
import pytest
import vobject
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.workdays import AMSTERDAM
from experts.models import Absence
from meetings import services
from meetings.models import ExternalBusy, ExternalCalendar, FeedToken
from meetings.selectors import SlotPerson
from tests.meetings.conftest import HOUR, SUMMER, WINTER, plan

pytestmark = pytest.mark.django_db


def feed_url(secret: str) -> str:
    return reverse("meetings:feed", args=[secret])


def test_an_expert_subscribes_to_their_meetings(client, story, coordinator_weer_thuis):
    _, lead = story
    meeting = plan(story, coordinator_weer_thuis)
    cancelled = plan(story, coordinator_weer_thuis, start=WINTER, end=WINTER + HOUR)
    services.cancel_meeting(actor=coordinator_weer_thuis, meeting_id=cancelled.pk)
    new = services.create_feed(actor=lead.user, expert=lead)
    assert FeedToken.objects.get().token_hash != new.secret  # only a hash is kept
    assert len(new.secret) >= 43  # 256 bits, URL-safe

    response = client.get(feed_url(new.secret))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content
    calendar = icalendar.Calendar.from_ical(body)
    assert "METHOD" not in calendar
    assert calendar["PRODID"] == "-//RVO//expertdesk//NL"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert b"X-PUBLISHED-TTL:PT1H" in body
    assert b"ORGANIZER" not in body
    assert b"ATTENDEE" not in body
    assert b"RSVP" not in body
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {meeting.uid, cancelled.uid}
    assert events[cancelled.uid]["STATUS"] == "CANCELLED"
    assert vobject.readOne(body.decode()).vevent_list[0].summary.value == "Intake Anders Wonen"


def test_a_conditional_get_of_an_unchanged_feed_answers_304(client, story, coordinator_weer_thuis):
    _, lead = story
    meeting = plan(story, coordinator_weer_thuis)
    secret = services.create_feed(actor=lead.user, expert=lead).secret
    first = client.get(feed_url(secret))
    again = client.get(feed_url(secret), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(feed_url(secret), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    services.change_meeting(
        actor=coordinator_weer_thuis,
        meeting_id=meeting.pk,
        start=WINTER,
        end=WINTER + HOUR,
        location="Ede",
    )
    changed = client.get(feed_url(secret), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("meetings", [1, 6])
def test_a_feed_costs_the_same_three_queries_however_many_meetings(
    client,
    story,
    coordinator_weer_thuis,
    meetings,
):
    _, lead = story
    for index in range(meetings):
        start = SUMMER + dt.timedelta(days=index)
        plan(story, coordinator_weer_thuis, start=start, end=start + HOUR)
    Absence.objects.create(expert=lead, start=dt.date(2027, 5, 3), end=dt.date(2027, 5, 7))
    secret = services.create_feed(actor=lead.user, expert=lead, include_absences=True).secret
    with CaptureQueriesContext(connection) as queries:
        response = client.get(feed_url(secret))
    assert response.status_code == 200
    assert len(queries) == 3
    assert response.content.count(b"BEGIN:VEVENT") == meetings + 1  # and the absence


def test_a_revoked_replaced_or_unknown_address_is_a_404_and_never_logged(
    client,
    story,
    caplog,
):
    _, lead = story
    old = services.create_feed(actor=lead.user, expert=lead)
    new = services.create_feed(actor=lead.user, expert=lead)  # replaces the old one
    assert client.get(feed_url(old.secret)).status_code == 404
    assert client.get(feed_url(new.secret)).status_code == 200
    services.revoke_feed(actor=lead.user, token_id=new.token.pk)
    with caplog.at_level(logging.INFO):
        assert client.get(feed_url(new.secret)).status_code == 404
        logging.getLogger("django.request").warning("Not Found: %s", feed_url(new.secret))
    from django.conf import settings

    from meetings.logging import HideFeedTokens

    # The filter sits on the handler every logger writes through, so no record escapes it.
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["hide_feed_tokens"]
    for logger in ("django.request", "django.server"):
        assert settings.LOGGING["loggers"][logger]["handlers"] == ["console"]
    for record in caplog.records:
        HideFeedTokens().filter(record)
        assert new.secret not in record.getMessage()


def test_feeds_are_for_their_own_people(
    story, requester, coordinator_weer_thuis, weer_thuis, woningbouw
):
    request, lead = story
    with pytest.raises(PermissionDenied):
        services.create_feed(actor=coordinator_weer_thuis, expert=lead)
    with pytest.raises(PermissionDenied):
        services.create_feed(actor=coordinator_weer_thuis, team=woningbouw)
    assert services.create_feed(actor=coordinator_weer_thuis, team=weer_thuis).secret
    assert services.create_feed(actor=requester, request=request).secret
    with pytest.raises(PermissionDenied):
        services.create_feed(actor=lead.user, request=request)


def test_slots_respect_meetings_absences_and_the_experts_own_calendar(
    story,
    coordinator_weer_thuis,
):
    request, lead = story
    monday = dt.date(2027, 4, 12)
    ten = dt.datetime(2027, 4, 12, 10, tzinfo=AMSTERDAM)
    plan(story, coordinator_weer_thuis, start=ten, end=ten + HOUR)
    Absence.objects.create(expert=lead, start=dt.date(2027, 4, 13), end=dt.date(2027, 4, 16))
    calendar = ExternalCalendar.objects.create(expert=lead)
    ExternalBusy.objects.create(
        calendar=calendar,
        starts_at=dt.datetime(2027, 4, 12, 13, tzinfo=AMSTERDAM),
        ends_at=dt.datetime(2027, 4, 12, 17, tzinfo=AMSTERDAM),
    )
    people = [SlotPerson(lead.user.email, "Sanne de Vries", True, lead.pk)]
    advice = services.suggest_slots(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        people=people,
        first_day=monday,
        last_day=monday + dt.timedelta(days=4),
        duration=HOUR,
        buffer=dt.timedelta(minutes=15),
    )
    assert [s.start.astimezone(AMSTERDAM).strftime("%a %H:%M") for s in advice.slots] == [
        "Mon 11:30"  # 09:00 and 09:30 run into the 15-minute buffer before 10:00
    ]
    nothing = services.suggest_slots(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        people=people,
        first_day=dt.date(2027, 4, 13),
        last_day=dt.date(2027, 4, 16),
        duration=HOUR,
    )
    assert nothing.slots == []
    assert nothing.reasons == ["Sanne de Vries is absent 13 Apr to 16 Apr."]
