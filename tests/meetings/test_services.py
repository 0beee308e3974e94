"""Meetings end to end through the services: the invitations that leave, read back by
icalendar and by an independent parser (vobject), across create → reschedule → add → remove →
cancel, and answers from the links."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
import vobject
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.exceptions import Conflict
from core.workdays import AMSTERDAM
from mail.models import OutboundMail
from meetings import services
from meetings.models import Attendee, Meeting
from requests_app.models import Event
from tests.factories import file_request
from tests.meetings.conftest import HOUR, SUMMER, WINTER, plan
from tests.smtp import smtp_server, use_smtp

pytestmark = pytest.mark.django_db


def calendar_mails(meeting: Meeting, to: str) -> list[OutboundMail]:
    return list(
        OutboundMail.objects.filter(key__startswith=f"meeting:{meeting.pk}:{to}:").order_by("pk")
    )


def parsed(mail: OutboundMail) -> tuple[icalendar.Calendar, icalendar.Event, object]:
    calendar = icalendar.Calendar.from_ical(mail.calendar)
    (event,) = calendar.walk("VEVENT")
    independent = vobject.readOne(mail.calendar)
    return calendar, event, independent


def test_an_invitation_is_a_complete_itip_request(story, coordinator_weer_thuis):
    meeting = plan(story, coordinator_weer_thuis)
    (mail,) = calendar_mails(meeting, "sanne@experts.example")
    calendar, event, other = parsed(mail)
    assert mail.calendar_method == calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting.uid
    assert event["SEQUENCE"] == 0
    assert str(event["ORGANIZER"]) == "mailto:expertdesk@rvo.example"
    attendees = {str(a): a.params for a in event.get("ATTENDEE")}
    assert set(attendees) == {"mailto:sanne@experts.example", "mailto:rik@veenendaal.nl"}
    for params in attendees.values():
        assert {"CN", "ROLE", "PARTSTAT", "RSVP"} <= set(params)
        assert params["RSVP"] == "TRUE"
    assert attendees["mailto:sanne@experts.example"]["ROLE"] == "REQ-PARTICIPANT"
    assert attendees["mailto:rik@veenendaal.nl"]["ROLE"] == "OPT-PARTICIPANT"
    assert event.walk("VALARM")
    assert story[0].reference in str(event["DESCRIPTION"])
    (timezone,) = calendar.walk("VTIMEZONE")
    assert {c.name for c in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert all("RRULE" in c for c in timezone.subcomponents)
    # The independent parser reads the same moment: 10:00 in Amsterdam is 08:00 UTC in summer.
    assert other.vevent.dtstart.value.astimezone(dt.UTC) == dt.datetime(
        2027, 3, 29, 8, tzinfo=dt.UTC
    )
    assert other.method.value == "REQUEST"


def test_the_mail_carries_the_same_method_on_its_calendar_part(
    settings, story, coordinator_weer_thuis, django_capture_on_commit_callbacks
):
    with smtp_server() as smtp:
        use_smtp(settings, smtp.port)
        with django_capture_on_commit_callbacks(execute=True):
            plan(story, coordinator_weer_thuis)
    (message,) = [m for m in smtp.messages if m["To"] == "sanne@experts.example"]
    assert message.get_content_type() == "multipart/alternative"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert {"text/plain", "text/html", "text/calendar"} <= set(parts)
    assert parts["text/calendar"].get_param("method") == "REQUEST"
    body = parts["text/calendar"].get_payload(decode=True)
    assert icalendar.Calendar.from_ical(body)["METHOD"] == "REQUEST"


def test_the_whole_story_keeps_one_uid_and_raises_the_sequence(
    story, coordinator_weer_thuis, requester_ede
):
    meeting = plan(story, coordinator_weer_thuis)
    services.change_meeting(
        actor=coordinator_weer_thuis,
        meeting_id=meeting.pk,
        start=WINTER,
        end=WINTER + HOUR,
        location="Gemeentehuis Ede",
    )
    guest = services.add_attendee(
        actor=coordinator_weer_thuis,
        meeting_id=meeting.pk,
        invitee=services.invitee_for_person(requester_ede, Attendee.Kind.PARTNER),
    )
    services.remove_attendee(
        actor=coordinator_weer_thuis, meeting_id=meeting.pk, attendee_id=guest.pk
    )
    services.cancel_meeting(actor=coordinator_weer_thuis, meeting_id=meeting.pk, reason="Ziek")

    sanne = [parsed(mail) for mail in calendar_mails(meeting, "sanne@experts.example")]
    assert [(c["METHOD"], e["SEQUENCE"]) for c, e, _ in sanne] == [
        ("REQUEST", 0),
        ("REQUEST", 1),
        ("REQUEST", 2),
        ("REQUEST", 3),
        ("CANCEL", 4),
    ]
    assert {str(e["UID"]) for _, e, _ in sanne} == {meeting.uid}
    for mail in calendar_mails(meeting, "sanne@experts.example"):
        assert mail.calendar.count("SEQUENCE:") == 1  # two SEQUENCE lines confuse clients
    # In October (before the clock goes back) 14:30 in Amsterdam is 12:30 UTC.
    _, moved, other = sanne[1]
    assert moved.start == WINTER
    assert other.vevent.dtstart.value.astimezone(dt.UTC) == dt.datetime(
        2027, 10, 26, 12, 30, tzinfo=dt.UTC
    )
    # The Ede colleague got the invitation and, when taken off, a CANCEL naming only them.
    ede = [parsed(mail) for mail in calendar_mails(meeting, "esther@ede.nl")]
    assert [(c["METHOD"], e["SEQUENCE"]) for c, e, _ in ede] == [("REQUEST", 2), ("CANCEL", 3)]
    assert str(ede[1][1]["ATTENDEE"]) == "mailto:esther@ede.nl"  # one attendee: them
    assert ede[1][1]["STATUS"] == "CANCELLED"
    # The timeline says all of it.
    assert list(
        Event.objects.filter(request=meeting.request, action__startswith="meeting.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "meeting.scheduled",
        "meeting.changed",
        "meeting.attendee_added",
        "meeting.attendee_removed",
        "meeting.cancelled",
    ]


def test_an_expert_who_chose_the_feed_gets_no_invitation_mail(story, coordinator_weer_thuis):
    _, lead = story
    lead.invitation_preference = "feed"
    lead.save(update_fields=["invitation_preference"])
    meeting = plan(story, coordinator_weer_thuis)
    assert calendar_mails(meeting, "sanne@experts.example") == []
    assert len(calendar_mails(meeting, "rik@veenendaal.nl")) == 1


def test_only_the_requests_coordinators_plan_and_only_for_work_taken_on(
    story, coordinator_woningbouw, requester, coordinator_weer_thuis
):
    with pytest.raises(PermissionDenied):
        plan(story, coordinator_woningbouw)
    with pytest.raises(PermissionDenied):
        plan(story, requester)
    untriaged = file_request(requester=requester, team=story[0].team)
    with pytest.raises(Conflict):
        plan((untriaged, story[1]), coordinator_weer_thuis)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": SUMMER}, "end"),
        ({"end": SUMMER + dt.timedelta(hours=9)}, "end"),
        (
            {
                "start": dt.datetime(2020, 1, 6, 10, tzinfo=AMSTERDAM),
                "end": dt.datetime(2020, 1, 6, 11, tzinfo=AMSTERDAM),
            },
            "start",
        ),
        ({"location": "", "online_url": ""}, "location"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"title": "   "}, "title"),
        ({"invitees": []}, "attendees"),
    ],
)
def test_bad_input_is_refused_with_a_field_message(story, coordinator_weer_thuis, changes, field):
    with pytest.raises(ValidationError) as refused:
        plan(story, coordinator_weer_thuis, **changes)
    assert field in refused.value.message_dict
    assert not Meeting.objects.exists()


def test_answering_by_link_is_harmless_twice_and_refused_for_an_old_version(
    client, story, coordinator_weer_thuis
):
    meeting = plan(story, coordinator_weer_thuis)
    sanne = meeting.attendees.get(email="sanne@experts.example")
    accept = reverse("meetings:answer", args=[services.answer_token(sanne, "ACCEPTED")])
    page = client.get(accept)
    assert page.status_code == 200
    sanne.refresh_from_db()
    assert sanne.answer == "NEEDS-ACTION"  # opening the link (a mail scanner) changes nothing
    for _ in range(2):
        done = client.post(accept)
        assert done.status_code == 200
    sanne.refresh_from_db()
    assert (sanne.answer, sanne.answered_via) == ("ACCEPTED", "link")
    assert Event.objects.filter(action="meeting.answered").count() == 1
    services.change_meeting(
        actor=coordinator_weer_thuis,
        meeting_id=meeting.pk,
        start=WINTER,
        end=WINTER + HOUR,
        location="Elders",
    )
    stale = client.post(accept)
    assert stale.status_code == 409
    assert "changed after this invitation" in stale.content.decode()
    forged = client.get(reverse("meetings:answer", args=["not-a-token"]))
    assert forged.status_code == 400


def test_an_operator_sends_a_test_invitation_to_one_address(settings):
    from django.core.management import call_command

    with smtp_server() as smtp:
        use_smtp(settings, smtp.port)
        call_command("send_test_invite", "beheer@gemeente.example", stdout=open("/dev/null", "w"))  # noqa: SIM115
    (message,) = smtp.messages
    assert message["To"] == "beheer@gemeente.example"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert parts["text/calendar"].get_param("method") == "REQUEST"
    calendar = icalendar.Calendar.from_ical(parts["text/calendar"].get_payload(decode=True))
    assert str(calendar.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:beheer@gemeente.example"


@pytest.mark.parametrize(
    ("start", "utc_hour"),
    [
        (dt.datetime(2026, 12, 24, 14, 0, tzinfo=AMSTERDAM), 13),  # Christmas Eve, winter time
        (dt.datetime(2027, 4, 26, 10, 0, tzinfo=AMSTERDAM), 8),  # the day before Koningsdag
        (dt.datetime(2027, 4, 28, 10, 0, tzinfo=AMSTERDAM), 8),  # the day after
    ],
)
def test_invitations_and_feeds_around_christmas_and_kings_day_read_the_same_moment_everywhere(
    client, story, coordinator_weer_thuis, start, utc_hour
):
    meeting = plan(story, coordinator_weer_thuis, start=start, end=start + HOUR)
    (mail,) = calendar_mails(meeting, "sanne@experts.example")
    _, event, other = parsed(mail)
    assert event.start == start
    assert other.vevent.dtstart.value.astimezone(dt.UTC).hour == utc_hour
    feed = services.create_feed(actor=story[1].user, expert=story[1])
    body = client.get(reverse("meetings:feed", args=[feed.secret])).content.decode()
    (feed_event,) = vobject.readOne(body).vevent_list
    assert feed_event.dtstart.value.astimezone(dt.UTC).hour == utc_hour
    assert icalendar.Calendar.from_ical(body).walk("VEVENT")[0].start == start
