"""/healthz: everyone learns only ok or unhealthy; coordinators and admins, by session or API
token, also see each check (which would tell an outsider the database, queue and workers)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from accounts.services import create_api_token
from tests.expertdesk.test_taskqueue import broker_kind

# No worker runs in these tests, so the service is unhealthy for want of one.
DETAILS = {
    "status": "unhealthy",
    "checks": {
        "database": {"ok": True, "vendor": connection.vendor},
        "broker": {"ok": True, "kind": broker_kind(), "queued": 0},
        "worker": {"ok": False, "clusters": 0, "workers": 0},
    },
}
PUBLIC = {"status": "unhealthy"}


def healthz(client, **headers) -> tuple[int, dict]:
    response = client.get(reverse("healthz"), headers=headers)
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("who", "body"),
    [
        (None, PUBLIC),
        ("requester", PUBLIC),
        ("expert", PUBLIC),
        ("coordinator_weer_thuis", DETAILS),
        ("admin_user", DETAILS),
    ],
)
def test_only_coordinators_and_admins_signed_in_see_the_checks(client, db, request, who, body):
    if who:
        client.force_login(request.getfixturevalue(who))

    assert healthz(client) == (503, body)


@pytest.mark.parametrize(
    ("who", "body"),
    [("requester", PUBLIC), ("coordinator_woningbouw", DETAILS), ("admin_user", DETAILS)],
)
def test_an_api_token_of_a_coordinator_or_admin_shows_the_checks(client, db, request, who, body):
    token = create_api_token(actor=request.getfixturevalue(who), name="monitoring")

    assert healthz(client, Authorization=f"Token {token.secret}") == (503, body)


@pytest.mark.parametrize("header", ["Token not-a-key", "Token", "Bearer abc"])
def test_a_wrong_token_gets_the_public_answer_not_an_error(client, db, header):
    assert healthz(client, Authorization=header) == (503, PUBLIC)


def test_an_inactive_coordinators_token_gets_the_public_answer(client, coordinator_weer_thuis):
    token = create_api_token(actor=coordinator_weer_thuis, name="monitoring")
    coordinator_weer_thuis.is_active = False
    coordinator_weer_thuis.save(update_fields=["is_active"])

    assert healthz(client, Authorization=f"Token {token.secret}") == (503, PUBLIC)
