"""Reads for the requester portal and the membership pages.

The visibility rule itself stays in ``selectors.visible_requests``; these functions only narrow
it down or fetch what the intake form and the membership pages need, joins included.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from organisations.permissions import member_organisation_ids
from requests_app import selectors
from requests_app.enums import Status
from requests_app.models import AdviceRequest


def organisation_requests(user: User) -> QuerySet[AdviceRequest]:
    """Requests of the person's own organisations, as lead or as partner, newest first.

    A person who is also a coordinator or expert sees only their organisations' requests here;
    their other work has its own pages.
    """
    orgs = member_organisation_ids(user)
    partner = AdviceRequest.partners.through.objects.filter(
        advicerequest_id=OuterRef("pk"), organisation_id__in=orgs
    )
    requests = selectors.visible_requests(user).filter(
        Q(lead_organisation_id__in=orgs) | Exists(partner)
    )
    return selectors.with_list_joins(requests).order_by("-created_at", "-id")


def intake_form_draft(user: User, intake_key: str) -> int | None:
    """The id of the request ``user`` made from the intake page with this key, if any."""
    if not intake_key or not user.is_authenticated:
        return None
    return (
        AdviceRequest.objects.filter(created_by=user, intake_key=intake_key)
        .values_list("pk", flat=True)
        .first()
    )


def waiting_for_answer(user: User) -> QuerySet[AdviceRequest]:
    """Requests of the person's lead organisations where a coordinator waits for their answer
    (information requested), the longest waiting first."""
    orgs = member_organisation_ids(user)
    return (
        selectors.visible_requests(user)
        .filter(lead_organisation_id__in=orgs, status=Status.NEEDS_INFO)
        .select_related("lead_organisation")
        .order_by("updated_at", "id")
    )
