"""The person's API tokens on an account page: list, make (the token is shown once, on the
next page only), revoke. The API offers the same at /api/v1/auth/tokens/."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors, services
from accounts.forms import ApiTokenForm
from core.exceptions import Conflict

_NEW_TOKEN = "accounts:new-api-token"  # noqa: S105 (a session key, not a secret)
TEMPLATE = "accounts/api_tokens.html"


def _page(request: HttpRequest, form: ApiTokenForm, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        TEMPLATE,
        {
            "tokens": list(selectors.live_api_tokens(request.user)),
            "new": request.session.pop(_NEW_TOKEN, None),
            "form": form,
            "api_token_idle_days": settings.API_TOKEN_IDLE_DAYS,
        },
        status=status,
    )


@login_required
@require_GET
def api_tokens(request: HttpRequest) -> HttpResponse:
    return _page(request, ApiTokenForm())


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            new = services.create_api_token(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as refused:
            form.add_service_errors(refused)
        else:
            # Shown once, on the next page only; the session is signed-in and not logged.
            request.session[_NEW_TOKEN] = {"name": new.token.name, "secret": new.secret}
            messages.success(request, _("The token is made. Copy it now: it is shown only once."))
            return redirect("accounts:api-tokens")
    return _page(request, form, status=400)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.revoke_api_token(actor=request.user, token_id=pk)
    except Conflict as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The token no longer works; calls with it are refused."))
    return redirect("accounts:api-tokens")
