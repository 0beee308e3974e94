from __future__ import annotations

from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """What every page needs to draw the navigation for the current person's roles."""
    from accounts.roles import roles_of

    user = getattr(request, "user", None)
    return {"user_roles": roles_of(user) if user is not None else frozenset()}
