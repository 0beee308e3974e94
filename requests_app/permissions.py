"""The one policy module: who is what, and who may do what.

Roles are derived, never stored: a requester has an organisation membership, a coordinator is
named on a team, an expert has an active expert profile, an admin is staff (a functional
administrator). A person may hold several roles. Pages, the API and templates all ask the
predicates here.
"""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AnonymousUser

from accounts.models import User


class Role(StrEnum):
    REQUESTER = "requester"
    COORDINATOR = "coordinator"
    EXPERT = "expert"
    ADMIN = "admin"


# When a person holds several roles they land on the most demanding one's home.
LANDING_ORDER = (Role.ADMIN, Role.COORDINATOR, Role.EXPERT, Role.REQUESTER)

_CACHE_ATTR = "_expertdesk_roles"


def roles_of(user: User | AnonymousUser) -> frozenset[Role]:
    """The roles of ``user``, computed once per request object (three small queries)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles = set()
    if user.is_staff:  # functional administrators work in the Django admin
        roles.add(Role.ADMIN)
    if user.coordinated_teams.exists():
        roles.add(Role.COORDINATOR)
    if _has_active_expert_profile(user):
        roles.add(Role.EXPERT)
    if user.memberships.exists():
        roles.add(Role.REQUESTER)
    result = frozenset(roles)
    setattr(user, _CACHE_ATTR, result)
    return result


def _has_active_expert_profile(user: User) -> bool:
    from experts.models import Expert

    return Expert.objects.filter(user=user, active=True).exists()


def is_admin(user: User | AnonymousUser) -> bool:
    return Role.ADMIN in roles_of(user)


def is_coordinator(user: User | AnonymousUser) -> bool:
    return Role.COORDINATOR in roles_of(user)


def is_expert(user: User | AnonymousUser) -> bool:
    return Role.EXPERT in roles_of(user)


def is_requester(user: User | AnonymousUser) -> bool:
    return Role.REQUESTER in roles_of(user)


def landing_role(user: User | AnonymousUser) -> Role | None:
    roles = roles_of(user)
    return next((role for role in LANDING_ORDER if role in roles), None)


def needs_two_factor_setup(user: User | AnonymousUser) -> bool:
    """Coordinators and admins without an authenticator must set one up before working."""
    if not (is_admin(user) or is_coordinator(user)):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
