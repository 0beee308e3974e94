"""Who may see and do what with advice requests (DESIGN §9).

Roles are derived in ``accounts.roles``; profile and membership rules live in
``experts.permissions`` and ``organisations.permissions``. Pages, the API and templates all ask
the predicates here; ``requests_app.selectors.visible_requests`` is the same rule as a query.

Objects you may not see answer 404 (``get_visible_request_or_404``); actions you may not take
answer 403 (``PermissionDenied``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.roles import AnyUser, is_admin, is_coordinator
from core.exceptions import Conflict
from experts.permissions import coordinated_team_ids, expert_id
from organisations.permissions import member_organisation_ids
from requests_app.enums import EDITABLE, TRANSITIONS, Action, Actor, Status

if TYPE_CHECKING:
    from requests_app.models import AdviceRequest

# --- requests: seeing ------------------------------------------------------------------------


def _partner_ids(request: AdviceRequest) -> set[int]:
    # Uses the prefetch when the selector made one; a query otherwise.
    return {org.id for org in request.partners.all()}


def is_lead_member(user: AnyUser, request: AdviceRequest) -> bool:
    return request.lead_organisation_id in member_organisation_ids(user)


def is_partner_member(user: AnyUser, request: AdviceRequest) -> bool:
    orgs = member_organisation_ids(user)
    return bool(orgs) and bool(orgs & _partner_ids(request))


def coordinates_request(user: AnyUser, request: AdviceRequest) -> bool:
    """A coordinator of the request's team; every coordinator while no team is chosen."""
    if request.status == Status.DRAFT:
        return False
    teams = coordinated_team_ids(user)
    return bool(teams) and (request.team_id is None or request.team_id in teams)


def is_assigned_expert(user: AnyUser, request: AdviceRequest) -> bool:
    profile = expert_id(user)
    if profile is None:
        return False
    from requests_app.models import Assignment

    return Assignment.objects.filter(
        request=request, expert_id=profile, status__in=Assignment.ACTIVE
    ).exists()


def can_view_request(user: AnyUser, request: AdviceRequest) -> bool:
    if not user.is_authenticated:
        return False
    if is_admin(user) or is_lead_member(user, request):
        return True
    if request.status == Status.DRAFT:
        return False  # a draft is the lead organisation's own business
    return (
        coordinates_request(user, request)
        or is_partner_member(user, request)
        or is_assigned_expert(user, request)
    )


def can_see_internal(user: AnyUser, request: AdviceRequest) -> bool:
    """Internal notes, internal timeline events, match scores and capacity."""
    return is_admin(user) or coordinates_request(user, request) or is_assigned_expert(user, request)


def get_visible_request_or_404(user: AnyUser, pk: int) -> AdviceRequest:
    """The request, if ``user`` may see it; 404 otherwise (no hint that it exists)."""
    from requests_app import selectors

    request = selectors.request_detail(pk)
    if request is None or not can_view_request(user, request):
        raise Http404
    return request


# --- requests: acting ------------------------------------------------------------------------


def is_request_editor(user: AnyUser, request: AdviceRequest) -> bool:
    """Who edits the request whenever its status allows it: the lead organisation's requesters
    (and admins)."""
    return is_admin(user) or is_lead_member(user, request)


def can_edit_request(user: AnyUser, request: AdviceRequest) -> bool:
    """Change the text, themes, partners and attachments: the lead organisation's requesters
    while the request is a draft or information was asked."""
    return request.status in EDITABLE and is_request_editor(user, request)


def check_edit_request(user: AnyUser, request: AdviceRequest) -> None:
    """Why ``user`` may not edit ``request`` now, as the page and the API both answer it:
    ``PermissionDenied`` (403) for who never edits it (experts, coordinators, partners), a
    ``Conflict`` (409) naming the status for its editors while the status does not allow it.
    Returns quietly when the edit is allowed."""
    if not is_request_editor(user, request):
        raise PermissionDenied(
            _("Only the requesters of the lead organisation can change a request.")
        )
    if request.status not in EDITABLE:
        raise Conflict(
            _("A request that is “%s” can no longer be changed.") % request.get_status_display()
        )


def can_transition(user: AnyUser, request: AdviceRequest, action: Action) -> bool:
    transition = TRANSITIONS[action]
    if is_admin(user):
        return True
    if transition.actor == Actor.REQUESTER:
        return is_lead_member(user, request)
    return coordinates_request(user, request)


def can_route(user: AnyUser, request: AdviceRequest) -> bool:
    """Send a request to a team by hand (also to re-route it)."""
    return is_admin(user) or coordinates_request(user, request)


def can_assign(user: AnyUser, request: AdviceRequest) -> bool:
    """Propose, release and re-budget experts: the request's coordinators and admins."""
    return is_admin(user) or coordinates_request(user, request)


def can_plan(user: AnyUser) -> bool:
    """Open the batch plan: coordinators and admins."""
    return is_admin(user) or is_coordinator(user)


def can_add_internal_note(user: AnyUser, request: AdviceRequest) -> bool:
    return can_see_internal(user, request)
