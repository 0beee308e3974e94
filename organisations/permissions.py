"""Who may act for an organisation and manage who belongs to it (roles: ``accounts.roles``)."""

from __future__ import annotations

from accounts.roles import AnyUser, Link, is_admin, is_coordinator, linked_ids


def member_organisation_ids(user: AnyUser) -> frozenset[int]:
    """Organisations the person may act for (active memberships only)."""
    return linked_ids(user, Link.ORGANISATION)


def can_file_for(user: AnyUser, organisation_id: int) -> bool:
    return is_admin(user) or organisation_id in member_organisation_ids(user)


def can_manage_memberships(user: AnyUser) -> bool:
    """Invite requesters and approve self-registered people's links to organisations."""
    return is_admin(user) or is_coordinator(user)
