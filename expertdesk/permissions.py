"""Who may see what the project-level pages show beyond the public answer."""

from __future__ import annotations

from accounts.roles import AnyUser, is_admin, is_coordinator


def can_see_health_details(user: AnyUser) -> bool:
    """The per-check results of /healthz (database vendor, queue size, workers) are for the
    people who run the service; the public answer is only ok or unhealthy."""
    return is_admin(user) or is_coordinator(user)
