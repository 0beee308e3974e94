"""Shared helpers of the API tests (tests/requests_app/test_api_*.py)."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def token_client(user) -> APIClient:
    """A client that signs every call with the user's API token, as an integration would."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient(headers={"Accept-Language": "en"})
    client.default_format = "json"
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def session_client(user) -> APIClient:
    """A client with a signed-in browser session (CSRF checks on, as in a browser)."""
    client = APIClient(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    client.default_format = "json"
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
    lifecycle.set_cofinancing_waived(actor=coordinator, request_id=request.pk, waived=True)
