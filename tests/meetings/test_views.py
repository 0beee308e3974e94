"""The meeting pages as a coordinator, a requester, an expert and an outsider use them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from meetings.models import Meeting
from tests.meetings.conftest import HOUR, WINTER, plan
from tests.requests_app.page_support import english_fixture, html, region  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
DASH = "\u2013"  # the en dash between two times


def test_a_coordinator_finds_a_free_time_and_plans_the_meeting(
    client, story, coordinator_weer_thuis
):
    request, lead = story
    client.force_login(coordinator_weer_thuis)
    workspace = client.get(reverse("requests:workspace", args=[request.pk]))
    assert "Plan a meeting" in region(workspace, "meetings")
    page = client.get(reverse("meetings:plan", args=[request.pk]))
    assert page.status_code == 200
    form = {
        "people": [f"expert:{lead.pk}", f"user:{request.created_by_id}"],
        "guests": "wethouder@veenendaal.nl",
        "kind": "intake",
        "title": "Intake Anders Wonen",
        "duration": "60",
        "location": "Stadhuis Veenendaal",
        "online_url": "",
        "first_day": "2027-04-12",
        "last_day": "2027-04-16",
    }
    found = client.get(reverse("meetings:plan", args=[request.pk]), {**form, "zoeken": "1"})
    assert found.status_code == 200
    slots = region(found, "slots")
    assert f"Monday 12 April 2027, 09:00{DASH}10:00" in slots
    planned = client.post(
        reverse("meetings:plan", args=[request.pk]),
        {**form, "slot": "2027-04-12T07:00:00+00:00"},
        follow=True,
    )
    meeting = Meeting.objects.get()
    assert planned.redirect_chain[-1][0] == reverse("meetings:detail", args=[meeting.pk])
    assert region(planned, "when") == f"Monday 12 April 2027, 09:00{DASH}10:00"
    assert sorted(meeting.attendees.values_list("email", "required")) == [
        ("rik@veenendaal.nl", False),
        ("sanne@experts.example", True),
        ("wethouder@veenendaal.nl", True),
    ]
    assert "Waiting" in region(planned, "attendees")  # the invitations wait in the outbox


def test_nothing_fits_says_why_and_bad_input_keeps_what_was_typed(
    client, story, coordinator_weer_thuis
):
    request, lead = story
    client.force_login(coordinator_weer_thuis)
    lead.absences.create(start=dt.date(2027, 4, 12), end=dt.date(2027, 4, 16))
    form = {
        "people": [f"expert:{lead.pk}"],
        "kind": "intake",
        "title": "Intake",
        "duration": "60",
        "location": "Ede",
        "first_day": "2027-04-12",
        "last_day": "2027-04-16",
        "zoeken": "1",
    }
    none = client.get(reverse("meetings:plan", args=[request.pk]), form)
    assert "Sanne de Vries is absent 12 Apr to 16 Apr." in region(none, "no-slots")
    bad = client.get(
        reverse("meetings:plan", args=[request.pk]),
        {**form, "guests": "not-an-address", "last_day": "2027-04-01"},
    )
    assert bad.status_code == 400
    assert "not-an-address is not an e-mail address." in html(bad)
    assert 'value="Intake"' in html(bad)


def test_who_sees_and_who_changes_a_meeting(
    client, story, coordinator_weer_thuis, coordinator_woningbouw, requester, requester_ede
):
    meeting = plan(story, coordinator_weer_thuis)
    url = reverse("meetings:detail", args=[meeting.pk])
    client.force_login(requester)
    page = client.get(url)
    assert page.status_code == 200
    assert "Move or change the place" not in html(page)
    assert region(page, "my-answer") == "No answer yet"
    assert client.post(reverse("meetings:cancel", args=[meeting.pk])).status_code == 403
    client.force_login(requester_ede)  # neither lead nor partner of this request
    assert client.get(url).status_code == 404
    client.force_login(coordinator_woningbouw)
    assert client.get(url).status_code == 404
    client.force_login(coordinator_weer_thuis)
    moved = client.post(
        reverse("meetings:move", args=[meeting.pk]),
        {"day": "2027-10-26", "start": "14:30", "end": "15:30", "location": "Ede"},
        follow=True,
    )
    assert region(moved, "when") == f"Tuesday 26 October 2027, 14:30{DASH}15:30"
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.sequence) == (WINTER, 1)
    backwards = client.post(
        reverse("meetings:move", args=[meeting.pk]),
        {"day": "2027-10-26", "start": "15:30", "end": "14:30", "location": "Ede"},
    )
    assert backwards.status_code == 400
    assert "The meeting must end after it starts." in html(backwards)
    cancelled = client.post(
        reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Ziek"}, follow=True
    )
    assert "This meeting is cancelled." in region(cancelled, "cancelled")
    again = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": ""})
    assert again.status_code == 409  # an illegal state change, said in words
    assert "This meeting was cancelled." in html(again)
    assert meeting.ends_at == WINTER + HOUR


def test_an_expert_makes_a_feed_address_sees_it_once_and_subscribes(client, story):
    _, lead = story
    client.force_login(lead.user)
    made = client.post(
        reverse("meetings:create-feed"), {"scope": "expert", "include_absences": "on"}, follow=True
    )
    https = region(made, "new-feed")
    webcal_url = html(made).split('data-testid="feed-webcal"')[0].rsplit('value="', 1)[1]
    webcal_url = webcal_url.split('"')[0]
    assert webcal_url.startswith("webcal://testserver/agenda/")
    assert "only this once" in https
    feed_path = "/" + webcal_url.split("/", 3)[3]
    assert client.get(feed_path).status_code == 200
    again = client.get(reverse("meetings:subscriptions"))
    assert 'data-testid="new-feed"' not in html(again)  # never shown again
    assert "My meetings (with my absences)" in region(again, "feeds")


def test_nobody_makes_a_feed_for_someone_else(client, story, requester_ede, weer_thuis):
    request, _lead = story
    client.force_login(requester_ede)
    assert client.post(reverse("meetings:create-feed"), {"scope": "expert"}).status_code == 404
    refused = client.post(
        reverse("meetings:create-feed"), {"scope": "request", "request": request.pk}
    )
    assert refused.status_code == 404
    refused = client.post(reverse("meetings:create-feed"), {"scope": "team", "team": weer_thuis.pk})
    assert refused.status_code == 404
