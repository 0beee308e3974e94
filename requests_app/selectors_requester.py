"""Reads for the requester portal and the membership pages.

The visibility rule itself stays in ``selectors.visible_requests``; these functions only narrow
it down or fetch what the intake form and the membership pages need, joins included.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from requests_app import permissions, selectors
from requests_app.models import AdviceRequest, Membership, Organisation, RequesterInvitation


def organisation_requests(user: User) -> QuerySet[AdviceRequest]:
    """Requests of the person's own organisations, as lead or as partner, newest first.

    A person who is also a coordinator or expert sees only their organisations' requests here;
    their other work has its own pages.
    """
    orgs = permissions.member_organisation_ids(user)
    partner = AdviceRequest.partners.through.objects.filter(
        advicerequest_id=OuterRef("pk"), organisation_id__in=orgs
    )
    requests = selectors.visible_requests(user).filter(
        Q(lead_organisation_id__in=orgs) | Exists(partner)
    )
    return selectors.with_list_joins(requests).order_by("-created_at", "-id")


def lead_organisation_choices(user: User) -> QuerySet[Organisation]:
    """Organisations ``user`` may file a request for: their own; every active one for admins."""
    organisations = Organisation.objects.filter(active=True).order_by("name")
    if permissions.is_admin(user):
        return organisations
    return organisations.filter(pk__in=permissions.member_organisation_ids(user))


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
