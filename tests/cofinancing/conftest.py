"""A Foodvalley-like request with an accepted lead expert, ready for an agreement."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cofinancing import services
from requests_app.services import lifecycle
from tests.factories import accept_request, accepted_lead, file_request

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
    lead, assignment = accepted_lead(request, coordinator_weer_thuis, capacity="40")
    services.make_offer(actor=coordinator_weer_thuis, request_id=request.pk, offer=WORKED)
    services.answer_offer(actor=requester, request_id=request.pk, accept=True)
    lifecycle.transition(actor=coordinator_weer_thuis, request_id=request.pk, action="start")
    request.refresh_from_db()
    assignment.refresh_from_db()
    return request, lead, assignment
