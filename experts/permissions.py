"""Who may see and keep an expert's profile (roles: ``accounts.roles``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.roles import AnyUser, Link, is_admin, is_coordinator, is_expert, linked_ids

if TYPE_CHECKING:
    from experts.models import Expert


def coordinated_team_ids(user: AnyUser) -> frozenset[int]:
    return linked_ids(user, Link.TEAM)


def expert_id(user: AnyUser) -> int | None:
    """The person's active expert profile, if any."""
    return next(iter(linked_ids(user, Link.EXPERT)), None)


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
