"""A form posted after the session ended is kept across the new sign-in.

The session ends after 30 idle minutes; whoever then posts a long text would be sent to the
sign-in page and lose it. Instead the posted fields are kept in the (new, anonymous) session
under a one-time token, the sign-in page returns to the form with that token, and the form
view puts them back. Django keeps the session's data when the person signs in.

A stashed form is given back only to the person it was typed by: the form carries its author
signed (``owner_field``), so somebody else signing in at the same computer gets nothing.
Uploaded files cannot be kept.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.html import format_html

RESTORE_PARAM = "herstel"
OWNER_FIELD = "stash_owner"
SESSION_KEY = "expertdesk_stashed_forms"
MAX_STASHED = 3  # per session: enough for a few tabs, never a growing session
_SALT = "expertdesk.stash.owner"
_NOT_KEPT = {"csrfmiddlewaretoken", OWNER_FIELD}


def owner_field(user) -> str:
    """The hidden field a form needs to be given back after a new sign-in."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        OWNER_FIELD,
        signing.dumps(user.pk, salt=_SALT),
    )


def stash_post(request: HttpRequest) -> str | None:
    """Keep the posted fields under a new one-time token; None if the form names no author."""
    owner = request.POST.get(OWNER_FIELD, "")
    if not owner:
        return None
    token = secrets.token_urlsafe(16)
    stashed = dict(request.session.get(SESSION_KEY, {}))
    while len(stashed) >= MAX_STASHED:
        stashed.pop(next(iter(stashed)))
    stashed[token] = {
        "path": request.path,
        "owner": owner,
        "fields": {
            name: request.POST.getlist(name) for name in request.POST if name not in _NOT_KEPT
        },
    }
    request.session[SESSION_KEY] = stashed
    return token


def restore_post(request: HttpRequest) -> QueryDict | None:
    """The fields stashed under the request's token for this page and this person, once."""
    token = request.GET.get(RESTORE_PARAM, "")
    stashed = dict(request.session.get(SESSION_KEY, {}))
    entry = stashed.pop(token, None) if token else None
    if entry is None:
        return None
    request.session[SESSION_KEY] = stashed  # one time only
    try:
        owner = signing.loads(entry["owner"], salt=_SALT)
    except signing.BadSignature:
        return None
    if entry["path"] != request.path or owner != request.user.pk:
        return None
    data = QueryDict(mutable=True)
    for name, values in entry["fields"].items():
        data.setlist(name, values)
    return data


def login_required_keeping_post(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """``login_required`` for a form page: a form posted without a session (it ended while
    the person was typing) is stashed and given back to the page after the new sign-in."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        token = stash_post(request) if request.method == "POST" else None
        if token is None:
            return redirect_to_login(request.get_full_path())
        return redirect_to_login(f"{request.path}?{RESTORE_PARAM}={token}")

    return wrapper
