"""Nobody is mailed about their own action, in co-financing too: a coordinator who is also a
member of the lead organisation offers, answers and closes without mails to herself, while the
others still hear."""

from __future__ import annotations

import pytest

from cofinancing import services
from experts.models import Team
from mail.models import OutboundMail
from organisations.models import Organisation
from tests.cofinancing.conftest import WORKED
from tests.factories import MembershipFactory, UserFactory, accept_request, file_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _mailed(key_part: str) -> list[str]:
    return sorted(OutboundMail.objects.filter(key__contains=key_part).values_list("to", flat=True))


@pytest.fixture
def colleague(weer_thuis: Team):
    user = UserFactory(email="willem@rvo.nl")
    weer_thuis.coordinators.add(user)
    return user


@pytest.fixture
def both(coordinator_weer_thuis, veenendaal: Organisation):
    """Wendy coordinates Weer Thuis and is a member of Veenendaal too."""
    MembershipFactory(user=coordinator_weer_thuis, organisation=veenendaal)
    return coordinator_weer_thuis


def test_offering_and_closing_do_not_mail_the_coordinator_who_is_also_a_requester(
    both, requester, weer_thuis, colleague
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis, contacts=[both]), colleague
    )
    agreement = services.make_offer(actor=both, request_id=request.pk, offer=WORKED)
    assert _mailed(f"agreement:{agreement.pk}:v1:offered") == ["rik@veenendaal.nl"]
    services.answer_offer(actor=requester, request_id=request.pk, accept=True)
    services.close_agreement(actor=both, request_id=request.pk)
    assert _mailed(f"agreement:{agreement.pk}:closed") == ["rik@veenendaal.nl"]


def test_answering_an_offer_does_not_mail_the_requester_who_is_also_a_coordinator(
    both, weer_thuis, colleague
):
    request = accept_request(file_request(requester=both, team=weer_thuis), colleague)
    agreement = services.make_offer(actor=colleague, request_id=request.pk, offer=WORKED)
    assert _mailed(f"agreement:{agreement.pk}:v1:offered") == ["wendy@rvo.nl"]
    services.answer_offer(actor=both, request_id=request.pk, accept=True)
    assert _mailed(f"agreement:{agreement.pk}:v1:accepted") == ["willem@rvo.nl"]
