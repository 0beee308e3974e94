"""Triage in the API: ranked suggestions, a request's assignments, and answering them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings

from experts.models import Theme
from requests_app.models import Assignment
from requests_app.services import assignments, lifecycle
from tests.factories import accept_request, file_request, skilled_expert
from tests.requests_app.api_support import session_client, token_client, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(requester, weer_thuis, coordinator_weer_thuis):
    return accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )


def _assign(request, expert, coordinator, **fields):
    return assignments.assign_expert(
        actor=coordinator, request_id=request.pk, expert_id=expert.pk, **fields
    )


# --- suggestions ---------------------------------------------------------------------------------


def test_suggestions_come_ranked_with_reasons_as_data_and_as_words(
    accepted, sanne, joost, weer_thuis, coordinator_weer_thuis
):
    theme = Theme.objects.get(slug="anders-wonen")

    response = token_client(coordinator_weer_thuis).get(url(f"{accepted.pk}/suggestions/"))

    assert response.status_code == 200
    assert response.json() == [
        {
            "expert": {"id": sanne.pk, "name": "Sanne de Vries"},
            "teams": [
                {
                    "id": weer_thuis.pk,
                    "slug": "weer-thuis",
                    "name": weer_thuis.name,
                    "name_en": weer_thuis.name_en,
                }
            ],
            "score": 85.0,
            "reasons": [
                {"code": "coverage", "covered": 1, "of": 1, "themes": [theme.pk], "levels": [3]},
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
        },
        {
            "expert": {"id": joost.pk, "name": "Joost Bakker"},
            "teams": [
                {
                    "id": weer_thuis.pk,
                    "slug": "weer-thuis",
                    "name": weer_thuis.name,
                    "name_en": weer_thuis.name_en,
                }
            ],
            "score": 65.0,  # 0.6 * 2/3 + 0.25 * 1
            "reasons": [
                {"code": "coverage", "covered": 1, "of": 1, "themes": [theme.pk], "levels": [2]},
                {"code": "free", "hours": 8.0},
                {
                    "code": "score",
                    "total": 65.0,
                    "skills": 40.0,
                    "capacity": 25.0,
                    "continuity": 0.0,
                },
            ],
            "reason_texts": [
                "covers 1 of 1 theme: Alternative housing (Skaeve Huse) at level 2 of 3 "
                "(experienced)",
                "8 h/week free",
                "score 65: 40 for skill level, 25 for free hours, 0 for earlier work with "
                "these organisations",
            ],
        },
    ]


def test_suggestions_speak_the_language_the_client_chose(accepted, sanne, coordinator_weer_thuis):
    client = token_client(coordinator_weer_thuis)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    response = client.get(url(f"{accepted.pk}/suggestions/"))

    assert response.json()[0]["reason_texts"] == [
        "dekt 1 van 1 thema: Anders Wonen / Skaeve Huse op niveau 3 van 3 (autoriteit)",
        "16 u/week vrij",
        "score 85: 60 voor vakniveau, 25 voor vrije uren, 0 voor eerder werk met deze organisaties",
    ]


def test_suggestions_leave_out_experts_already_on_the_request_and_obey_the_limit(
    accepted, sanne, joost, coordinator_weer_thuis
):
    client = token_client(coordinator_weer_thuis)

    first = client.get(url(f"{accepted.pk}/suggestions/"), {"limit": 1})
    _assign(accepted, sanne, coordinator_weer_thuis)
    after = client.get(url(f"{accepted.pk}/suggestions/"))

    assert [item["expert"]["id"] for item in first.json()] == [sanne.pk]
    assert [item["expert"]["id"] for item in after.json()] == [joost.pk]


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("51", "Ensure this value is less than or equal to 50."),
        ("ten", "A valid integer is required."),
        ("1.5", "A valid integer is required."),
    ],
)
def test_a_bad_limit_is_a_400(limit, message, accepted, coordinator_weer_thuis):
    response = token_client(coordinator_weer_thuis).get(
        url(f"{accepted.pk}/suggestions/"), {"limit": limit}
    )

    assert response.status_code == 400
    assert response.json() == {"limit": [message]}


def test_suggestions_for_a_finished_request_are_a_409(
    requester, weer_thuis, coordinator_weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(
        actor=coordinator_weer_thuis, request_id=request.pk, action="decline", note="Past niet."
    )

    response = token_client(coordinator_weer_thuis).get(url(f"{request.pk}/suggestions/"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A request that is “Declined” takes no more experts.",
        "status": "declined",
    }


def test_suggestions_help_while_triaging_too(requester, sanne, coordinator_weer_thuis):
    undecided = file_request(requester=requester, team=None)

    response = token_client(coordinator_weer_thuis).get(url(f"{undecided.pk}/suggestions/"))

    assert response.status_code == 200
    assert [item["expert"]["id"] for item in response.json()] == [sanne.pk]


def test_who_may_see_suggestions(
    accepted,
    sanne,
    requester,
    requester_ede,
    coordinator_weer_thuis,
    coordinator_woningbouw,
    admin_user,
    expert,
):
    on_request = skilled_expert(teams=[accepted.team], skills={"anders-wonen": 1})
    _assign(accepted, on_request, coordinator_weer_thuis)
    path = url(f"{accepted.pk}/suggestions/")

    def status(user) -> int:
        return token_client(user).get(path).status_code

    assert status(coordinator_weer_thuis) == 200
    assert status(admin_user) == 200
    assert status(requester) == 403  # sees the request, not its matching
    assert status(on_request.user) == 403  # the assigned expert sees internals, not suggestions
    assert status(coordinator_woningbouw) == 404
    assert status(requester_ede) == 404
    assert status(expert) == 404  # an expert not on the request


# --- a request's assignments ---------------------------------------------------------------------


def test_a_coordinator_proposes_an_expert_and_the_expert_is_told(
    accepted, sanne, coordinator_weer_thuis
):
    response = token_client(coordinator_weer_thuis).post(
        url(f"{accepted.pk}/assignments/"),
        {"expert": sanne.pk, "role": "lead", "hours_budget": "36", "note": "Begin met de intake."},
    )

    assert response.status_code == 201
    body = response.json()
    assignment = Assignment.objects.get()
    assert body["id"] == assignment.pk
    assert body["request"] == {
        "id": accepted.pk,
        "reference": accepted.reference,
        "title": "Anders Wonen in de regio",
        "status": "accepted",
        "lead_organisation": {
            "id": accepted.lead_organisation_id,
            "kind": "municipality",
            "name": "Veenendaal",
            "cbs_code": "GM0345",
        },
    }
    assert body["expert"] == {"id": sanne.pk, "name": "Sanne de Vries"}
    assert (body["role"], body["role_label"], body["status"], body["status_label"]) == (
        "lead",
        "Lead expert",
        "proposed",
        "Proposed",
    )
    assert body["actions"] == ["release", "hours"]
    internal = body["internal"]
    assert internal["hours_budget"] == "36.00"
    assert internal["hours_per_week"] == "3.00"  # 36 h over the default 12 weeks
    assert internal["match_score"] == "85.000"
    assert internal["match_reason_texts"] == [
        "covers 1 of 1 theme: Alternative housing (Skaeve Huse) at level 3 of 3 (authority)",
        "16 h/week free",
        "score 85: 60 for skill level, 25 for free hours, 0 for earlier work with these "
        "organisations",
    ]
    assert internal["assigned_by"] == {
        "id": coordinator_weer_thuis.pk,
        "name": coordinator_weer_thuis.get_full_name(),
    }
    event = accepted.events.get(action="request.expert_assigned")
    assert (event.note, event.internal_note) == ("", "Begin met de intake.")
    assert event.data["role"] == "lead"


def test_without_a_budget_the_default_budget_and_role_apply(
    accepted, sanne, coordinator_weer_thuis
):
    response = token_client(coordinator_weer_thuis).post(
        url(f"{accepted.pk}/assignments/"), {"expert": sanne.pk}
    )

    assert response.status_code == 201
    assert response.json()["role"] == "member"
    assert response.json()["internal"]["hours_budget"] == "40.00"


def test_assigning_beyond_capacity_is_a_409_and_nothing_is_saved(
    requester, weer_thuis, coordinator_weer_thuis, joost
):
    requests = [
        accept_request(file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis)
        for _ in range(3)
    ]
    for request in requests[:2]:  # 48 h over 12 weeks: 4 of Joost's 8 hours a week each
        _assign(request, joost, coordinator_weer_thuis, hours_budget=Decimal("48"))

    response = token_client(coordinator_weer_thuis).post(
        url(f"{requests[2].pk}/assignments/"), {"expert": joost.pk, "hours_budget": "12"}
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Joost Bakker has 0.00 hours per week free in this period; this assignment "
        "needs 1.00.",
        "status": "accepted",
    }
    assert Assignment.objects.filter(request=requests[2]).count() == 0


def test_a_second_lead_is_a_409(accepted, sanne, joost, coordinator_weer_thuis):
    client = token_client(coordinator_weer_thuis)
    first = client.post(url(f"{accepted.pk}/assignments/"), {"expert": sanne.pk, "role": "lead"})

    second = client.post(url(f"{accepted.pk}/assignments/"), {"expert": joost.pk, "role": "lead"})
    as_member = client.post(
        url(f"{accepted.pk}/assignments/"), {"expert": joost.pk, "role": "member"}
    )

    assert first.status_code == 201
    assert second.status_code == 409
    assert second.json() == {
        "detail": "This request already has a lead expert.",
        "status": "accepted",
    }
    assert as_member.status_code == 201


def test_the_same_expert_twice_is_a_409(accepted, sanne, coordinator_weer_thuis):
    client = token_client(coordinator_weer_thuis)
    client.post(url(f"{accepted.pk}/assignments/"), {"expert": sanne.pk})

    again = client.post(url(f"{accepted.pk}/assignments/"), {"expert": sanne.pk})

    assert again.status_code == 409
    assert again.json() == {
        "detail": "Sanne de Vries is already on this request.",
        "status": "accepted",
    }


def test_assigning_before_the_request_is_accepted_is_a_409(
    requester, weer_thuis, sanne, coordinator_weer_thuis
):
    submitted = file_request(requester=requester, team=weer_thuis)

    response = token_client(coordinator_weer_thuis).post(
        url(f"{submitted.pk}/assignments/"), {"expert": sanne.pk}
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Experts can be assigned once the request is accepted.",
        "status": "submitted",
    }


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, {"expert": ["This field is required."]}),
        (
            {"expert": "sanne", "role": "boss", "hours_budget": "veel"},
            {
                "expert": ["A valid integer is required."],
                "role": ['"boss" is not a valid choice.'],
                "hours_budget": ["A valid number is required."],
            },
        ),
        ({"expert": 0}, {"expert": ["Ensure this value is greater than or equal to 1."]}),
        ({"expert": 999999}, {"expert": ["Unknown expert."]}),
        (
            {"expert": "{sanne}", "hours_budget": "0"},
            {"hours_budget": ["Give the expert a budget of more than 0 hours."]},
        ),
        (
            {"expert": "{sanne}", "hours_budget": "1234567"},
            {"hours_budget": ["Ensure that there are no more than 6 digits in total."]},
        ),
    ],
)
def test_bad_assignment_input_is_a_400_with_field_messages(
    body, errors, accepted, sanne, coordinator_weer_thuis
):
    body = {key: sanne.pk if value == "{sanne}" else value for key, value in body.items()}

    response = token_client(coordinator_weer_thuis).post(url(f"{accepted.pk}/assignments/"), body)

    assert response.status_code == 400
    assert response.json() == errors
    assert Assignment.objects.count() == 0


def test_who_may_assign(
    accepted, sanne, requester, requester_ede, coordinator_woningbouw, admin_user, expert
):
    on_request = skilled_expert(teams=[accepted.team], skills={"anders-wonen": 1})
    admin_response = token_client(admin_user).post(
        url(f"{accepted.pk}/assignments/"), {"expert": on_request.pk}
    )
    path = url(f"{accepted.pk}/assignments/")

    def status(user) -> int:
        # Bad input too: who may not assign hears that first.
        return token_client(user).post(path, {"expert": "x"}).status_code

    assert admin_response.status_code == 201
    assert status(requester) == 403
    assert status(on_request.user) == 403
    assert status(coordinator_woningbouw) == 404
    assert status(requester_ede) == 404
    assert status(expert) == 404
    assert Assignment.objects.count() == 1


def test_requesters_see_only_accepted_assignments_and_no_internals(
    accepted, sanne, joost, requester, coordinator_weer_thuis
):
    lead = _assign(accepted, sanne, coordinator_weer_thuis, role="lead")
    _assign(accepted, joost, coordinator_weer_thuis)
    assignments.accept_assignment(actor=sanne.user, assignment_id=lead.pk)
    path = url(f"{accepted.pk}/assignments/")

    as_requester = token_client(requester).get(path).json()
    as_coordinator = token_client(coordinator_weer_thuis).get(path).json()
    as_joost = token_client(joost.user).get(path).json()

    assert [(item["expert"]["name"], item["status"]) for item in as_requester] == [
        ("Sanne de Vries", "accepted")
    ]
    assert as_requester[0]["internal"] is None
    assert as_requester[0]["actions"] == []
    assert [(item["expert"]["name"], item["status"]) for item in as_coordinator] == [
        ("Sanne de Vries", "accepted"),
        ("Joost Bakker", "proposed"),
    ]
    assert [item["internal"]["match_score"] for item in as_coordinator] == ["85.000", "65.000"]
    # An assigned expert sees the internals of the request, and may answer only their own.
    assert [item["internal"] is not None for item in as_joost] == [True, True]
    assert [item["actions"] for item in as_joost] == [[], ["accept", "decline"]]


def test_outsiders_do_not_see_a_requests_assignments(
    accepted, sanne, requester_ede, coordinator_woningbouw, expert, coordinator_weer_thuis
):
    _assign(accepted, sanne, coordinator_weer_thuis)
    path = url(f"{accepted.pk}/assignments/")

    for user in (requester_ede, coordinator_woningbouw, expert):
        assert token_client(user).get(path).status_code == 404


# --- answering an assignment -----------------------------------------------------------------


def _assignment_url(assignment, action: str = "") -> str:
    return f"/api/v1/assignments/{assignment.pk}/" + (f"{action}/" if action else "")


def test_the_expert_accepts_and_accepting_twice_is_a_409(accepted, sanne, coordinator_weer_thuis):
    assignment = _assign(accepted, sanne, coordinator_weer_thuis)
    client = token_client(sanne.user)

    first = client.post(_assignment_url(assignment, "accept"))
    second = client.post(_assignment_url(assignment, "accept"))

    assert first.status_code == 200
    assert (first.json()["status"], first.json()["actions"]) == ("accepted", [])
    assert second.status_code == 409
    assert second.json() == {
        "detail": "This assignment was already answered (Accepted).",
        "status": "accepted",
    }
    assert accepted.events.filter(action="request.expert_accepted").count() == 1


def test_declining_needs_a_reason_and_frees_the_hours(accepted, sanne, coordinator_weer_thuis):
    assignment = _assign(accepted, sanne, coordinator_weer_thuis)
    client = token_client(sanne.user)

    without = client.post(_assignment_url(assignment, "decline"), {"reason": "  "})
    declined = client.post(
        _assignment_url(assignment, "decline"), {"reason": "Ik ben die weken op vakantie."}
    )

    assert without.status_code == 400
    assert without.json() == {"reason": ["Tell the coordinator why you decline."]}
    assert declined.status_code == 200
    assert declined.json()["status"] == "declined"
    assert declined.json()["internal"]["decline_reason"] == "Ik ben die weken op vakantie."
    assert accepted.events.get(action="request.expert_declined").internal_note == (
        "Ik ben die weken op vakantie."
    )


def test_only_the_assigned_expert_answers(
    accepted, sanne, joost, requester, coordinator_weer_thuis, admin_user
):
    assignment = _assign(accepted, sanne, coordinator_weer_thuis)

    def status(user, action: str) -> int:
        return token_client(user).post(_assignment_url(assignment, action), {}).status_code

    assert status(coordinator_weer_thuis, "accept") == 403
    # No reason given: who may not answer hears that first.
    assert status(coordinator_weer_thuis, "decline") == 403
    assert status(requester, "accept") == 404  # a proposed assignment is not the requester's
    assert status(joost.user, "accept") == 404  # an expert not on the request
    assert status(admin_user, "accept") == 200
    assignment.refresh_from_db()
    assert assignment.status == "accepted"


def test_a_coordinator_releases_an_expert_and_releasing_twice_is_a_409(
    accepted, sanne, requester, coordinator_weer_thuis
):
    assignment = _assign(accepted, sanne, coordinator_weer_thuis)
    assignments.accept_assignment(actor=sanne.user, assignment_id=assignment.pk)

    by_expert = token_client(sanne.user).post(_assignment_url(assignment, "release"))
    by_requester = token_client(requester).post(_assignment_url(assignment, "release"))
    released = token_client(coordinator_weer_thuis).post(
        _assignment_url(assignment, "release"), {"note": "Andere prioriteiten."}
    )
    again = token_client(coordinator_weer_thuis).post(_assignment_url(assignment, "release"))

    assert by_expert.status_code == 403
    assert by_requester.status_code == 403  # the requester sees the accepted assignment
    assert released.status_code == 200
    assert released.json()["status"] == "released"
    assert again.status_code == 409
    assert again.json() == {
        "detail": "Only a proposed or accepted assignment can be released.",
        "status": "released",
    }
    released = accepted.events.get(action="request.expert_released")
    assert (released.note, released.internal_note) == ("", "Andere prioriteiten.")


def test_a_coordinator_changes_the_hours_through_the_capacity_check(
    accepted, sanne, requester, coordinator_weer_thuis, requester_ede
):
    """Sanne has 16 h a week; 24 h over the default 12 weeks is 2 h/week."""
    assignment = _assign(accepted, sanne, coordinator_weer_thuis, hours_budget=Decimal("24"))
    path = _assignment_url(assignment, "hours")
    coordinator = token_client(coordinator_weer_thuis)

    assert token_client(sanne.user).post(path, {"hours_budget": "12"}).status_code == 403
    assert token_client(requester).post(path, {"hours_budget": "12"}).status_code == 404
    assert token_client(requester_ede).post(path, {"hours_budget": "12"}).status_code == 404
    zero = coordinator.post(path, {"hours_budget": "0"})
    assert (zero.status_code, zero.json()) == (
        400,
        {"hours_budget": ["Give the expert a budget of more than 0 hours."]},
    )
    missing = coordinator.post(path, {})
    assert missing.status_code == 400
    assert list(missing.json()) == ["hours_budget"]
    too_much = coordinator.post(path, {"hours_budget": "240"})
    assert too_much.status_code == 409
    assert too_much.json() == {
        "detail": "Sanne de Vries has 16.00 hours per week free in this period; "
        "this assignment needs 20.00.",
        "status": "proposed",
    }

    changed = coordinator.post(path, {"hours_budget": "60", "note": "Twee extra sessies."})
    assert changed.status_code == 200
    internal = changed.json()["internal"]
    assert (internal["hours_budget"], internal["hours_per_week"]) == ("60.00", "5.00")
    event = accepted.events.get(action="request.expert_hours_changed")
    assert (event.internal, event.internal_note) == (True, "Twee extra sessies.")

    assignments.decline_assignment(actor=sanne.user, assignment_id=assignment.pk, reason="Nee")
    declined = coordinator.post(path, {"hours_budget": "12"})
    assert declined.status_code == 409
    assert declined.json()["status"] == "declined"


def test_one_assignment_as_each_reader_sees_it(
    accepted, sanne, requester, requester_ede, coordinator_weer_thuis, coordinator_woningbouw
):
    assignment = _assign(accepted, sanne, coordinator_weer_thuis)
    path = _assignment_url(assignment)

    proposed_for_requester = token_client(requester).get(path)
    assignments.accept_assignment(actor=sanne.user, assignment_id=assignment.pk)
    accepted_for_requester = token_client(requester).get(path)

    assert token_client(sanne.user).get(path).json()["internal"]["hours_budget"] == "40.00"
    assert token_client(coordinator_weer_thuis).get(path).json()["actions"] == ["release", "hours"]
    assert proposed_for_requester.status_code == 404
    assert accepted_for_requester.status_code == 200
    assert accepted_for_requester.json()["internal"] is None
    assert token_client(requester_ede).get(path).status_code == 404
    assert token_client(coordinator_woningbouw).get(path).status_code == 404
    assert token_client(requester).get("/api/v1/assignments/99999/").status_code == 404


def test_answering_from_a_browser_session_needs_the_csrf_token(
    accepted, sanne, coordinator_weer_thuis
):
    assignment = _assign(accepted, sanne, coordinator_weer_thuis)

    response = session_client(sanne.user).post(_assignment_url(assignment, "accept"))

    assert response.status_code == 403
    assert response.json() == {"detail": "CSRF Failed: CSRF cookie not set."}
    assignment.refresh_from_db()
    assert assignment.status == "proposed"


# --- an expert's own assignments -------------------------------------------------------------


def test_an_expert_lists_their_own_assignments_newest_first_and_filters_by_status(
    requester, weer_thuis, sanne, joost, coordinator_weer_thuis
):
    first, second, other = (
        accept_request(file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis)
        for _ in range(3)
    )
    older = _assign(first, sanne, coordinator_weer_thuis)
    newer = _assign(second, sanne, coordinator_weer_thuis)
    _assign(other, joost, coordinator_weer_thuis)
    assignments.accept_assignment(actor=sanne.user, assignment_id=older.pk)
    client = token_client(sanne.user)

    everything = client.get("/api/v1/assignments/").json()
    proposed = client.get("/api/v1/assignments/", {"status": "proposed"}).json()
    both = client.get("/api/v1/assignments/", {"status": ["proposed", "accepted"]}).json()

    assert everything["count"] == 2
    assert [item["id"] for item in everything["results"]] == [newer.pk, older.pk]
    assert [item["id"] for item in proposed["results"]] == [newer.pk]
    assert proposed["results"][0]["actions"] == ["accept", "decline"]
    assert proposed["results"][0]["internal"]["hours_per_week"] == "3.34"  # 40 h / 12 weeks
    assert both["count"] == 2


def test_only_experts_have_an_assignment_list(coordinator_weer_thuis, requester, sanne):
    refused = token_client(coordinator_weer_thuis).get("/api/v1/assignments/")
    bad_status = token_client(sanne.user).get("/api/v1/assignments/", {"status": "lost"})

    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only experts have assignments of their own."}
    assert token_client(requester).get("/api/v1/assignments/").status_code == 403
    assert bad_status.status_code == 400
    assert bad_status.json() == {
        "status": ["Select a valid choice. lost is not one of the available choices."]
    }
