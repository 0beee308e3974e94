"""Co-financing through the API: amounts as strings to the cent, the pages' rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import skilled_expert
from tests.requests_app.api_support import token_client

pytestmark = pytest.mark.django_db


def test_offer_amend_answer_log_and_read_the_ledger(funded, requester, coordinator_weer_thuis):
    request, lead, assignment = funded
    expert_api = token_client(lead.user)
    for days in range(1, 6):
        logged = expert_api.post(
            "/api/v1/time-entries/",
            {
                "assignment": assignment.pk,
                "day": str(timezone.localdate() - dt.timedelta(days=days)),
                "hours": "8",
                "description": "Businesscase",
            },
            format="json",
        )
        assert logged.status_code == 201
    ahead = expert_api.post(
        "/api/v1/time-entries/",
        {
            "assignment": assignment.pk,
            "day": str(timezone.localdate() + dt.timedelta(days=1)),
            "hours": "1",
            "description": "x",
        },
        format="json",
    )
    assert ahead.status_code == 400
    assert ahead.json() == {"day": ["Time is logged for today or earlier, not ahead."]}
    assert len(expert_api.get("/api/v1/time-entries/").json()["results"]) == 5

    ledger = token_client(requester).get(f"/api/v1/requests/{request.pk}/cofinancing/").json()
    assert {
        key: ledger[key] for key in ("hours_used", "cost", "programme_part", "requester_part")
    } == {
        "hours_used": "40.00",
        "cost": "5600.00",
        "programme_part": "4480.00",
        "requester_part": "1120.00",
    }
    coordinator = token_client(coordinator_weer_thuis)
    without_reason = coordinator.post(
        f"/api/v1/requests/{request.pk}/cofinancing/offer/",
        {"hours": "100", "hourly_rate": "140", "programme_hours": "24", "requester_share": "0.5"},
        format="json",
    )
    assert without_reason.status_code == 400
    assert without_reason.json() == {"reason": ["Say why the agreement changes."]}
    amended = coordinator.post(
        f"/api/v1/requests/{request.pk}/cofinancing/offer/",
        {
            "hours": "100",
            "hourly_rate": "140",
            "programme_hours": "24",
            "requester_share": "0.5",
            "reason": "Extra sessie",
        },
        format="json",
    )
    assert (amended.json()["status"], amended.json()["version_in_force"]) == ("offered", 1)
    accepted = token_client(requester).post(
        f"/api/v1/requests/{request.pk}/cofinancing/answer/", {"accept": True}, format="json"
    )
    assert (accepted.json()["status"], accepted.json()["version_in_force"]) == ("accepted", 2)
    assert [v["hours"] for v in accepted.json()["versions"]] == ["80.00", "100.00"]


def test_experts_see_only_their_own_entries(funded, weer_thuis):
    _, lead, assignment = funded
    other = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 1})
    token_client(lead.user).post(
        "/api/v1/time-entries/",
        {
            "assignment": assignment.pk,
            "day": str(timezone.localdate() - dt.timedelta(days=1)),
            "hours": "2",
            "description": "x",
        },
        format="json",
    )
    assert token_client(other.user).get("/api/v1/time-entries/").json()["results"] == []
    refused = token_client(other.user).post(
        "/api/v1/time-entries/",
        {
            "assignment": assignment.pk,
            "day": str(timezone.localdate() - dt.timedelta(days=1)),
            "hours": "2",
            "description": "x",
        },
        format="json",
    )
    assert refused.status_code == 403
