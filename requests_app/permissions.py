"""The one policy module: who is what, and who may do what (DESIGN §9).

Roles are derived, never stored: a requester has an active organisation membership, a
coordinator is named on a team, an expert has an active expert profile, an admin is staff (a
functional administrator). A person may hold several roles. Pages, the API and templates all
ask the predicates here; ``requests_app.selectors.visible_requests`` is the same rule as a query.

Objects you may not see answer 404 (``get_visible_request_or_404``); actions you may not take
answer 403 (``PermissionDenied``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from accounts.models import User
from requests_app.enums import EDITABLE, TRANSITIONS, Action, Actor, Status

if TYPE_CHECKING:
    from requests_app.models import AdviceRequest

AnyUser = User | AnonymousUser


class Role(StrEnum):
    REQUESTER = "requester"
    COORDINATOR = "coordinator"
    EXPERT = "expert"
    ADMIN = "admin"


# When a person holds several roles they land on the most demanding one's home.
LANDING_ORDER = (Role.ADMIN, Role.COORDINATOR, Role.EXPERT, Role.REQUESTER)

_ROLES_ATTR = "_expertdesk_roles"
_LINKS_ATTR = "_expertdesk_links"


# --- who is what ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Links:
    teams: frozenset[int]  # teams the person coordinates
    organisations: frozenset[int]  # organisations with an active membership
    expert: int | None  # the active expert profile


_TEAM, _ORGANISATION, _EXPERT = 1, 2, 3


def _links(user: User) -> _Links:
    """Everything roles are derived from, read in one query and kept on the user object.

    Plain SQL on purpose: every signed-in request asks this, and building the same union
    through the ORM costs thirty times the query itself (bench_requests).
    """
    cached = getattr(user, _LINKS_ATTR, None)
    if cached is not None:
        return cached
    from experts.models import Expert, Team
    from requests_app.models import Membership

    # Only table names from the models are formatted in; every value is a parameter.
    sql = (
        f"SELECT {_TEAM}, team_id FROM {Team.coordinators.through._meta.db_table} "  # noqa: S608
        "WHERE user_id = %s "
        f"UNION ALL SELECT {_ORGANISATION}, organisation_id FROM {Membership._meta.db_table} "
        "WHERE user_id = %s AND status = %s "
        f"UNION ALL SELECT {_EXPERT}, id FROM {Expert._meta.db_table} "
        "WHERE user_id = %s AND active"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, user.pk, Membership.Status.ACTIVE.value, user.pk])
        rows = cursor.fetchall()
    links = _Links(
        teams=frozenset(link for kind, link in rows if kind == _TEAM),
        organisations=frozenset(link for kind, link in rows if kind == _ORGANISATION),
        expert=next((link for kind, link in rows if kind == _EXPERT), None),
    )
    setattr(user, _LINKS_ATTR, links)
    return links


def coordinated_team_ids(user: AnyUser) -> frozenset[int]:
    return _links(user).teams if user.is_authenticated else frozenset()


def member_organisation_ids(user: AnyUser) -> frozenset[int]:
    """Organisations the person may act for (active memberships only)."""
    return _links(user).organisations if user.is_authenticated else frozenset()


def expert_id(user: AnyUser) -> int | None:
    """The person's active expert profile, if any."""
    return _links(user).expert if user.is_authenticated else None


def roles_of(user: AnyUser) -> frozenset[Role]:
    """The roles of ``user``, computed once per user object (one small query)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _ROLES_ATTR, None)
    if cached is not None:
        return cached
    roles = set()
    if user.is_staff:  # functional administrators work in the Django admin
        roles.add(Role.ADMIN)
    if coordinated_team_ids(user):
        roles.add(Role.COORDINATOR)
    if expert_id(user) is not None:
        roles.add(Role.EXPERT)
    if member_organisation_ids(user):
        roles.add(Role.REQUESTER)
    result = frozenset(roles)
    setattr(user, _ROLES_ATTR, result)
    return result


def forget_roles(user: AnyUser) -> None:
    """Drop the cached roles after a change of memberships, teams or profile."""
    for attr in (_ROLES_ATTR, _LINKS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def is_admin(user: AnyUser) -> bool:
    return Role.ADMIN in roles_of(user)


def is_coordinator(user: AnyUser) -> bool:
    return Role.COORDINATOR in roles_of(user)


def is_expert(user: AnyUser) -> bool:
    return Role.EXPERT in roles_of(user)


def is_requester(user: AnyUser) -> bool:
    return Role.REQUESTER in roles_of(user)


def landing_role(user: AnyUser) -> Role | None:
    roles = roles_of(user)
    return next((role for role in LANDING_ORDER if role in roles), None)


def needs_two_factor_setup(user: AnyUser) -> bool:
    """Coordinators and admins without an authenticator must set one up before working."""
    if not (is_admin(user) or is_coordinator(user)):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


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


def can_file_for(user: AnyUser, organisation_id: int) -> bool:
    return is_admin(user) or organisation_id in member_organisation_ids(user)


def can_edit_request(user: AnyUser, request: AdviceRequest) -> bool:
    """Change the text, themes, partners and attachments: the lead organisation's requesters
    while the request is a draft or information was asked."""
    return request.status in EDITABLE and (is_admin(user) or is_lead_member(user, request))


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


def can_add_internal_note(user: AnyUser, request: AdviceRequest) -> bool:
    return can_see_internal(user, request)


def can_manage_memberships(user: AnyUser) -> bool:
    """Invite requesters and approve self-registered people's links to organisations."""
    return is_admin(user) or is_coordinator(user)


def require(allowed: bool) -> None:
    """Raise 403 unless ``allowed``; call after the object passed the visibility check."""
    if not allowed:
        raise PermissionDenied


# --- experts: profiles and load --------------------------------------------------------------

if TYPE_CHECKING:
    from experts.models import Expert


def coordinates_expert(user: AnyUser, expert: Expert) -> bool:
    """A coordinator of one of the expert's teams (uses a prefetch of ``expert.teams``)."""
    teams = coordinated_team_ids(user)
    return bool(teams) and any(team.id in teams for team in expert.teams.all())


def can_edit_expert(user: AnyUser, expert: Expert) -> bool:
    """Keep a profile up to date (capacity, skills, absences, conflicts of interest): the
    expert themself, a coordinator of one of their teams, an admin. Nobody else sees it (404)."""
    if not user.is_authenticated:
        return False
    if is_admin(user) or (is_expert(user) and expert_id(user) == expert.pk):
        return True
    return coordinates_expert(user, expert)


def can_view_expert_load(user: AnyUser) -> bool:
    """The load page of one's teams' experts: coordinators and admins."""
    return is_admin(user) or is_coordinator(user)
