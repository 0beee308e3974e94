"""The figures in the API: the same numbers as the pages, the same rules, documented."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = "team=weer-thuis&start=2026-01-01&end=2026-12-31"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.cookies["django_language"] = "en"
    return client


def test_the_dashboard_in_the_api(known, coordinator_weer_thuis):
    response = api(coordinator_weer_thuis).get(f"/api/v1/reports/dashboard/?{YEAR}")
    assert response.status_code == 200
    data = response.json()
    assert data["scope"] == {
        "team_ids": [coordinator_weer_thuis.coordinated_teams.get().pk],
        "start": "2026-01-01",
        "end": "2026-12-31",
    }
    assert data["timing"]["lead_times"][0] == {
        "key": "triaged",
        "label": "Submitted → triaged (first answer)",
        "count": 3,
        "median_days": "2.00",
        "p90_days": "3.60",
    }
    assert data["timing"]["compliance"] == {
        "on_time": 2,
        "late": 1,
        "waiting_late": 1,
        "percentage": "50.00",
    }
    assert data["money"] == {
        "committed_programme": "2200.00",
        "committed_requester": "1800.00",
        "spent_programme": "475.00",
        "spent_requester": "75.00",
        "hours": "6.75",
    }
    assert data["satisfaction"]["average"] == "3.00"
    assert data["demand"]["regional_percentage"] == "40.00"


def test_bad_parameters_are_field_errors(known, coordinator_weer_thuis):
    response = api(coordinator_weer_thuis).get("/api/v1/reports/dashboard/?end=2026-02-30")
    assert response.status_code == 400
    assert list(response.json()) == ["end"]


def test_organisation_and_expert_figures_in_the_api(known, requester, veenendaal, ede):
    years = api(requester).get(f"/api/v1/reports/organisations/{veenendaal.pk}/").json()["years"]
    assert years[1] == {
        "year": 2026,
        "led": 3,
        "partnered": 1,
        "hours": "6.75",
        "requester_part": "75.00",
        "programme_part": "475.00",
    }
    assert api(requester).get(f"/api/v1/reports/organisations/{ede.pk}/").status_code == 403
    own = api(known.sanne.user).get("/api/v1/reports/expert/").json()
    assert own["expert"] == known.sanne.pk
    assert own["average_score"] == "4.00"
    assert [s["reference"] for s in own["scores"]] == ["2026-R1"]
    assert api(requester).get("/api/v1/reports/expert/").status_code == 403
