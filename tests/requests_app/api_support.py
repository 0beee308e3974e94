"""Shared helpers of the API tests (tests/requests_app/test_api_*.py)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def english_client(**kwargs) -> APIClient:
    """A JSON client that reads English: the tests compare the English source messages.

    The language cookie is what both the language switch and Django's LocaleMiddleware obey.
    """
    client = APIClient(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.default_format = "json"
    return client


def token_client(user) -> APIClient:
    """A client that signs every call with the user's API token, as an integration would."""
    token, _ = Token.objects.get_or_create(user=user)
    client = english_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
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
