"""Reads of organisations."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import (
    Q,
    QuerySet,
)

from accounts.models import User
from accounts.roles import is_admin
from organisations.models import Membership, Organisation, RequesterInvitation
from organisations.permissions import member_organisation_ids


def organisations_for_picker(text: str, *, limit: int = 20) -> QuerySet[Organisation]:
    """Active organisations by name or CBS code, for the partner picker."""
    text = text.strip()[:100]
    organisations = Organisation.objects.filter(active=True)
    if text:
        organisations = organisations.filter(Q(name__icontains=text) | Q(cbs_code__iexact=text))
    return organisations.order_by("name")[:limit]


def memberships_of(user: User) -> QuerySet[Membership]:
    """All of a person's memberships, pending ones included (they see their own requests)."""
    return Membership.objects.filter(user=user).select_related("organisation")


def pending_memberships() -> QuerySet[Membership]:
    return (
        Membership.objects.filter(status=Membership.Status.PENDING)
        .select_related("user", "organisation")
        .order_by("created_at")
    )


def lead_organisation_choices(user: User) -> QuerySet[Organisation]:
    """Organisations ``user`` may file a request for: their own; every active one for admins."""
    organisations = Organisation.objects.filter(active=True).order_by("name")
    if is_admin(user):
        return organisations
    return organisations.filter(pk__in=member_organisation_ids(user))


def active_members(organisation_ids: Iterable[int]) -> QuerySet[User]:
    """People who may be contact persons for requests of these organisations."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=list(organisation_ids),
            memberships__status=Membership.Status.ACTIVE,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


def invitation_by_token(token: str) -> RequesterInvitation | None:
    return (
        RequesterInvitation.objects.select_related("organisation", "invited_by")
        .filter(token=token)
        .first()
    )


def open_invitations_for(user: User) -> QuerySet[RequesterInvitation]:
    """Invitations sent to the person's address that nobody accepted yet."""
    if not user.is_authenticated or not user.email:
        return RequesterInvitation.objects.none()
    return (
        RequesterInvitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True)
        .select_related("organisation")
        .order_by("-created_at")
    )
