"""The batch plan in the API: compute a plan, apply (part of) it, and never more than once."""

from __future__ import annotations

import pytest

from experts.models import Theme
from requests_app.models import Assignment
from tests.factories import accept_request, file_request
from tests.requests_app.api_support import token_client

pytestmark = pytest.mark.django_db

COMPUTE = "/api/v1/plan/compute/"
APPLY = "/api/v1/plan/apply/"


def _accepted(requester, team, coordinator, **fields):
    return accept_request(file_request(requester=requester, team=team, **fields), coordinator)


@pytest.fixture
def weer_thuis_requests(requester, weer_thuis, coordinator_weer_thuis):
    return [
        _accepted(requester, weer_thuis, coordinator_weer_thuis, title=f"Vraag {number}")
        for number in range(2)
    ]


def _pairs(*pairs) -> dict:
    return {"pairs": [{"request": request, "expert": expert} for request, expert in pairs]}


def test_a_coordinator_computes_a_plan_for_the_requests_of_their_team(
    weer_thuis_requests,
    sanne,
    joost,
    requester,
    woningbouw,
    coordinator_weer_thuis,
    coordinator_woningbouw,
):
    _accepted(requester, woningbouw, coordinator_woningbouw, title="Van een ander team")
    first, second = weer_thuis_requests
    theme = Theme.objects.get(slug="anders-wonen")

    response = token_client(coordinator_weer_thuis).post(COMPUTE)

    assert response.status_code == 200
    # Sanne has room for both and scores higher on each: the best total takes her twice.
    assert response.json() == {
        "items": [
            {
                "request": {
                    "id": request.pk,
                    "reference": request.reference,
                    "title": request.title,
                    "status": "accepted",
                },
                "expert": {"id": sanne.pk, "name": "Sanne de Vries"},
                "score": 85.0,
                "reasons": [
                    {
                        "code": "coverage",
                        "covered": 1,
                        "of": 1,
                        "themes": [theme.pk],
                        "levels": [3],
                    },
                    {"code": "free", "hours": 16.0},
                    {
                        "code": "score",
                        "total": 85.0,
                        "skills": 60.0,
                        "capacity": 25.0,
                        "continuity": 0.0,
                    },
                ],
                "reason_texts": [
                    "covers 1 of 1 theme: Alternative housing (Skaeve Huse) at level 3 of 3 "
                    "(authority)",
                    "16 h/week free",
                    "score 85: 60 for skill level, 25 for free hours, 0 for earlier work with "
                    "these organisations",
                ],
                "unplanned_reason": "",
                # the default 40 h over the default 12 weeks, rounded up
                "hours_budget": "40.00",
                "hours_per_week": "3.34",
            }
            for request in (first, second)
        ],
        "total_score": 170.0,
        "pairs": [
            {"request": first.pk, "expert": sanne.pk},
            {"request": second.pk, "expert": sanne.pk},
        ],
    }
    assert Assignment.objects.count() == 0  # computing writes nothing


def test_a_request_nobody_fits_stays_open_and_says_why(
    requester, weer_thuis, sanne, coordinator_weer_thuis
):
    request = _accepted(
        requester,
        weer_thuis,
        coordinator_weer_thuis,
        themes=[Theme.objects.get(slug="uitstroom")],
    )

    items = token_client(coordinator_weer_thuis).post(COMPUTE).json()["items"]

    assert items == [
        {
            "request": {
                "id": request.pk,
                "reference": request.reference,
                "title": request.title,
                "status": "accepted",
            },
            "expert": None,
            "score": None,
            "reasons": [],
            "reason_texts": [],
            "unplanned_reason": "No active expert has any of the requested themes.",
            "hours_budget": None,
            "hours_per_week": None,
        }
    ]


def test_an_admin_plans_every_team_and_an_applied_plan_leaves_nothing_to_plan(
    weer_thuis_requests, requester, woningbouw, coordinator_woningbouw, admin_user, sanne
):
    other = _accepted(requester, woningbouw, coordinator_woningbouw)

    plan = token_client(admin_user).post(COMPUTE).json()
    for_woningbouw = token_client(coordinator_woningbouw).post(COMPUTE).json()
    applied = token_client(admin_user).post(APPLY, {"pairs": plan["pairs"]})

    assert [item["request"]["id"] for item in plan["items"]] == [
        *(request.pk for request in weer_thuis_requests),
        other.pk,
    ]
    assert [item["request"]["id"] for item in for_woningbouw["items"]] == [other.pk]
    # Anders Wonen is Weer Thuis business: Sanne may help Woningbouw with it, and says so.
    assert for_woningbouw["items"][0]["reason_texts"][-2] == "from team Weer Thuis"
    assert applied.status_code == 200
    assert len(applied.json()["assigned"]) == 3
    assert token_client(admin_user).post(COMPUTE).json() == {
        "items": [],
        "total_score": 0.0,
        "pairs": [],
    }


def test_compute_then_apply_assigns_leads_and_applying_twice_assigns_nothing_twice(
    weer_thuis_requests, sanne, joost, coordinator_weer_thuis
):
    client = token_client(coordinator_weer_thuis)
    plan = client.post(COMPUTE).json()

    applied = client.post(APPLY, {"pairs": plan["pairs"]})
    again = client.post(APPLY, {"pairs": plan["pairs"]})

    assert applied.status_code == 200
    assert [
        (item["request"]["id"], item["expert"]["id"], item["role"], item["status"])
        for item in applied.json()["assigned"]
    ] == [(request.pk, sanne.pk, "lead", "proposed") for request in weer_thuis_requests]
    assert applied.json()["assigned"][0]["internal"]["hours_budget"] == "40.00"
    assert applied.json()["skipped"] == []
    assert again.status_code == 200
    assert again.json() == {
        "assigned": [],
        "skipped": [
            {
                "request": request.pk,
                "reference": request.reference,
                "expert": sanne.pk,
                "reason": "Sanne de Vries is already on this request.",
            }
            for request in weer_thuis_requests
        ],
    }
    assert Assignment.objects.count() == 2
    assert client.post(COMPUTE).json()["items"] == []


def test_pairs_that_no_longer_fit_are_skipped_with_the_reason(
    requester, weer_thuis, joost, sanne, coordinator_weer_thuis
):
    requests = [_accepted(requester, weer_thuis, coordinator_weer_thuis) for _ in range(3)]
    client = token_client(coordinator_weer_thuis)
    client.post(APPLY, _pairs((requests[0].pk, sanne.pk)))

    response = client.post(
        APPLY,
        _pairs(
            (requests[0].pk, joost.pk),  # Sanne leads it already
            (requests[1].pk, joost.pk),
            (requests[2].pk, joost.pk),
        ),
    )

    assert [item["request"]["id"] for item in response.json()["assigned"]] == [
        requests[1].pk,
        requests[2].pk,
    ]
    assert response.json()["skipped"] == [
        {
            "request": requests[0].pk,
            "reference": requests[0].reference,
            "expert": joost.pk,
            "reason": "This request already has a lead expert.",
        },
    ]
    # 40 h over 12 weeks is 3.34 h a week: two fit in Joost's 8 hours, a third does not.
    fourth = _accepted(requester, weer_thuis, coordinator_weer_thuis)
    full = client.post(APPLY, _pairs((fourth.pk, joost.pk)))
    assert full.json() == {
        "assigned": [],
        "skipped": [
            {
                "request": fourth.pk,
                "reference": fourth.reference,
                "expert": joost.pk,
                "reason": "Joost Bakker has 1.32 hours per week free in this period; this "
                "assignment needs 3.34.",
            }
        ],
    }
    assert Assignment.objects.filter(expert=joost).count() == 2


def test_tampered_pairs_are_skipped_never_a_500(
    weer_thuis_requests,
    sanne,
    requester,
    weer_thuis,
    woningbouw,
    coordinator_weer_thuis,
    coordinator_woningbouw,
):
    others = _accepted(requester, woningbouw, coordinator_woningbouw)
    submitted = file_request(requester=requester, team=weer_thuis)
    ok = weer_thuis_requests[0]

    response = token_client(coordinator_weer_thuis).post(
        APPLY,
        _pairs(
            (others.pk, sanne.pk),
            (999999, sanne.pk),
            (10**30, sanne.pk),
            (ok.pk, 999999),
            (ok.pk, 10**30),
            (submitted.pk, sanne.pk),
            (ok.pk, sanne.pk),
        ),
    )

    assert response.status_code == 200
    assert [item["request"]["id"] for item in response.json()["assigned"]] == [ok.pk]
    not_yours = "Not a request of your teams, or it no longer exists."
    assert response.json()["skipped"] == [
        {"request": others.pk, "reference": None, "expert": sanne.pk, "reason": not_yours},
        {"request": 999999, "reference": None, "expert": sanne.pk, "reason": not_yours},
        {"request": 10**30, "reference": None, "expert": sanne.pk, "reason": not_yours},
        {
            "request": ok.pk,
            "reference": ok.reference,
            "expert": 999999,
            "reason": "There is no such expert.",
        },
        {
            "request": ok.pk,
            "reference": ok.reference,
            "expert": 10**30,
            "reason": "There is no such expert.",
        },
        {
            "request": submitted.pk,
            "reference": submitted.reference,
            "expert": sanne.pk,
            "reason": "Experts can be assigned once the request is accepted.",
        },
    ]
    assert list(Assignment.objects.values_list("request_id", flat=True)) == [ok.pk]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"pairs": ["This field is required."]}),
        ({"pairs": []}, {"pairs": {"non_field_errors": ["This list may not be empty."]}}),
        (
            {"pairs": [{"request": "x"}, {"request": 1, "expert": 0}]},
            {
                "pairs": {
                    "0": {
                        "request": ["A valid integer is required."],
                        "expert": ["This field is required."],
                    },
                    "1": {"expert": ["Ensure this value is greater than or equal to 1."]},
                }
            },
        ),
        (
            {"pairs": [{"request": 1, "expert": 1}] * 1001},
            {"pairs": {"non_field_errors": ["Ensure this field has no more than 1000 elements."]}},
        ),
        (
            {"pairs": "1:2"},
            {
                "pairs": {
                    "non_field_errors": ['Expected a list of items but got type "str".'],
                }
            },
        ),
    ],
)
def test_bad_apply_input_is_a_400(body, errors, coordinator_weer_thuis):
    response = token_client(coordinator_weer_thuis).post(APPLY, body, format="json")

    assert response.status_code == 400
    assert response.json() == errors


def test_only_coordinators_and_admins_plan(weer_thuis_requests, sanne, requester):
    for user in (sanne.user, requester):
        client = token_client(user)

        computed = client.post(COMPUTE)
        applied = client.post(APPLY, {"pairs": "not even pairs"}, format="json")

        assert computed.status_code == 403
        assert applied.status_code == 403
        assert applied.json() == {"detail": "You do not have permission to perform this action."}
    assert Assignment.objects.count() == 0
