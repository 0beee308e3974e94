"""Meetings through the API: the same services, rules and messages as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mail.models import OutboundMail
from meetings.models import Meeting
from tests.meetings.conftest import plan
from tests.requests_app.api_support import token_client

pytestmark = pytest.mark.django_db


def test_a_coordinator_finds_a_time_plans_moves_and_cancels_through_the_api(
    story, coordinator_weer_thuis
):
    request, lead = story
    api = token_client(coordinator_weer_thuis)
    found = api.post(
        "/api/v1/meetings/slots/",
        {
            "request": request.pk,
            "attendees": [{"expert": lead.pk}, {"email": "gast@ede.nl", "required": False}],
            "first_day": "2027-04-12",
            "last_day": "2027-04-12",
            "duration_minutes": 60,
        },
        format="json",
    )
    assert found.status_code == 200
    first = found.json()["slots"][0]
    assert first["start"] == "2027-04-12T09:00:00+02:00"
    planned = api.post(
        "/api/v1/meetings/",
        {
            "request": request.pk,
            "title": "Intake",
            "start": first["start"],
            "end": first["end"],
            "location": "Veenendaal",
            "attendees": [{"expert": lead.pk}, {"email": "gast@ede.nl", "name": "Gast"}],
        },
        format="json",
    )
    assert planned.status_code == 201
    body = planned.json()
    assert [(a["email"], a["answer"]) for a in body["attendees"]] == [
        ("sanne@experts.example", "NEEDS-ACTION"),
        ("gast@ede.nl", "NEEDS-ACTION"),
    ]
    assert OutboundMail.objects.filter(calendar_method="REQUEST").count() == 2
    moved = api.post(
        f"/api/v1/meetings/{body['id']}/move/",
        {"start": "2027-04-13T10:00:00+02:00", "end": "2027-04-13T09:00:00+02:00"},
        format="json",
    )
    assert moved.status_code == 400
    assert moved.json() == {"end": ["The meeting must end after it starts."]}
    cancelled = api.post(f"/api/v1/meetings/{body['id']}/cancel/", {}, format="json")
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    again = api.post(f"/api/v1/meetings/{body['id']}/cancel/", {}, format="json")
    assert again.status_code == 409
    assert again.json()["detail"] == "This meeting was cancelled."


def test_an_invited_expert_answers_and_the_list_costs_the_same_at_any_size(
    story, coordinator_weer_thuis
):
    _, lead = story
    meeting = plan(story, coordinator_weer_thuis)
    api = token_client(lead.user)
    answered = api.post(
        f"/api/v1/meetings/{meeting.pk}/answer/", {"answer": "TENTATIVE"}, format="json"
    )
    assert answered.status_code == 200
    mine = next(a for a in answered.json()["attendees"] if a["email"] == lead.user.email)
    assert (mine["answer"], mine["answered_via"]) == ("TENTATIVE", "link")
    with CaptureQueriesContext(connection) as one:
        assert len(api.get("/api/v1/meetings/").json()["results"]) == 1
    for _ in range(4):
        plan(story, coordinator_weer_thuis)
    with CaptureQueriesContext(connection) as five:
        assert len(api.get("/api/v1/meetings/").json()["results"]) == 5
    assert len(five) == len(one)
    assert Meeting.objects.count() == 5
