"""How django-axes recognises "one account" in a failed login."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
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


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as allauth sees it, so lockouts and rate limits agree.

    Behind TRUSTED_PROXY_COUNT proxies it is taken from X-Forwarded-For at that depth; with
    none, X-Forwarded-For is ignored (a client could write anything there). None when the
    request carries no address at all (``Client.force_login`` builds such a request).
    """
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:  # allauth's way of saying "no address"
        return None
