"""The notice that a signed-in person's session is about to end (and has ended).

The session ends after ``SESSION_COOKIE_AGE`` idle seconds; ``expertdesk/session.js`` counts
them from the page's last answer from the server and shows the notice
``SESSION_WARNING_SECONDS`` before, with a button that keeps the session.
"""

from __future__ import annotations

import math

from django import template
from django.conf import settings

register = template.Library()

DEFAULT_WARNING_SECONDS = 5 * 60


@register.inclusion_tag("expertdesk/session_notice.html", takes_context=True)
def session_notice(context: template.Context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    idle = int(settings.SESSION_COOKIE_AGE)
    warning = min(getattr(settings, "SESSION_WARNING_SECONDS", DEFAULT_WARNING_SECONDS), idle)
    return {
        "show": user is not None and user.is_authenticated,
        "idle_seconds": idle,
        "warning_seconds": warning,
        "minutes": max(1, math.ceil(warning / 60)),
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path() if request is not None else "/",
    }
