"""Nobody is mailed about their own action (issue #10): for each notification, the person who
acted is among those it would reach — a coordinator who also files requests, is an expert, or
is a contact person — and gets nothing, while the others still hear. The one exception is the
receipt of a submission (DESIGN, the story's step 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from experts.models import Team
from mail.models import OutboundMail
from organisations.models import Organisation
from requests_app.models import AdviceRequest
from requests_app.services import assignments, lifecycle, triage
from tests.factories import (
    ExpertFactory,
    MembershipFactory,
    SkillFactory,
    UserFactory,
    file_request,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _mailed(template_key_part: str) -> list[str]:
    """Who got a mail whose key holds ``template_key_part``, sorted."""
    return sorted(
        OutboundMail.objects.filter(key__contains=template_key_part).values_list("to", flat=True)
    )


@pytest.fixture
def colleague(weer_thuis: Team):
    """A second coordinator of the team: the one who should still hear."""
    user = UserFactory(email="willem@rvo.nl")
    weer_thuis.coordinators.add(user)
    return user


@pytest.fixture
def filing_coordinator(coordinator_weer_thuis, veenendaal: Organisation):
    """Wendy coordinates Weer Thuis and also files requests for Veenendaal."""
    MembershipFactory(user=coordinator_weer_thuis, organisation=veenendaal)
    return coordinator_weer_thuis


@pytest.fixture
def expert_coordinator(coordinator_weer_thuis, weer_thuis: Team):
    """Wendy coordinates Weer Thuis and is one of its experts too."""
    profile = ExpertFactory(user=coordinator_weer_thuis, teams=[weer_thuis])
    SkillFactory(expert=profile, theme=weer_thuis.themes.get(slug="anders-wonen"), level=3)
    return profile


def _accepted(requester, weer_thuis, coordinator) -> AdviceRequest:
    request = file_request(requester=requester, team=weer_thuis)
    return lifecycle.transition(actor=coordinator, request_id=request.pk, action="accept")


def test_a_coordinator_who_submits_gets_the_receipt_but_not_the_coordinators_notice(
    filing_coordinator, colleague, weer_thuis
):
    request = file_request(requester=filing_coordinator, team=weer_thuis)
    assert _mailed(f"request:{request.pk}:event:") == ["wendy@rvo.nl", "willem@rvo.nl"]
    assert _mailed(":requester:") == ["wendy@rvo.nl"]  # the receipt with the reference
    assert _mailed(":coordinator:") == ["willem@rvo.nl"]  # not "a new request" to herself


def test_a_coordinator_deciding_on_a_request_she_filed_is_not_mailed_the_decision(
    filing_coordinator, requester, weer_thuis
):
    request = file_request(requester=filing_coordinator, team=weer_thuis, contacts=[requester])
    lifecycle.transition(actor=filing_coordinator, request_id=request.pk, action="accept")
    accepted = request.events.get(action="request.accepted")
    assert _mailed(f"event:{accepted.pk}:requester") == ["rik@veenendaal.nl"]


def test_a_requester_who_withdraws_is_not_mailed_and_the_coordinators_are(
    requester, weer_thuis, coordinator_weer_thuis, colleague
):
    request = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(actor=requester, request_id=request.pk, action="withdraw")
    withdrawn = request.events.get(action="request.withdrawn")
    assert _mailed(f"event:{withdrawn.pk}:") == ["wendy@rvo.nl", "willem@rvo.nl"]


def test_withdrawing_a_request_a_coordinator_filed_mails_the_other_coordinators_only(
    filing_coordinator, colleague, weer_thuis
):
    request = file_request(requester=filing_coordinator, team=weer_thuis)
    lifecycle.transition(actor=filing_coordinator, request_id=request.pk, action="withdraw")
    withdrawn = request.events.get(action="request.withdrawn")
    assert _mailed(f"event:{withdrawn.pk}:") == ["willem@rvo.nl"]


def test_routing_to_ones_own_team_mails_the_other_coordinators_only(
    requester, weer_thuis, coordinator_weer_thuis, colleague
):
    request = file_request(requester=requester)  # no team chosen
    triage.route_request(actor=coordinator_weer_thuis, request_id=request.pk, team=weer_thuis)
    routed = request.events.get(action="request.routed")
    assert _mailed(f"event:{routed.pk}:routed") == ["willem@rvo.nl"]


def test_assigning_releasing_and_rehouring_oneself_mails_nobody_but_a_colleague_does(
    requester, weer_thuis, expert_coordinator, coordinator_weer_thuis, colleague
):
    request = _accepted(requester, weer_thuis, coordinator_weer_thuis)
    own = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        expert_id=expert_coordinator.pk,
        hours_budget=Decimal("24"),
    )
    assignments.change_assignment_hours(
        actor=coordinator_weer_thuis, assignment_id=own.pk, hours_budget=Decimal("12")
    )
    assignments.release_assignment(actor=coordinator_weer_thuis, assignment_id=own.pk)
    assert _mailed(f"assignment:{own.pk}:") == []

    again = assignments.assign_expert(
        actor=colleague,
        request_id=request.pk,
        expert_id=expert_coordinator.pk,
        hours_budget=Decimal("24"),
    )
    assignments.change_assignment_hours(
        actor=colleague, assignment_id=again.pk, hours_budget=Decimal("12")
    )
    assignments.release_assignment(actor=colleague, assignment_id=again.pk)
    assert sorted(
        OutboundMail.objects.filter(key__startswith=f"assignment:{again.pk}:").values_list(
            "key", "to"
        )
    ) == [
        (f"assignment:{again.pk}:hours:12", "wendy@rvo.nl"),
        (f"assignment:{again.pk}:proposed", "wendy@rvo.nl"),
        (f"assignment:{again.pk}:released", "wendy@rvo.nl"),
    ]


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_expert_who_coordinates_the_team_is_not_mailed_her_own_answer(
    requester, weer_thuis, expert_coordinator, coordinator_weer_thuis, colleague, answer
):
    request = _accepted(requester, weer_thuis, colleague)
    assignment = assignments.assign_expert(
        actor=colleague, request_id=request.pk, expert_id=expert_coordinator.pk
    )
    if answer == "accept":
        assignments.accept_assignment(actor=coordinator_weer_thuis, assignment_id=assignment.pk)
    else:
        assignments.decline_assignment(
            actor=coordinator_weer_thuis, assignment_id=assignment.pk, reason="Geen tijd"
        )
    status = "accepted" if answer == "accept" else "declined"
    assert _mailed(f"assignment:{assignment.pk}:{status}") == ["willem@rvo.nl"]
