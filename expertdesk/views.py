"""Project-level views: the health check for load balancers, the language switch and the
session notice's "stay signed in"."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language
from django_q.brokers import get_broker
from django_q.status import Stat
from rest_framework.exceptions import AuthenticationFailed

from accounts.roles import AnyUser
from expertdesk.permissions import can_see_health_details
from requests_app.api.authentication import TokenAuthentication

logger = logging.getLogger(__name__)


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not healthy", reported, never raised
        logger.warning("healthz: database check failed: %s", exc)
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _check_broker_and_worker() -> tuple[dict, dict]:
    try:
        broker = get_broker()
        reachable = bool(broker.ping())
        queued = broker.queue_size() if reachable else None
    except Exception as exc:
        logger.warning("healthz: broker check failed: %s", exc)
        return {"ok": False, "error": exc.__class__.__name__}, {"ok": False, "clusters": 0}
    broker_result = {
        "ok": reachable,
        "kind": "redis" if settings.REDIS_URL else "orm",
        "queued": queued,
    }
    try:
        # Each running cluster writes a stat with a 3-second lifetime on every guard cycle:
        # a live stat is a heartbeat.
        clusters = Stat.get_all(broker=broker)
    except Exception as exc:
        logger.warning("healthz: worker heartbeat check failed: %s", exc)
        return broker_result, {"ok": False, "error": exc.__class__.__name__, "clusters": 0}
    workers = sum(len(stat.workers) for stat in clusters)
    return broker_result, {"ok": bool(clusters), "clusters": len(clusters), "workers": workers}


def _caller(request: HttpRequest) -> AnyUser:
    """The signed-in person, or the owner of the API token sent (the API's own token check)."""
    if request.user.is_authenticated:
        return request.user
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        found = None
    return found[0] if found else request.user


@never_cache
@require_safe  # GET, and HEAD for load balancers that probe with it
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the broker and (if required) a worker answer; 503 otherwise.

    Everyone gets only ``ok`` or ``unhealthy``: the database vendor, queue size and workers
    would tell an outsider how the service is built and how busy it is. Coordinators and
    admins (session or API token) also get each check's result.
    """
    database = _check_database()
    broker, worker = _check_broker_and_worker()
    required = [database, broker] + ([worker] if settings.HEALTHZ_REQUIRE_WORKER else [])
    healthy = all(check["ok"] for check in required)
    body: dict = {"status": "ok" if healthy else "unhealthy"}
    if can_see_health_details(_caller(request)):
        body["checks"] = {"database": database, "broker": broker, "worker": worker}
    return JsonResponse(body, status=200 if healthy else 503)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; for a signed-in person the choice is also kept on the
    account, because e-mails go out in that language."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


@require_POST
def keep_session_alive(request: HttpRequest) -> HttpResponse:
    """The session notice's "stay signed in". The session is saved on every request, so
    answering is all it takes; without JavaScript the button returns to the page."""
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    if not request.user.is_authenticated:
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Trigger"] = "expertdesk:session-ended"
            return response
        return redirect_to_login(back)
    if request.htmx:
        return HttpResponse(status=204)
    return redirect(back)
