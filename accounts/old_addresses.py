"""The English addresses the account pages had under /accounts/: each answers with a permanent
redirect to its Dutch one, so bookmarks and links in e-mails already sent (confirm an address,
reset a password) keep working.

This module is also the URLconf of those old addresses: resolved here, never served. A page is
found by its URL name, so no list of old paths is kept by hand.
"""

from __future__ import annotations

import posixpath

from django.http import Http404, HttpRequest, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, Resolver404, include, path, resolve, reverse

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("allauth.urls")),
]


def redirect_to_dutch_address(request: HttpRequest, rest: str) -> HttpResponsePermanentRedirect:
    """``/accounts/<rest>`` -> the same page (same URL name and arguments) at its Dutch address."""
    if not rest:
        # /account/ itself, where allauth's middleware sends on to the login or e-mail page.
        return HttpResponsePermanentRedirect(
            posixpath.commonpath([reverse("account_login"), reverse("account_email")]) + "/"
        )
    try:
        match = resolve(f"/{rest}", urlconf=__name__)
        target = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch):
        raise Http404 from None
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
