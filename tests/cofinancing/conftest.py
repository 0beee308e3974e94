"""A Foodvalley-like request with an accepted lead expert, ready for an agreement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cofinancing import services
from requests_app.services import assignments, lifecycle
from tests.factories import accept_request, file_request, skilled_expert

WORKED = services.Offer(
    hours=Decimal("80"),
    hourly_rate=Decimal("140"),
    programme_hours=Decimal("24"),
    requester_share=Decimal("0.5"),
)


@pytest.fixture
def funded(requester, weer_thuis, coordinator_weer_thuis):
    """(request, lead expert): the agreement of DESIGN §8 offered, accepted, work started."""
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    lead = skilled_expert(
        teams=[weer_thuis],
        skills={"anders-wonen": 3},
        capacity="40",
        user__first_name="Sanne",
        user__last_name="de Vries",
        user__email="sanne@experts.example",
    )
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        expert_id=lead.pk,
        role="lead",
        hours_budget=Decimal("80"),
    )
    assignments.accept_assignment(actor=lead.user, assignment_id=assignment.pk)
    services.make_offer(actor=coordinator_weer_thuis, request_id=request.pk, offer=WORKED)
    services.answer_offer(actor=requester, request_id=request.pk, accept=True)
    lifecycle.transition(actor=coordinator_weer_thuis, request_id=request.pk, action="start")
    request.refresh_from_db()
    assignment.refresh_from_db()
    return request, lead, assignment
