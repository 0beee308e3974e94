"""The request workspace: who may open it, and every coordinator action through the page."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from requests_app.enums import Status
from requests_app.models import AdviceRequest, Event, InternalNote
from requests_app.services import assignments
from tests.factories import ExpertFactory, UserFactory, file_request

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    """Signed in, reading English (the source language: Dutch translations come and go)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_of(response) -> str:
    return html.unescape(response.content.decode())


def text(fragment: str) -> str:
    spaced = re.sub(r"<(?:td|th|br|p|li|dd|dt|div)\b[^>]*>", " ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def region(response, testid: str) -> str:
    """The text of the element marked ``data-testid=testid`` (up to its closing tag)."""
    page = response.content.decode()
    match = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(testid)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no {testid} on the page"
    return text(match.group(2))


def actions_offered(response) -> list[str]:
    return re.findall(r'data-testid="action-([a-z-]+)"', response.content.decode())


def next_actions(response) -> list[str]:
    """The actions shown first, for the request's status: not behind "Other actions"."""
    page = response.content.decode()
    section = page.split('data-testid="actions"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'data-testid="action-([a-z-]+)"', section.split("more-actions", 1)[0])


def other_actions(response) -> list[str]:
    """The actions behind the "Other actions" disclosure."""
    page = response.content.decode()
    section = page.split('data-testid="actions"', 1)[1].split("</section>", 1)[0]
    if "more-actions" not in section:
        return []
    return re.findall(r'data-testid="action-([a-z-]+)"', section.split("more-actions", 1)[1])


def timeline_actions(response) -> list[str]:
    return re.findall(r'<li data-action="([^"]+)"', response.content.decode())


def success_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def workspace_url(advice_request: AdviceRequest) -> str:
    return reverse("requests:workspace", args=[advice_request.pk])


def action_url(advice_request: AdviceRequest, action: str) -> str:
    return reverse("requests:workspace-action", args=[advice_request.pk, action])


def status_of(advice_request: AdviceRequest) -> str:
    return AdviceRequest.objects.get(pk=advice_request.pk).status


@pytest.fixture
def veenendaal_request(requester, weer_thuis):
    return file_request(requester=requester, team=weer_thuis, title="Anders Wonen in de regio")


@pytest.fixture
def coordinator(client, coordinator_weer_thuis):
    return sign_in(client, coordinator_weer_thuis)


# --- who may open it ---------------------------------------------------------------------------


def test_the_coordinator_sees_the_request_its_deadline_and_the_actions_allowed_now(
    coordinator, veenendaal_request
):
    response = coordinator.get(workspace_url(veenendaal_request))
    assert response.status_code == 200
    assert region(response, "reference") == veenendaal_request.reference
    assert region(response, "status") == "Submitted"
    assert region(response, "deadline") == (
        f"{veenendaal_request.triage_deadline:%A %-d %B %Y} 5 working days left"
    )
    assert region(response, "escalation-level") == "Not escalated"
    assert region(response, "pauses") == "0 times"
    assert actions_offered(response) == [
        "accepteren",
        "informatie-vragen",
        "afwijzen",
        "team",
        "notitie",
    ]
    assert timeline_actions(response) == ["request.created", "request.submitted"]
    assert region(response, "question") == "Hoe maken we een businesscase voor Skaeve Huse?"
    # Accept and ask come first; declining and re-routing wait behind one disclosure.
    assert next_actions(response) == ["accepteren", "informatie-vragen"]
    assert other_actions(response) == ["afwijzen", "team"]
    assert region(response, "standing") == (
        "Status: Submitted · Team: Back Home · 5 working days left"
    )


def test_the_request_is_read_before_the_actions_and_the_experts(coordinator, veenendaal_request):
    """The coordinator decides after reading: the question, themes, partners and attachments
    come first on the page, then what can be done now, then the experts, then the triage
    details."""
    page = coordinator.get(workspace_url(veenendaal_request)).content.decode()
    order = [
        'data-testid="question"',
        'data-testid="themes"',
        'data-testid="partners"',
        'data-testid="attachments"',
        'data-testid="actions"',
        'data-testid="experts"',
        'data-testid="triage"',
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_a_request_without_a_team_is_routed_first_and_the_disclosure_opens_on_an_error(
    coordinator, requester, weer_thuis
):
    undecided = file_request(requester=requester)
    response = coordinator.get(workspace_url(undecided))
    assert next_actions(response) == ["team", "informatie-vragen"]
    assert other_actions(response) == ["accepteren", "afwijzen"]
    assert '<details class="ed-co-more" data-testid="more-actions">' in response.content.decode()
    refused = coordinator.post(action_url(undecided, "afwijzen"), {"note": ""})
    assert refused.status_code == 400
    assert '<details class="ed-co-more" data-testid="more-actions" open>' in (
        refused.content.decode()
    )


def test_an_admin_may_open_any_workspace(client, admin_user, veenendaal_request):
    response = sign_in(client, admin_user).get(workspace_url(veenendaal_request))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("coordinator_woningbouw", 404),  # another team's request: not even visible
        ("requester_ede", 404),
        ("expert", 404),  # not assigned
        ("requester", 403),  # sees the request on the requester page, may not coordinate it
    ],
)
def test_who_may_not_coordinate_gets_404_or_403(
    client, request, veenendaal_request, person, status
):
    signed_in = sign_in(client, request.getfixturevalue(person))
    assert signed_in.get(workspace_url(veenendaal_request)).status_code == status
    response = signed_in.post(action_url(veenendaal_request, "accepteren"))
    assert response.status_code == status
    assert status_of(veenendaal_request) == Status.SUBMITTED


def test_an_assigned_expert_sees_the_request_but_gets_403_on_the_workspace(
    client, veenendaal_request, coordinator_weer_thuis, weer_thuis
):
    coordinator = sign_in(Client(), coordinator_weer_thuis)
    coordinator.post(action_url(veenendaal_request, "accepteren"))
    expert = ExpertFactory(teams=[weer_thuis])
    assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=veenendaal_request.pk, expert_id=expert.pk
    )
    signed_in = sign_in(client, expert.user)
    assert (
        signed_in.get(reverse("requests:detail", args=[veenendaal_request.pk])).status_code == 200
    )
    assert signed_in.get(workspace_url(veenendaal_request)).status_code == 403


def test_an_anonymous_visitor_is_asked_to_sign_in(client, veenendaal_request):
    response = client.get(workspace_url(veenendaal_request))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_action_is_404_and_a_get_is_not_allowed(coordinator, veenendaal_request):
    assert coordinator.post(action_url(veenendaal_request, "verwijderen")).status_code == 404
    assert coordinator.get(action_url(veenendaal_request, "accepteren")).status_code == 405


def test_actions_are_csrf_protected_forms(client, coordinator_weer_thuis, veenendaal_request):
    strict = sign_in(Client(enforce_csrf_checks=True), coordinator_weer_thuis)
    assert strict.post(action_url(veenendaal_request, "accepteren")).status_code == 403
    page = strict.get(workspace_url(veenendaal_request)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert f'<form method="post" action="{action_url(veenendaal_request, "accepteren")}"' in page
    response = strict.post(
        action_url(veenendaal_request, "accepteren"), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert status_of(veenendaal_request) == Status.ACCEPTED


# --- triage decisions --------------------------------------------------------------------------


def test_accepting_redirects_with_a_message_and_appears_on_the_timeline(
    coordinator, veenendaal_request, client
):
    response = coordinator.post(
        action_url(veenendaal_request, "accepteren"), {"note": "We nemen contact op."}
    )
    assert response.status_code == 302
    assert response["Location"] == workspace_url(veenendaal_request)
    page = coordinator.get(response["Location"])
    assert success_messages(page) == [f"Request {veenendaal_request.reference} is accepted."]
    assert region(page, "status") == "Accepted"
    # Decided: no deadline runs any more, so none is shown as a date.
    assert region(page, "deadline") == "No deadline runs: triage is done."
    assert "deadline-state" not in page.content.decode()
    assert timeline_actions(page)[-1] == "request.accepted"
    assert "We nemen contact op." in page_of(page)
    assert actions_offered(page) == ["starten", "cofinanciering", "notitie"]
    assert next_actions(page) == ["starten", "cofinanciering"]


def test_accepting_twice_shows_a_409_with_the_services_message(
    coordinator, veenendaal_request, coordinator_weer_thuis, weer_thuis
):
    colleague = UserFactory(email="willem@rvo.nl")
    weer_thuis.coordinators.add(colleague)
    other_tab = sign_in(Client(), colleague)
    assert other_tab.get(workspace_url(veenendaal_request)).status_code == 200
    assert coordinator.post(action_url(veenendaal_request, "accepteren")).status_code == 302
    events_before = Event.objects.count()

    response = other_tab.post(action_url(veenendaal_request, "accepteren"))
    assert response.status_code == 409
    assert region(response, "action-error") == (
        "A request that is “Accepted” cannot be given “Accept”. "
        "The page now shows the request as it stands."
    )
    assert region(response, "status") == "Accepted"
    assert "accepteren" not in actions_offered(response)
    assert Event.objects.count() == events_before


def test_declining_without_a_reason_shows_the_field_error(coordinator, veenendaal_request):
    response = coordinator.post(action_url(veenendaal_request, "afwijzen"), {"note": "   "})
    assert response.status_code == 400
    assert region(response, "error-note") == (
        "Error: Give the reason for declining; the requester will read it."
    )
    page = page_of(response)
    assert (
        'aria-invalid="true" aria-describedby="afwijzen-note_helptext afwijzen-note_error" '
        'id="afwijzen-note"'
    ) in page
    assert '<a class="rvo-link" href="#afwijzen-note">' in page
    assert status_of(veenendaal_request) == Status.SUBMITTED


def test_declining_with_a_reason_tells_the_requester(coordinator, veenendaal_request, client):
    response = coordinator.post(
        action_url(veenendaal_request, "afwijzen"),
        {"note": "Valt buiten de regeling."},
        follow=True,
    )
    assert success_messages(response) == [
        f"Request {veenendaal_request.reference} is declined; the requester is told why."
    ]
    assert region(response, "status") == "Declined"
    assert timeline_actions(response)[-1] == "request.declined"
    assert "Valt buiten de regeling." in region(response, "request-data")
    assert region(response, "no-actions") == (
        "A request that is “Declined” needs no decision from you."
    )


def test_asking_for_information_pauses_the_clock(coordinator, veenendaal_request):
    response = coordinator.post(
        action_url(veenendaal_request, "informatie-vragen"),
        {"note": "Welke corporaties doen mee?"},
        follow=True,
    )
    assert region(response, "status") == "Information requested"
    assert region(response, "deadline") == (
        "Clock paused Paused: waiting for information (5 working days left)"
    )
    assert region(response, "pauses") == "1 time"
    assert timeline_actions(response)[-1] == "request.needs_info"
    assert "Welke corporaties doen mee?" in page_of(response)
    assert actions_offered(response) == ["afwijzen", "team", "notitie"]


def test_a_validation_error_keeps_what_was_typed(coordinator, veenendaal_request, weer_thuis):
    coordinator.post(action_url(veenendaal_request, "accepteren"))
    expert = ExpertFactory(teams=[weer_thuis])
    assignment = assignments.assign_expert(
        actor=coordinator_of(weer_thuis), request_id=veenendaal_request.pk, expert_id=expert.pk
    )
    assignments.accept_assignment(actor=expert.user, assignment_id=assignment.pk)
    coordinator.post(
        action_url(veenendaal_request, "cofinanciering"),
        {"waived": "1", "note": "Alleen intakeuren."},
    )
    coordinator.post(action_url(veenendaal_request, "starten"))
    assert status_of(veenendaal_request) == Status.IN_PROGRESS

    response = coordinator.post(
        action_url(veenendaal_request, "afronden"), {"note": "Het eindrapport volgt per post."}
    )
    assert response.status_code == 400
    assert region(response, "error-delivered_results") == (
        "Error: Name at least one delivered result from the list."
    )
    assert ">\nHet eindrapport volgt per post.</textarea>" in page_of(response)
    assert status_of(veenendaal_request) == Status.IN_PROGRESS


def coordinator_of(team):
    return team.coordinators.order_by("pk").first()


def test_the_whole_way_from_accept_to_closed_through_the_page(
    coordinator, veenendaal_request, weer_thuis, requester
):
    coordinator.post(action_url(veenendaal_request, "accepteren"))
    refused = coordinator.post(action_url(veenendaal_request, "starten"))
    assert refused.status_code == 409
    assert region(refused, "action-error").startswith(
        "Work can start once at least one expert has accepted the assignment."
    )
    expert = ExpertFactory(teams=[weer_thuis])
    assignment = assignments.assign_expert(
        actor=coordinator_of(weer_thuis), request_id=veenendaal_request.pk, expert_id=expert.pk
    )
    assignments.accept_assignment(actor=expert.user, assignment_id=assignment.pk)

    response = coordinator.post(
        action_url(veenendaal_request, "cofinanciering"),
        {"waived": "1", "note": "Kleine vraag, alleen intakeuren."},
        follow=True,
    )
    assert success_messages(response) == [
        f"Recorded: request {veenendaal_request.reference} needs no co-financing."
    ]
    assert region(response, "cofinancing") == "Not needed (decided by a coordinator)"

    response = coordinator.post(action_url(veenendaal_request, "starten"), follow=True)
    assert region(response, "status") == "In progress"
    assert actions_offered(response) == ["afronden", "notitie"]
    assert 'type="checkbox" name="delivered_results" value="business_case"' in page_of(response)

    response = coordinator.post(
        action_url(veenendaal_request, "afronden"),
        {"delivered_results": ["business_case", "declaration_of_intent"]},
        follow=True,
    )
    assert region(response, "status") == "Completed"
    assert region(response, "delivered-results") == "Business case, Declaration of intent"

    response = coordinator.post(action_url(veenendaal_request, "sluiten"), follow=True)
    assert region(response, "status") == "Closed"
    assert [
        action
        for action in timeline_actions(response)
        if action.split(".")[1] in {s.value for s in Status}
    ] == [
        "request.submitted",
        "request.accepted",
        "request.in_progress",
        "request.completed",
        "request.closed",
    ]
    assert "request.cofinancing_waived" in timeline_actions(response)


def test_an_action_not_on_offer_now_says_why_nothing_happened(coordinator, veenendaal_request):
    response = coordinator.post(
        action_url(veenendaal_request, "afronden"), {"delivered_results": ["villa"]}
    )
    assert response.status_code == 409
    assert region(response, "action-error") == (
        "“Complete” is not possible for a request that is “Submitted”. "
        "The page now shows the request as it stands."
    )
    assert status_of(veenendaal_request) == Status.SUBMITTED


# --- routing -------------------------------------------------------------------------------------


def test_an_undecided_request_is_routed_and_then_accepted(
    client, coordinator_woningbouw, requester_ede, woningbouw
):
    undecided = file_request(requester=requester_ede, team=None)
    signed_in = sign_in(client, coordinator_woningbouw)
    response = signed_in.get(workspace_url(undecided))
    assert region(response, "team") == "Not decided"
    assert region(response, "accept-needs-team") == (
        "Route the request to a team before accepting it."
    )
    refused = signed_in.post(action_url(undecided, "accepteren"))
    assert refused.status_code == 409
    assert region(refused, "action-error").startswith(
        "Route the request to a team before accepting it."
    )

    response = signed_in.post(
        action_url(undecided, "team"),
        {"team": "woningbouw", "note": "Gaat over grondexploitatie."},
        follow=True,
    )
    with override("en"):
        team_name = woningbouw.display_name
    assert success_messages(response) == [
        f"Request {undecided.reference} is routed to team {team_name}."
    ]
    assert region(response, "team") == team_name
    assert timeline_actions(response)[-1] == "request.routed"
    assert f"Sent to team {team_name}" in region(response, "timeline")
    assert "Gaat over grondexploitatie." in page_of(response)

    response = signed_in.post(action_url(undecided, "accepteren"), follow=True)
    assert region(response, "status") == "Accepted"


def test_routing_to_the_same_team_changes_nothing(coordinator, veenendaal_request, weer_thuis):
    events_before = Event.objects.count()
    response = coordinator.post(
        action_url(veenendaal_request, "team"), {"team": "weer-thuis"}, follow=True
    )
    with override("en"):
        team_name = weer_thuis.display_name
    assert success_messages(response) == [
        f"Request {veenendaal_request.reference} already is with team {team_name}."
    ]
    assert Event.objects.count() == events_before


def test_rerouting_away_from_your_team_returns_you_to_the_inbox(
    coordinator, veenendaal_request, woningbouw
):
    response = coordinator.post(action_url(veenendaal_request, "team"), {"team": "woningbouw"})
    assert response.status_code == 302
    assert response["Location"] == reverse("requests:inbox")
    assert coordinator.get(workspace_url(veenendaal_request)).status_code == 404


def test_an_unknown_team_is_a_field_error(coordinator, veenendaal_request):
    response = coordinator.post(action_url(veenendaal_request, "team"), {"team": "brandweer"})
    assert response.status_code == 400
    assert region(response, "error-team") == (
        "Error: Select a valid choice. That choice is not one of the available choices."
    )


def test_routing_an_accepted_request_shows_the_conflict(coordinator, veenendaal_request):
    coordinator.post(action_url(veenendaal_request, "accepteren"))
    response = coordinator.post(action_url(veenendaal_request, "team"), {"team": "woningbouw"})
    assert response.status_code == 409
    assert region(response, "action-error") == (
        "Only requests waiting for triage can be routed to a team. "
        "The page now shows the request as it stands."
    )
    assert "team" not in actions_offered(response)


# --- internal notes ------------------------------------------------------------------------------


def test_an_internal_note_is_shown_to_coordinators_and_never_to_the_requester(
    coordinator, veenendaal_request, client, requester
):
    note = "Wethouder belde: politiek gevoelig dossier."
    response = coordinator.post(action_url(veenendaal_request, "notitie"), {"text": note})
    assert response.status_code == 302
    page = coordinator.get(response["Location"])
    assert success_messages(page) == ["Your internal note is added."]
    assert note in region(page, "internal-note")
    assert timeline_actions(page)[-1] == "request.note_added"
    assert InternalNote.objects.get().text == note

    requester_client = sign_in(Client(), requester)
    requester_page = requester_client.get(reverse("requests:detail", args=[veenendaal_request.pk]))
    assert requester_page.status_code == 200
    assert note not in requester_page.content.decode()
    assert note not in html.unescape(requester_page.content.decode())


def test_an_empty_note_shows_the_field_error(coordinator, veenendaal_request):
    response = coordinator.post(action_url(veenendaal_request, "notitie"), {"text": " "})
    assert response.status_code == 400
    assert region(response, "error-text") == "Error: Write the note first."
    assert InternalNote.objects.count() == 0


def test_an_invalid_cofinancing_value_is_refused(coordinator, veenendaal_request):
    coordinator.post(action_url(veenendaal_request, "accepteren"))
    response = coordinator.post(action_url(veenendaal_request, "cofinanciering"), {"waived": "2"})
    assert response.status_code == 400
    assert AdviceRequest.objects.get(pk=veenendaal_request.pk).cofinancing_waived is False
