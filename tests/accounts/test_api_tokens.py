"""API tokens on the account page (list, make, revoke), the move of DRF's old tokens, and the
idle-days setting."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, api_key_hash
from accounts.services import create_api_token
from tests.expertdesk.processes import child_env, manage
from tests.expertdesk.test_account_pages import assert_expertdesk_page
from tests.requests_app.api_support import english_client

pytestmark = pytest.mark.django_db

PAGE = "/account/api-tokens/"


def _works(secret: str) -> bool:
    client = english_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client.get("/api/v1/requests/").status_code == 200


def _rows(html: str) -> list[str]:
    body = re.search(r'<tbody[^>]*data-testid="api-tokens">(.*?)</tbody>', html, re.S)
    cells = re.findall(r"<tr[^>]*>\s*<td[^>]*>(.*?)</td>", body.group(1), re.S) if body else []
    return [cell.strip() for cell in cells]


def test_the_page_lists_the_tokens_that_still_work_in_the_settings_menu(
    client, requester, requester_ede
):
    create_api_token(actor=requester, name="Rapportage")
    revoked = create_api_token(actor=requester, name="Ingetrokken")
    ApiToken.objects.filter(pk=revoked.token.pk).update(revoked_at=timezone.now())
    idle = create_api_token(actor=requester, name="Vergeten")
    ApiToken.objects.filter(pk=idle.token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=31)
    )
    create_api_token(actor=requester_ede, name="Van Ede")
    client.force_login(requester)

    html = assert_expertdesk_page(client.get(PAGE), "API-tokens")

    assert _rows(html) == ["Rapportage"]
    assert "nog niet" in html  # never used
    menu = re.search(r'<nav class="ed-manage__nav".*?</nav>', html, re.S).group(0)
    assert f'href="{PAGE}" aria-current="page"' in menu
    assert "30 dagen" in html


def test_a_token_made_on_the_page_is_shown_once_and_works(client, requester):
    client.force_login(requester)

    made = client.post(reverse("accounts:create-api-token"), {"name": "  Power BI  "})
    shown = client.get(PAGE).content.decode()
    again = client.get(PAGE).content.decode()

    assert made.status_code == 302
    secret = re.search(r'id="new-token" type="text" readonly value="([^"]+)"', shown).group(1)
    token = ApiToken.objects.get(user=requester)
    assert (token.name, token.key_hash) == ("Power BI", api_key_hash(secret))
    assert "Kopieer het token nu" in shown
    assert secret not in again
    assert _rows(again) == ["Power BI"]
    assert _works(secret)


def test_a_token_needs_a_name(client, requester):
    client.force_login(requester)

    response = client.post(reverse("accounts:create-api-token"), {"name": "   "})

    assert response.status_code == 400
    assert 'data-testid="error-summary"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token_on_the_page(client, requester):
    new = create_api_token(actor=requester, name="Script")
    client.force_login(requester)

    response = client.post(reverse("accounts:revoke-api-token", args=[new.token.pk]), follow=True)

    assert response.status_code == 200
    assert _rows(response.content.decode()) == []
    assert not _works(new.secret)


def test_nobody_revokes_someone_elses_token(client, requester, requester_ede):
    theirs = create_api_token(actor=requester_ede, name="Van Ede")
    client.force_login(requester)

    response = client.post(
        reverse("accounts:revoke-api-token", args=[theirs.token.pk]), follow=True
    )

    assert "Dit token bestaat niet of is al ingetrokken." in response.content.decode()
    assert _works(theirs.secret)


def test_the_page_needs_a_sign_in(client, db):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- DRF's tokens from before ----------------------------------------------------------------


def test_the_tokens_of_drf_keep_working_stored_hashed_with_a_full_idle_period(requester, settings):
    """What the migration does on a database that still has DRF's table with a token made
    long ago: the same key signs calls afterwards, and the plaintext is gone."""
    settings.API_TOKEN_IDLE_DAYS = 30
    key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp "
            "with time zone NOT NULL, user_id bigint NOT NULL)"
            if connection.vendor == "postgresql"
            else "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created datetime NOT NULL, user_id bigint NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [key, timezone.now() - dt.timedelta(days=400), requester.pk],
        )
    migration = importlib.import_module("accounts.migrations.0003_move_drf_tokens")

    # Only its connection is used; a real schema editor refuses SQLite inside the test's atomic.
    migration.move_drf_tokens(apps, SimpleNamespace(connection=connection))

    token = ApiToken.objects.get(user=requester)
    assert token.key_hash == api_key_hash(key)
    assert token.name == "API-token (overgenomen)"
    assert token.created_at.date() == (timezone.now() - dt.timedelta(days=400)).date()
    assert _works(key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)


# --- the setting -----------------------------------------------------------------------------


def test_an_idle_period_below_one_day_stops_manage_py(tmp_path):
    result = manage(
        "check", env=child_env(EXPERTDESK_VAR_DIR=str(tmp_path), API_TOKEN_IDLE_DAYS="0")
    )

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: "
        "Environment variable API_TOKEN_IDLE_DAYS=0 must be >= 1."
    )
