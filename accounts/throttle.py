"""How django-axes recognises "one account" in a failed login."""

from __future__ import annotations

from django.http import HttpRequest


def login_identifier(request: HttpRequest, credentials: dict | None) -> str | None:
    """The e-mail address typed, lower-cased, so ``Ann@x`` and ``ann@x`` count as one account.

    allauth authenticates with ``email=``; the admin login form posts ``username``.
    """
    credentials = credentials or {}
    value = (
        credentials.get("email")
        or credentials.get("username")
        or request.POST.get("login")
        or request.POST.get("username")
    )
    return value.strip().lower() if value else None
