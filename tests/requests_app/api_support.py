"""Shared helpers of the API tests (tests/requests_app/test_api_*.py)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import create_api_token


def english_client(**kwargs) -> APIClient:
    """A JSON client that reads English: the tests compare the English source messages.

    The language cookie is what both the language switch and Django's LocaleMiddleware obey.
    """
    client = APIClient(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.default_format = "json"
    return client


def token_client(user) -> APIClient:
    """A client that signs every call with a new API token of the user, as an integration would.

    The token counts as used just now, so the once-a-minute write of its last use (see
    requests_app.api.authentication) is not among the queries the tests count."""
    new = create_api_token(actor=user, name="tests")
    ApiToken.objects.filter(pk=new.token.pk).update(last_used_at=timezone.now())
    client = english_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {new.secret}")
    return client


def session_client(user) -> APIClient:
    """A client with a signed-in browser session (CSRF checks on, as in a browser)."""
    client = english_client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def url(path: str = "") -> str:
    return f"/api/v1/requests/{path}"


def put_expert_to_work(request, *, coordinator, expert_user) -> None:
    """Assign an expert who accepts, and waive co-financing: what "start" needs."""
    from requests_app.services import assignments, lifecycle

    assignment = assignments.assign_expert(
        actor=coordinator, request_id=request.pk, expert_id=expert_user.expert_profile.pk
    )
    assignments.accept_assignment(actor=expert_user, assignment_id=assignment.pk)
    lifecycle.set_cofinancing_waived(
        actor=coordinator, request_id=request.pk, waived=True, note="Alleen programma-uren"
    )
