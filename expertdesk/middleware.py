"""Session lifetime, two-factor enforcement and caching headers for signed-in pages."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "expertdesk_session_started"


def stamp_session_start(
    sender: object, request: HttpRequest, user: object, **kwargs: object
) -> None:
    """``user_logged_in`` receiver: the twelve hours count from sign-in, not the first page."""
    request.session[SESSION_STARTED_KEY] = time.time()


class SessionLifetimeMiddleware:
    """End a session 12 hours after sign-in, however active it was (BIO / ASVS 3.3).

    The 30-minute idle limit is Django's own (SESSION_COOKIE_AGE, saved on every request).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:  # a session from before the stamp existed: count from now
                request.session[SESSION_STARTED_KEY] = now
            elif now - started > settings.SESSION_ABSOLUTE_MAX_AGE:
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Send coordinators and admins without a second factor to set one up first.

    Only pages needed to set it up (and to sign out) stay reachable. Switched by
    EXPERTDESK_REQUIRE_2FA_FOR_STAFF (on in production).
    """

    # /account/: the account pages; /accounts/: single sign-on (OpenID Connect) and the old
    # addresses, which redirect to /account/.
    ALLOWED_PREFIXES = ("/account/", "/accounts/", "/static/", "/healthz", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.EXPERTDESK_REQUIRE_2FA_FOR_STAFF
            and request.user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            from accounts.roles import needs_two_factor_setup

            if needs_two_factor_setup(request.user):
                if request.path.startswith("/api/"):
                    # An API caller gets an answer it can read, not a page to set it up.
                    return JsonResponse(
                        {
                            "detail": _(
                                "Your role requires two-factor authentication. Set it "
                                "up in expertdesk first."
                            )
                        },
                        status=403,
                    )
                messages.warning(
                    request,
                    _("Your role requires two-factor authentication. Set it up to continue."),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages for a signed-in person must not stay in shared or browser caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            add_never_cache_headers(response)  # includes no-store
        return response


class DutchFirstLocaleMiddleware:
    """Dutch unless the person chose English — a browser's Accept-Language is not asked
    (an API client's is).

    The choice is the language cookie that the language switch sets (``expertdesk.views.
    set_language``, which also keeps it on the account for e-mail); without a cookie, a
    signed-in person's account language counts.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def _first_accepted(self, request: HttpRequest) -> str | None:
        first = request.headers.get("Accept-Language", "").split(",")[0].split(";")[0]
        code = first.strip()[:2].lower()
        return code if code in self.supported else None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        user = getattr(request, "user", None)
        if chosen not in self.supported:
            chosen = None
        if chosen is None and user is not None and user.is_authenticated:
            chosen = user.language if user.language in self.supported else None
        if chosen is None and request.path.startswith("/api/"):
            # API clients (token-authenticated, so no user yet) ask in the standard way.
            chosen = self._first_accepted(request)
        language = chosen or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
