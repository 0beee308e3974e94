"""Nobody is mailed about their own action, for memberships too: a coordinator who asks to file
for an organisation is not told of her own request, nor of her own decision on it; the others
who decide still hear."""

from __future__ import annotations

import pytest

from mail.models import OutboundMail
from organisations.services import memberships
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_coordinator_asking_to_join_hears_nothing_of_her_own_request_or_decision(
    coordinator_weer_thuis, coordinator_woningbouw, admin_user, veenendaal
):
    membership = memberships.request_membership(
        user=coordinator_weer_thuis, organisation=veenendaal
    )
    asked = OutboundMail.objects.filter(key__startswith=f"membership:{membership.pk}:requested")
    assert sorted(asked.values_list("to", flat=True)) == ["bea@rvo.nl", "wim@rvo.nl"]

    memberships.decide_membership(
        actor=coordinator_weer_thuis, membership_id=membership.pk, approve=True
    )
    assert not OutboundMail.objects.filter(key=f"membership:{membership.pk}:active").exists()


def test_a_person_hears_the_decision_someone_else_made(coordinator_woningbouw, veenendaal):
    newcomer = UserFactory(email="nieuw@veenendaal.nl")
    membership = memberships.request_membership(user=newcomer, organisation=veenendaal)
    memberships.decide_membership(
        actor=coordinator_woningbouw, membership_id=membership.pk, approve=False
    )
    decided = OutboundMail.objects.get(key=f"membership:{membership.pk}:rejected")
    assert decided.to == "nieuw@veenendaal.nl"
