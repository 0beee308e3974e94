"""Experts in the API: the coordinators' list, profiles, load, and the expert's own profile."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from core.workdays import local_date
from experts.models import Expert, Theme
from requests_app import capacity
from requests_app.services import assignments
from tests.factories import AbsenceFactory, accept_request, file_request, skilled_expert
from tests.requests_app.api_support import token_client

pytestmark = pytest.mark.django_db

EXPERTS = "/api/v1/experts/"


@pytest.fixture
def sanne(weer_thuis):
    return skilled_expert(
        teams=[weer_thuis],
        skills={"anders-wonen": 3, "businesscase": 1},
        user__first_name="Sanne",
        user__last_name="de Vries",
        user__email="s.devries@experts.nl",
        organisation_name="Adviesbureau Noord",
    )


@pytest.fixture
def bram(woningbouw):
    return skilled_expert(
        teams=[woningbouw],
        skills={"businesscase": 3},
        capacity="24",
        user__first_name="Bram",
        user__last_name="Aalders",
        user__email="bram@experts.nl",
    )


def _profile_url(expert: Expert, tail: str = "") -> str:
    return f"{EXPERTS}{expert.pk}/{tail}"


# --- the list ------------------------------------------------------------------------------------


def test_a_coordinator_lists_the_experts_of_their_team_with_capacity_and_skills(
    sanne, bram, weer_thuis, coordinator_weer_thuis
):
    anders_wonen = Theme.objects.get(slug="anders-wonen")
    businesscase = Theme.objects.get(slug="businesscase")

    response = token_client(coordinator_weer_thuis).get(EXPERTS)

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": sanne.pk,
            "name": "Sanne de Vries",
            "email": "s.devries@experts.nl",
            "teams": [
                {
                    "id": weer_thuis.pk,
                    "slug": "weer-thuis",
                    "name": weer_thuis.name,
                    "name_en": weer_thuis.name_en,
                }
            ],
            "weekly_capacity_hours": "16.00",
            "invitation_preference": "both",
            "organisation_name": "Adviesbureau Noord",
            "active": True,
            "skills": [
                {
                    "id": sanne.skills.get(theme=anders_wonen).pk,
                    "theme": {
                        "id": anders_wonen.pk,
                        "slug": "anders-wonen",
                        "name": "Anders Wonen / Skaeve Huse",
                        "name_en": "Alternative housing (Skaeve Huse)",
                    },
                    "level": 3,
                    "level_label": "Authority",
                },
                {
                    "id": sanne.skills.get(theme=businesscase).pk,
                    "theme": {
                        "id": businesscase.pk,
                        "slug": "businesscase",
                        "name": "Businesscase en financiering",
                        "name_en": "Business case and financing",
                    },
                    "level": 1,
                    "level_label": "Working knowledge",
                },
            ],
        }
    ]


def test_an_admin_lists_every_active_expert_and_filters_by_team_and_theme(
    sanne, bram, admin_user, woningbouw
):
    skilled_expert(teams=[woningbouw], skills={"businesscase": 2}, active=False)
    client = token_client(admin_user)

    def names(query: dict) -> list[str]:
        return [item["name"] for item in client.get(EXPERTS, query).json()["results"]]

    assert names({}) == ["Bram Aalders", "Sanne de Vries"]
    assert names({"team": "woningbouw"}) == ["Bram Aalders"]
    assert names({"theme": "businesscase"}) == ["Bram Aalders", "Sanne de Vries"]
    assert names({"theme": "anders-wonen"}) == ["Sanne de Vries"]
    assert names({"team": "woningbouw", "theme": "anders-wonen"}) == []


def test_an_unknown_team_or_theme_is_a_400(admin_user):
    response = token_client(admin_user).get(EXPERTS, {"team": "brandweer", "theme": "x\x00"})

    assert response.status_code == 400
    assert response.json() == {
        "team": ["Select a valid choice. That choice is not one of the available choices."],
        "theme": ["Select a valid choice. That choice is not one of the available choices."],
    }


def test_experts_and_requesters_may_not_list_experts(sanne, requester):
    for user in (sanne.user, requester):
        response = token_client(user).get(EXPERTS)

        assert response.status_code == 403
        assert response.json() == {"detail": "You do not have permission to perform this action."}


# --- one profile ---------------------------------------------------------------------------------


def test_who_may_see_a_profile(
    sanne,
    bram,
    coordinator_weer_thuis,
    coordinator_woningbouw,
    admin_user,
    requester,
):
    path = _profile_url(sanne)

    def status(user) -> int:
        return token_client(user).get(path).status_code

    assert status(sanne.user) == 200
    assert status(coordinator_weer_thuis) == 200
    assert status(admin_user) == 200
    assert status(coordinator_woningbouw) == 404  # not one of their team's experts
    assert status(bram.user) == 404  # another expert
    assert status(requester) == 404
    assert token_client(admin_user).get(f"{EXPERTS}999999/").status_code == 404


def test_a_profile_shows_absences_and_conflicts_of_interest(sanne, coordinator_weer_thuis, ede):
    today = local_date(timezone.now())
    AbsenceFactory(expert=sanne, start=today - dt.timedelta(days=30), end=today - dt.timedelta(1))
    coming = AbsenceFactory(
        expert=sanne, start=today + dt.timedelta(days=7), end=today + dt.timedelta(days=11)
    )
    conflict = sanne.conflicts_of_interest.create(organisation=ede, note="Oud-werkgever")

    body = token_client(coordinator_weer_thuis).get(_profile_url(sanne)).json()

    assert body["free_busy_url"] is None  # unset: null, as "" is no URI
    assert body["absences"] == [
        {
            "id": coming.pk,
            "start": coming.start.isoformat(),
            "end": coming.end.isoformat(),
            "reason": "",
        }
    ]
    assert body["conflicts_of_interest"] == [
        {
            "id": conflict.pk,
            "organisation": {
                "id": ede.pk,
                "kind": "municipality",
                "name": "Ede",
                "cbs_code": "GM0228",
            },
            "note": "Oud-werkgever",
            "declared_at": body["conflicts_of_interest"][0]["declared_at"],
        }
    ]


def test_the_expert_changes_their_own_profile(sanne):
    response = token_client(sanne.user).patch(
        _profile_url(sanne),
        {
            "weekly_capacity_hours": 7.25,
            "invitation_preference": "feed",
            "organisation_name": "  Eigen bureau  ",
            "free_busy_url": "https://agenda.example.nl/vrijbezet.ics",
        },
    )

    assert response.status_code == 200
    body = response.json()
    assert body["weekly_capacity_hours"] == "7.25"
    assert body["invitation_preference"] == "feed"
    assert body["organisation_name"] == "Eigen bureau"
    assert body["free_busy_url"] == "https://agenda.example.nl/vrijbezet.ics"
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == Decimal("7.25")
    assert sanne.invitation_preference == "feed"


def test_a_coordinator_of_the_team_changes_only_the_fields_given(sanne, coordinator_weer_thuis):
    response = token_client(coordinator_weer_thuis).patch(
        _profile_url(sanne), {"weekly_capacity_hours": "12,5"}
    )

    assert response.status_code == 200
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == Decimal("12.50")
    assert sanne.organisation_name == "Adviesbureau Noord"


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"weekly_capacity_hours": "7.3", "free_busy_url": "agenda.example.nl"},
            {
                "weekly_capacity_hours": ["Use whole, half or quarter hours, e.g. 7.25."],
                "free_busy_url": [
                    "Give a web address that starts with https:// or http://, or leave this empty."
                ],
            },
        ),
        (
            {"weekly_capacity_hours": 61},
            {"weekly_capacity_hours": ["Capacity must be between 0 and 60 hours per week."]},
        ),
        (
            {"weekly_capacity_hours": "veel"},
            {"weekly_capacity_hours": ["Give your capacity as a number of hours per week."]},
        ),
        (
            {"weekly_capacity_hours": True},
            {"weekly_capacity_hours": ["Not a valid string."]},
        ),
        (
            {"invitation_preference": "fax"},
            {"invitation_preference": ['"fax" is not a valid choice.']},
        ),
        (
            {"organisation_name": "x" * 201},
            {"organisation_name": ["Use at most 200 characters (you used 201)."]},
        ),
        ({"organisation_name": None}, {"organisation_name": ["This field may not be null."]}),
    ],
)
def test_bad_profile_input_is_a_400_and_changes_nothing(body, errors, sanne):
    response = token_client(sanne.user).patch(_profile_url(sanne), body, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    sanne.refresh_from_db()
    assert (sanne.weekly_capacity_hours, sanne.organisation_name) == (
        Decimal("16.00"),
        "Adviesbureau Noord",
    )


def test_outsiders_cannot_change_a_profile(sanne, bram, coordinator_woningbouw, requester):
    for user in (coordinator_woningbouw, bram.user, requester):
        response = token_client(user).patch(_profile_url(sanne), {"weekly_capacity_hours": "1"})

        assert response.status_code == 404
    assert token_client(sanne.user).put(_profile_url(sanne), {}).status_code == 405
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == Decimal("16.00")


# --- load ----------------------------------------------------------------------------------------


def test_the_load_shows_hours_committed_per_week_against_capacity(
    sanne, requester, weer_thuis, coordinator_weer_thuis
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        expert_id=sanne.pk,
        hours_budget=Decimal("36"),
    )
    monday = capacity.monday(local_date(timezone.now()))

    response = token_client(coordinator_weer_thuis).get(_profile_url(sanne, "load/"), {"weeks": 3})

    assert response.status_code == 200
    assert response.json() == {
        "expert": {"id": sanne.pk, "name": "Sanne de Vries"},
        "weekly_capacity_hours": "16.00",
        "active_assignments": 1,
        "weeks_over_capacity": 0,
        "weeks": [
            {
                "week": (monday + dt.timedelta(weeks=number)).isoformat(),
                "number": (monday + dt.timedelta(weeks=number)).isocalendar().week,
                "committed": "3.00",  # 36 h over the default 12 weeks
                "capacity": "16.00",
                "absent_days": 0,
                "available": "16.00",
                "free": "13.00",
                "over_capacity": False,
            }
            for number in range(3)
        ],
    }


def test_a_week_of_leave_has_no_free_hours_in_the_load_as_on_the_page(
    sanne, coordinator_weer_thuis, time_machine
):
    """The week of Monday 9 March 2026 is spent on leave: 16 h capacity, none available."""
    time_machine.move_to(dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC), tick=False)
    AbsenceFactory(expert=sanne, start=dt.date(2026, 3, 9), end=dt.date(2026, 3, 13))
    AbsenceFactory(expert=sanne, start=dt.date(2026, 3, 16), end=dt.date(2026, 3, 16))
    response = token_client(coordinator_weer_thuis).get(_profile_url(sanne, "load/"), {"weeks": 3})
    weeks = [
        (week["week"], week["absent_days"], week["available"], week["free"])
        for week in response.json()["weeks"]
    ]
    assert weeks == [
        ("2026-03-02", 0, "16.00", "16.00"),
        ("2026-03-09", 5, "0.00", "0.00"),
        ("2026-03-16", 1, "12.80", "12.80"),
    ]


def test_a_capacity_lowered_below_the_commitments_shows_weeks_over_capacity(
    sanne, requester, weer_thuis, coordinator_weer_thuis
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        expert_id=sanne.pk,
        hours_budget=Decimal("120"),  # 10 h a week for 12 weeks
    )
    client = token_client(sanne.user)
    client.patch(_profile_url(sanne), {"weekly_capacity_hours": "8"})

    body = client.get(_profile_url(sanne, "load/")).json()

    assert len(body["weeks"]) == 12
    assert body["weeks"][0]["committed"] == "10.00"
    assert body["weeks"][0]["free"] == "0.00"
    assert body["weeks"][0]["over_capacity"] is True
    assert body["weeks_over_capacity"] == 12


@pytest.mark.parametrize(
    ("weeks", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("27", "Ensure this value is less than or equal to 26."),
        ("many", "A valid integer is required."),
    ],
)
def test_a_bad_number_of_weeks_is_a_400(weeks, message, sanne):
    response = token_client(sanne.user).get(_profile_url(sanne, "load/"), {"weeks": weeks})

    assert response.status_code == 400
    assert response.json() == {"weeks": [message]}


def test_outsiders_do_not_see_the_load(sanne, bram, coordinator_woningbouw, requester, admin_user):
    for user in (coordinator_woningbouw, bram.user, requester):
        assert token_client(user).get(_profile_url(sanne, "load/")).status_code == 404
    assert token_client(admin_user).get(_profile_url(sanne, "load/")).status_code == 200


# --- me ------------------------------------------------------------------------------------------


def test_an_expert_reads_their_own_profile_at_me(sanne):
    response = token_client(sanne.user).get(f"{EXPERTS}me/")

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["name"]) == (sanne.pk, "Sanne de Vries")


def test_me_is_a_404_for_people_without_an_expert_profile(coordinator_weer_thuis, sanne):
    Expert.objects.filter(pk=sanne.pk).update(active=False)

    for user in (coordinator_weer_thuis, Expert.objects.get(pk=sanne.pk).user):
        response = token_client(user).get(f"{EXPERTS}me/")

        assert response.status_code == 404
        assert response.json() == {"detail": "You have no active expert profile."}
