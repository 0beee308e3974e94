"""Who may see which figures (roles: ``accounts.roles``).

Coordinators see their own teams' dashboard (and all their teams together), admins every team's;
a requester sees the figures of the organisations they are an active member of, an expert only
their own. Pages and the API ask these.
"""

from __future__ import annotations

from accounts.roles import AnyUser, is_admin
from experts.models import Team
from experts.permissions import coordinated_team_ids, expert_id
from organisations.permissions import member_organisation_ids


def dashboard_team_ids(user: AnyUser) -> frozenset[int]:
    """The teams whose dashboard ``user`` may open: every team for an admin."""
    if not user.is_authenticated:
        return frozenset()
    if is_admin(user):
        return frozenset(Team.objects.values_list("pk", flat=True))
    return coordinated_team_ids(user)


def can_view_dashboard(user: AnyUser) -> bool:
    return bool(dashboard_team_ids(user))


def figures_organisation_ids(user: AnyUser) -> frozenset[int]:
    """Organisations whose own figures the page shows ``user``: their active memberships."""
    return member_organisation_ids(user)


def can_view_organisation_figures(user: AnyUser, organisation_id: int) -> bool:
    return is_admin(user) or organisation_id in figures_organisation_ids(user)


def own_expert_id(user: AnyUser) -> int | None:
    """The expert whose figures ``user`` may see: only their own profile."""
    return expert_id(user)
