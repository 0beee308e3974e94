"""The lifecycle as POST endpoints, routing, internal notes and the timeline."""

from __future__ import annotations

import pytest

from requests_app.enums import Status
from requests_app.models import AdviceRequest, InternalNote
from requests_app.services import assignments, notes
from tests.factories import file_request
from tests.requests_app.api_support import put_expert_to_work, session_client, token_client, url

pytestmark = pytest.mark.django_db


def _status(request: AdviceRequest) -> str:
    request.refresh_from_db()
    return request.status


def test_the_whole_lifecycle_through_the_api(requester, coordinator_weer_thuis, expert, weer_thuis):
    as_requester = token_client(requester)
    as_coordinator = token_client(coordinator_weer_thuis)
    created = as_requester.post(
        url(),
        {
            "lead_organisation": "GM0345",
            "title": "Anders Wonen",
            "question": "Hoe maken we een businesscase?",
            "team": "weer-thuis",
            "themes": ["anders-wonen"],
        },
        format="json",
    ).json()
    pk = created["id"]

    submitted = as_requester.post(url(f"{pk}/submit/"), format="json")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["reference"].startswith("EXP-")

    asked = as_coordinator.post(url(f"{pk}/ask-info/"), {"note": "Welke regio?"}, format="json")
    assert asked.json()["status"] == "needs_info"
    answered = as_requester.post(
        url(f"{pk}/provide-info/"), {"note": "Regio Foodvalley."}, format="json"
    )
    assert answered.json()["status"] == "submitted"
    accepted = as_coordinator.post(url(f"{pk}/accept/"), format="json")
    assert accepted.json()["status"] == "accepted"

    put_expert_to_work(
        AdviceRequest.objects.get(pk=pk), coordinator=coordinator_weer_thuis, expert_user=expert
    )
    started = as_coordinator.post(url(f"{pk}/start/"), format="json")
    assert started.json()["status"] == "in_progress"
    completed = as_coordinator.post(
        url(f"{pk}/complete/"), {"delivered_results": ["business_case"]}, format="json"
    )
    assert completed.json()["status"] == "completed"
    assert completed.json()["delivered_results"] == ["business_case"]
    closed = as_coordinator.post(url(f"{pk}/close/"), format="json")
    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert closed.json()["actions"] == []

    timeline = as_requester.get(url(f"{pk}/events/")).json()
    assert [event["action"] for event in timeline] == [
        "request.created",
        "request.submitted",
        "request.needs_info",
        "request.submitted",
        "request.accepted",
        "request.expert_assigned",
        "request.expert_accepted",
        "request.cofinancing_waived",
        "request.in_progress",
        "request.completed",
        "satisfaction.invited",  # the requester is asked for a score (reports)
        "request.closed",
    ]
    assert timeline[2]["note"] == "Welke regio?"
    assert timeline[2]["actor"] == {
        "id": coordinator_weer_thuis.pk,
        "name": coordinator_weer_thuis.get_full_name(),
    }


def test_accepting_twice_is_a_409_with_the_current_status(
    requester, coordinator_weer_thuis, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    client = token_client(coordinator_weer_thuis)

    first = client.post(url(f"{request.pk}/accept/"), format="json")
    second = client.post(url(f"{request.pk}/accept/"), format="json")

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json() == {
        "detail": "A request that is “Accepted” cannot be given “Accept”.",
        "status": "accepted",
    }
    assert request.events.filter(action="request.accepted").count() == 1


def test_accepting_an_undecided_request_asks_to_route_it_first_409(
    requester, coordinator_weer_thuis
):
    request = file_request(requester=requester, team=None)

    response = token_client(coordinator_weer_thuis).post(url(f"{request.pk}/accept/"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Route the request to a team before accepting it.",
        "status": "submitted",
    }


def test_declining_without_a_note_is_a_400_naming_the_note(
    requester, coordinator_weer_thuis, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    client = token_client(coordinator_weer_thuis)

    without = client.post(url(f"{request.pk}/decline/"), format="json")
    blank = client.post(url(f"{request.pk}/decline/"), {"note": "   "}, format="json")

    assert without.status_code == 400
    assert without.json() == {
        "note": ["Give the reason for declining; the requester will read it."]
    }
    assert blank.json() == without.json()
    assert _status(request) == Status.SUBMITTED

    declined = client.post(
        url(f"{request.pk}/decline/"), {"note": "Past niet bij het programma."}, format="json"
    )
    assert declined.status_code == 200
    assert declined.json()["decision_note"] == "Past niet bij het programma."


def test_submitting_an_incomplete_draft_is_a_400_with_the_missing_fields(requester):
    draft = file_request(requester=requester, submit=False, question="", themes=[])

    response = token_client(requester).post(url(f"{draft.pk}/submit/"))

    assert response.status_code == 400
    assert response.json() == {
        "question": ["Describe your question before submitting."],
        "themes": ["Choose at least one theme before submitting."],
    }
    assert _status(draft) == Status.DRAFT


def test_completing_without_delivered_results_is_a_400(
    requester, coordinator_weer_thuis, expert, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    client = token_client(coordinator_weer_thuis)
    client.post(url(f"{request.pk}/accept/"))
    put_expert_to_work(request, coordinator=coordinator_weer_thuis, expert_user=expert)
    client.post(url(f"{request.pk}/start/"))

    empty = client.post(url(f"{request.pk}/complete/"), {"delivered_results": []}, format="json")
    unknown = client.post(
        url(f"{request.pk}/complete/"), {"delivered_results": ["x"]}, format="json"
    )

    assert empty.json() == {
        "delivered_results": ["Name at least one delivered result from the list."]
    }
    assert unknown.status_code == 400
    assert unknown.json() == {"delivered_results": {"0": ['"x" is not a valid choice.']}}
    assert _status(request) == Status.IN_PROGRESS


def test_starting_without_an_expert_is_a_409_that_says_why(
    requester, coordinator_weer_thuis, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    client = token_client(coordinator_weer_thuis)
    client.post(url(f"{request.pk}/accept/"))

    response = client.post(url(f"{request.pk}/start/"))

    assert response.status_code == 409
    assert response.json() == {
        "detail": "Work can start once at least one expert has accepted the assignment.",
        "status": "accepted",
    }


def test_a_requester_may_not_accept_403(requester, weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)

    response = token_client(requester).post(url(f"{request.pk}/accept/"))

    assert response.status_code == 403
    assert response.json() == {"detail": "You do not have permission to perform this action."}
    assert _status(request) == Status.SUBMITTED


def test_a_coordinator_may_not_withdraw_403(requester, coordinator_weer_thuis, weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)

    response = token_client(coordinator_weer_thuis).post(url(f"{request.pk}/withdraw/"))

    assert response.status_code == 403
    assert _status(request) == Status.SUBMITTED


def test_the_requester_withdraws(requester, weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)

    response = token_client(requester).post(
        url(f"{request.pk}/withdraw/"), {"note": "Zelf opgelost."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert request.events.get(action="request.withdrawn").note == "Zelf opgelost."


@pytest.mark.parametrize(
    "action",
    [
        "submit",
        "accept",
        "decline",
        "ask-info",
        "provide-info",
        "withdraw",
        "start",
        "complete",
        "close",
        "route",
        "notes",
    ],
)
def test_a_requester_of_another_organisation_gets_404_on_every_action(
    action, requester, requester_ede, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)

    response = token_client(requester_ede).post(
        url(f"{request.pk}/{action}/"), {"note": "x", "team": "woningbouw", "text": "x"}
    )

    assert response.status_code == 404
    assert _status(request) == Status.SUBMITTED


def test_a_coordinator_of_the_other_team_gets_404_on_actions_events_and_notes(
    requester, coordinator_woningbouw, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    client = token_client(coordinator_woningbouw)

    assert client.post(url(f"{request.pk}/accept/")).status_code == 404
    assert client.post(url(f"{request.pk}/route/"), {"team": "woningbouw"}).status_code == 404
    assert client.get(url(f"{request.pk}/events/")).status_code == 404
    assert client.get(url(f"{request.pk}/notes/")).status_code == 404
    assert _status(request) == Status.SUBMITTED


def test_a_coordinator_routes_an_undecided_request_and_then_sees_it_no_longer(
    requester, coordinator_woningbouw, coordinator_weer_thuis, woningbouw
):
    request = file_request(requester=requester, team=None)
    client = token_client(coordinator_woningbouw)

    response = client.post(
        url(f"{request.pk}/route/"), {"team": "weer-thuis", "note": "Uitstroom."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["team"]["slug"] == "weer-thuis"
    routed = request.events.get(action="request.routed")
    assert (routed.actor, routed.note, routed.internal_note) == (
        coordinator_woningbouw,
        "",
        "Uitstroom.",
    )
    # The request now belongs to the other team: its coordinators see it, these no longer.
    assert client.get(url(f"{request.pk}/")).status_code == 404
    assert token_client(coordinator_weer_thuis).get(url(f"{request.pk}/")).status_code == 200


def test_routing_to_an_unknown_team_is_a_400_and_after_triage_a_409(
    requester, coordinator_weer_thuis, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    client = token_client(coordinator_weer_thuis)

    unknown = client.post(url(f"{request.pk}/route/"), {"team": "brandweer"}, format="json")
    missing = client.post(url(f"{request.pk}/route/"), {}, format="json")
    client.post(url(f"{request.pk}/accept/"))
    too_late = client.post(url(f"{request.pk}/route/"), {"team": "woningbouw"}, format="json")

    assert unknown.json() == {"team": ["Unknown team: brandweer."]}
    assert missing.json() == {"team": ["This field is required."]}
    assert too_late.status_code == 409
    assert too_late.json() == {
        "detail": "Only requests waiting for triage can be routed to a team.",
        "status": "accepted",
    }


def test_a_requester_may_not_route_403(requester, weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)

    response = token_client(requester).post(
        url(f"{request.pk}/route/"), {"team": "woningbouw"}, format="json"
    )

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.team == weer_thuis


def test_internal_notes_for_coordinators_and_assigned_experts_only(
    requester, coordinator_weer_thuis, expert, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    as_coordinator = token_client(coordinator_weer_thuis)
    as_requester = token_client(requester)
    as_expert = token_client(expert)

    added = as_coordinator.post(
        url(f"{request.pk}/notes/"), {"text": "Sanne kent de regio."}, format="json"
    )
    assert added.status_code == 201
    assert added.json()["text"] == "Sanne kent de regio."
    assert added.json()["author"]["id"] == coordinator_weer_thuis.pk

    assert as_requester.get(url(f"{request.pk}/notes/")).status_code == 403
    assert as_requester.post(url(f"{request.pk}/notes/"), {"text": "Hoi"}).status_code == 403
    assert as_expert.get(url(f"{request.pk}/notes/")).status_code == 404  # not assigned yet
    token_client(coordinator_weer_thuis).post(url(f"{request.pk}/accept/"))

    assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=request.pk, expert_id=expert.expert_profile.pk
    )
    listed = as_expert.get(url(f"{request.pk}/notes/"))
    assert [note["text"] for note in listed.json()] == ["Sanne kent de regio."]
    assert InternalNote.objects.filter(request=request).count() == 1


def test_an_empty_internal_note_is_a_400(requester, coordinator_weer_thuis, weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)

    response = token_client(coordinator_weer_thuis).post(
        url(f"{request.pk}/notes/"), {"text": " "}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"text": ["Write the note first."]}


def test_the_requester_does_not_see_internal_events(requester, coordinator_weer_thuis, weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)
    notes.add_internal_note(actor=coordinator_weer_thuis, request_id=request.pk, text="Intern.")

    for_requester = token_client(requester).get(url(f"{request.pk}/events/")).json()
    for_coordinator = token_client(coordinator_weer_thuis).get(url(f"{request.pk}/events/")).json()

    assert [event["action"] for event in for_requester] == ["request.created", "request.submitted"]
    assert [event["action"] for event in for_coordinator] == [
        "request.created",
        "request.submitted",
        "request.note_added",
    ]
    assert for_coordinator[2]["internal"] is True


def test_actions_through_a_browser_session_need_the_csrf_token(
    requester, coordinator_weer_thuis, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    client = session_client(coordinator_weer_thuis)

    refused = client.post(url(f"{request.pk}/accept/"))
    assert refused.status_code == 403
    assert _status(request) == Status.SUBMITTED

    client.get("/account/wachtwoord/wijzigen/")  # a page with a form sets the CSRF cookie
    accepted = client.post(
        url(f"{request.pk}/accept/"), headers={"X-CSRFToken": client.cookies["csrftoken"].value}
    )
    assert accepted.status_code == 200
    assert _status(request) == Status.ACCEPTED


def test_an_assigned_expert_sees_the_request_and_its_internals_but_takes_no_decisions(
    requester, coordinator_weer_thuis, expert, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    token_client(coordinator_weer_thuis).post(url(f"{request.pk}/accept/"))
    assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=request.pk, expert_id=expert.expert_profile.pk
    )
    client = token_client(expert)

    detail = client.get(url(f"{request.pk}/")).json()
    refused = client.post(url(f"{request.pk}/start/"))

    assert detail["internal"]["notes"] == []
    assert detail["actions"] == []
    assert refused.status_code == 403
    assert [row["id"] for row in client.get(url()).json()["results"]] == [request.pk]


def test_an_admin_sees_every_request_drafts_included_and_may_act(
    requester, requester_ede, admin_user, weer_thuis
):
    draft = file_request(requester=requester, submit=False)
    filed = file_request(requester=requester_ede, team=weer_thuis)
    client = token_client(admin_user)

    listed = {row["id"] for row in client.get(url()).json()["results"]}
    accepted = client.post(url(f"{filed.pk}/accept/"))

    assert listed == {draft.pk, filed.pk}
    assert client.get(url(f"{draft.pk}/")).json()["internal"] == {
        "escalation_level": 0,
        "escalation_label": "Not escalated",
        "notes": [],
    }
    assert accepted.status_code == 200
