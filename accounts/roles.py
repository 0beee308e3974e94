"""Who is what: roles are derived, never stored (DESIGN §9), and derived here only.

A requester has an active organisation membership, a coordinator is named on a team, an expert
has an active expert profile, an admin is staff (a functional administrator); a person may
hold several roles. The data behind a role belongs to the app that owns it, so each app
registers the link it owns when Django starts (``organisations`` its memberships, ``experts``
its teams and profiles): this module stays at the bottom of the dependency graph and every app
may ask it. The per-app ``permissions.py`` modules build their predicates on top of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

from accounts.models import User

AnyUser = User | AnonymousUser


class Role(StrEnum):
    REQUESTER = "requester"
    COORDINATOR = "coordinator"
    EXPERT = "expert"
    ADMIN = "admin"


class Link(StrEnum):
    """What a person is linked to; each link makes a role."""

    TEAM = "team"  # teams the person coordinates
    ORGANISATION = "organisation"  # organisations with an active membership
    EXPERT = "expert"  # the active expert profile


# When a person holds several roles they land on the most demanding one's home.
LANDING_ORDER = (Role.ADMIN, Role.COORDINATOR, Role.EXPERT, Role.REQUESTER)

_ROLES_ATTR = "_expertdesk_roles"
_LINKS_ATTR = "_expertdesk_links"


@dataclass(frozen=True)
class _Source:
    role: Role
    table: str  # with a user_id column
    column: str  # the id the person is linked to
    condition: str  # SQL that must also hold, e.g. "status = %s"; "" for none
    params: tuple  # values for ``condition``


_SOURCES: dict[Link, _Source] = {}


def register_link(
    link: Link, *, role: Role, table: str, column: str, condition: str = "", params: tuple = ()
) -> None:
    """Called by the app that owns the link, from its ``AppConfig.ready``: rows of ``table``
    whose ``user_id`` is the person and that meet ``condition`` give the person ``role``."""
    _SOURCES[link] = _Source(role, table, column, condition, params)


def _where(source: _Source, *, for_one_person: bool) -> str:
    tests = (["user_id = %s"] if for_one_person else []) + (
        [source.condition] if source.condition else []
    )
    return " AND ".join(tests) or "1 = 1"


def holders_of(role: Role) -> QuerySet[User]:
    """Active people who hold ``role`` (for mail to every coordinator, say)."""
    people = User.objects.filter(is_active=True)
    if role == Role.ADMIN:
        return people.filter(is_staff=True)
    parts, params = [], []
    for source in _SOURCES.values():
        if source.role == role:
            # Only table and column names from the models are in the SQL; values are parameters.
            where = _where(source, for_one_person=False)
            parts.append(f"SELECT user_id FROM {source.table} WHERE {where}")  # noqa: S608
            params.extend(source.params)
    if not parts:
        return people.none()
    return people.filter(pk__in=RawSQL(" UNION ".join(parts), params))  # noqa: S611 (names only)


def _links(user: User) -> dict[Link, frozenset[int]]:
    """Everything roles are derived from, read in one query and kept on the user object.

    Plain SQL on purpose: every signed-in request asks this, and building the same union
    through the ORM costs thirty times the query itself (bench_requests).
    """
    cached = getattr(user, _LINKS_ATTR, None)
    if cached is not None:
        return cached
    kinds = list(_SOURCES)
    parts, params = [], []
    for index, kind in enumerate(kinds):
        source = _SOURCES[kind]
        where = _where(source, for_one_person=True)
        # Only table and column names from the models are in the SQL; values are parameters.
        parts.append(f"SELECT {index}, {source.column} FROM {source.table} WHERE {where}")  # noqa: S608
        params.extend([user.pk, *source.params])
    rows: list[tuple[int, int]] = []
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            rows = cursor.fetchall()
    links = {
        kind: frozenset(link for index, link in rows if index == position)
        for position, kind in enumerate(kinds)
    }
    setattr(user, _LINKS_ATTR, links)
    return links


def linked_ids(user: AnyUser, link: Link) -> frozenset[int]:
    """The ids ``user`` is linked to (teams coordinated, organisations, expert profile)."""
    if not user.is_authenticated:
        return frozenset()
    return _links(user).get(link, frozenset())


def roles_of(user: AnyUser) -> frozenset[Role]:
    """The roles of ``user``, computed once per user object (one small query)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _ROLES_ATTR, None)
    if cached is not None:
        return cached
    roles = {Role.ADMIN} if user.is_staff else set()  # administrators work in the Django admin
    for link, ids in _links(user).items():
        if ids:
            roles.add(_SOURCES[link].role)
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


def require(allowed: bool) -> None:
    """Raise 403 unless ``allowed``; call after the object passed the visibility check."""
    if not allowed:
        raise PermissionDenied
