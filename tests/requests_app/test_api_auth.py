"""API tokens: e-mail + password (+ authenticator code), with the web sign-in's protections;
several named tokens a person, stored hashed, listed and revoked, expiring when idle."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken, api_key_hash
from accounts.services import create_api_token
from tests.factories import PASSWORD, file_request
from tests.requests_app.api_support import english_client, session_client

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def client() -> APIClient:
    return english_client()


def _sign_in(client: APIClient, email: str, password: str = PASSWORD, **extra: str):
    return client.post(TOKEN_URL, {"email": email, "password": password, **extra})


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_a_requester_gets_a_token_and_lists_requests_with_it(client, requester):
    file_request(requester=requester)

    response = _sign_in(client, "Rik@Veenendaal.nl")  # the address is not case-sensitive

    assert response.status_code == 200
    body = response.json()
    key = body["token"]
    stored = ApiToken.objects.get(user=requester)
    assert stored.key_hash == api_key_hash(key) != key  # only the hash is kept
    assert len(key) >= 43  # 256 random bits
    assert body == {
        "token": key,
        "id": stored.pk,
        "name": "API token",
        "created_at": body["created_at"],
        "last_used_at": None,
        "expires_at": body["expires_at"],
    }

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    listed = client.get("/api/v1/requests/")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1


def test_every_sign_in_makes_a_new_named_token_and_the_earlier_ones_keep_working(client, requester):
    first = _sign_in(client, "rik@veenendaal.nl", name="Rapportage").json()["token"]
    second = _sign_in(client, "rik@veenendaal.nl").json()["token"]

    assert first != second
    assert sorted(ApiToken.objects.filter(user=requester).values_list("name", flat=True)) == [
        "API token",
        "Rapportage",
    ]
    for key in (first, second):
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        assert client.get("/api/v1/requests/").status_code == 200


def test_a_wrong_password_gets_no_token(client, requester):
    response = _sign_in(client, "rik@veenendaal.nl", "wrong")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Wrong e-mail address or password."]}
    assert not ApiToken.objects.exists()


def test_an_unknown_address_gets_the_same_answer(client, db):
    response = _sign_in(client, "nobody@example.nl")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Wrong e-mail address or password."]}


def test_missing_fields_are_named(client, db):
    response = client.post(TOKEN_URL, {"email": "not an address"})

    assert response.status_code == 400
    assert response.json() == {
        "email": ["Enter a valid email address."],
        "password": ["This field is required."],
    }


def test_five_failures_lock_the_account_from_that_address_even_with_the_right_password(
    client, requester
):
    answers = [_sign_in(client, "rik@veenendaal.nl", "wrong").status_code for _ in range(5)]

    locked = _sign_in(client, "rik@veenendaal.nl")

    assert answers == [400, 400, 400, 400, 429]  # the fifth failure locks

    assert locked.status_code == 429
    assert locked.json() == {"detail": "Too many failed sign-in attempts. Try again in 5 minutes."}
    assert not ApiToken.objects.exists()
    # The same lock holds for the web sign-in form: one account, one address, one counter.
    web = APIClient().post(
        reverse("account_login"), {"login": "rik@veenendaal.nl", "password": PASSWORD}
    )
    assert web.status_code == 429


def test_failures_from_the_web_form_count_for_the_token_too(client, requester):
    web = APIClient()
    for _attempt in range(5):
        web.post(reverse("account_login"), {"login": "rik@veenendaal.nl", "password": "wrong"})

    assert _sign_in(client, "rik@veenendaal.nl").status_code == 429


def test_a_successful_sign_in_forgets_earlier_failures(client, requester):
    for _attempt in range(4):
        _sign_in(client, "rik@veenendaal.nl", "wrong")

    assert _sign_in(client, "rik@veenendaal.nl").status_code == 200
    assert AccessAttempt.objects.count() == 0
    assert _sign_in(client, "rik@veenendaal.nl", "wrong").status_code == 400
    assert _sign_in(client, "rik@veenendaal.nl").status_code == 200


def test_an_unverified_address_gets_no_token(client, requester):
    EmailAddress.objects.filter(user=requester).update(verified=False)

    response = _sign_in(client, "rik@veenendaal.nl")

    assert response.status_code == 400
    assert response.json() == {"email": ["Confirm your e-mail address first; we sent you a link."]}


def test_with_two_factor_set_up_the_current_code_is_needed(client, coordinator_weer_thuis):
    secret = generate_totp_secret()
    TOTP.activate(coordinator_weer_thuis, secret)

    without = _sign_in(client, "wendy@rvo.nl")
    wrong = _sign_in(
        client, "wendy@rvo.nl", code="000000" if _current_code(secret) != "000000" else "111111"
    )
    right = _sign_in(client, "wendy@rvo.nl", code=_current_code(secret))

    assert without.status_code == 400
    assert without.json() == {"code": ["Enter the code from your authenticator app."]}
    assert wrong.status_code == 400
    assert wrong.json() == {"code": ["This code is not right. Try the current one."]}
    assert right.status_code == 200
    assert api_key_hash(right.json()["token"]) == (
        ApiToken.objects.get(user=coordinator_weer_thuis).key_hash
    )


def test_a_used_code_cannot_be_replayed(client, coordinator_weer_thuis):
    secret = generate_totp_secret()
    TOTP.activate(coordinator_weer_thuis, secret)
    code = _current_code(secret)

    assert _sign_in(client, "wendy@rvo.nl", code=code).status_code == 200
    assert _sign_in(client, "wendy@rvo.nl", code=code).status_code == 400


def test_wrong_codes_count_as_failed_sign_ins(client, coordinator_weer_thuis):
    secret = generate_totp_secret()
    TOTP.activate(coordinator_weer_thuis, secret)
    wrong = "000000" if _current_code(secret) != "000000" else "111111"

    answers = [_sign_in(client, "wendy@rvo.nl", code=wrong).status_code for _attempt in range(5)]

    assert answers == [400, 400, 400, 400, 429]
    assert _sign_in(client, "wendy@rvo.nl", code=_current_code(secret)).status_code == 429


def test_staff_who_must_use_two_factor_get_no_token_before_setting_it_up(
    client, settings, coordinator_weer_thuis, requester
):
    settings.EXPERTDESK_REQUIRE_2FA_FOR_STAFF = True

    refused = _sign_in(client, "wendy@rvo.nl")

    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Your role requires two-factor sign-in. Set it up in expertdesk first."
    }
    assert _sign_in(client, "rik@veenendaal.nl").status_code == 200  # requesters are not staff


def test_the_token_a_call_is_made_with_can_be_revoked(client, requester):
    key = _sign_in(client, "rik@veenendaal.nl").json()["token"]
    other = _sign_in(client, "rik@veenendaal.nl").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    revoked = client.delete(TOKEN_URL)
    after = client.get("/api/v1/requests/")

    assert revoked.status_code == 204
    assert after.status_code == 401
    assert after["WWW-Authenticate"] == "Token"
    assert after.json() == {"detail": "Invalid token."}
    assert ApiToken.objects.get(key_hash=api_key_hash(key)).revoked_at is not None
    client.credentials(HTTP_AUTHORIZATION=f"Token {other}")
    assert client.get("/api/v1/requests/").status_code == 200  # only that one


def test_revoking_the_current_token_needs_a_call_made_with_a_token(requester):
    create_api_token(actor=requester, name="Script")
    client = session_client(requester)

    response = client.delete(TOKEN_URL, headers={"X-CSRFToken": _csrf(client)})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This call was not made with an API token. Revoke a token by its number: "
        "DELETE /api/v1/auth/tokens/{id}/."
    }
    assert ApiToken.objects.get().revoked_at is None


def _csrf(client: APIClient) -> str:
    client.get("/account/wachtwoord/wijzigen/")  # a page with a form sets the CSRF cookie
    return client.cookies["csrftoken"].value


def test_the_token_of_a_deactivated_person_is_refused(client, requester):
    key = _sign_in(client, "rik@veenendaal.nl").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/requests/").status_code == 200
    requester.is_active = False
    requester.save(update_fields=["is_active"])

    response = client.get("/api/v1/requests/")

    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


def test_a_bad_token_is_refused(client, db):
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")

    response = client.get("/api/v1/organisations/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


# --- listing, revoking, idle expiry --------------------------------------------------------


TOKENS_URL = "/api/v1/auth/tokens/"


def _client_with(secret: str) -> APIClient:
    client = english_client()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client


def test_the_owner_lists_the_tokens_that_still_work_and_never_their_secret(
    requester, requester_ede, settings
):
    settings.API_TOKEN_IDLE_DAYS = 30
    used = create_api_token(actor=requester, name="Rapportage")
    revoked = create_api_token(actor=requester, name="Oud script")
    revoked.token.revoked_at = timezone.now()
    revoked.token.save(update_fields=["revoked_at"])
    idle = create_api_token(actor=requester, name="Vergeten")
    ApiToken.objects.filter(pk=idle.token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=31)
    )
    create_api_token(actor=requester_ede, name="Van Ede")

    response = _client_with(used.secret).get(TOKENS_URL)

    assert response.status_code == 200
    [listed] = response.json()["results"]
    token = ApiToken.objects.get(pk=used.token.pk)
    assert token.last_used_at is not None  # this very call
    assert listed == {
        "id": used.token.pk,
        "name": "Rapportage",
        "created_at": listed["created_at"],
        "last_used_at": listed["last_used_at"],
        "expires_at": listed["expires_at"],
    }
    assert dt.datetime.fromisoformat(listed["expires_at"]) == token.last_used_at + dt.timedelta(
        days=30
    )
    assert used.secret not in response.content.decode()


def test_the_owner_revokes_one_token_by_its_number_and_calls_with_it_get_401(requester):
    script = create_api_token(actor=requester, name="Script")
    laptop = create_api_token(actor=requester, name="Laptop")
    client = _client_with(laptop.secret)

    revoked = client.delete(f"{TOKENS_URL}{script.token.pk}/")
    again = client.delete(f"{TOKENS_URL}{script.token.pk}/")
    refused = _client_with(script.secret).get("/api/v1/requests/")

    assert revoked.status_code == 204
    assert again.status_code == 404
    assert refused.status_code == 401
    assert refused.json() == {"detail": "Invalid token."}
    assert [item["name"] for item in client.get(TOKENS_URL).json()["results"]] == ["Laptop"]


def test_nobody_sees_or_revokes_someone_elses_token(requester, requester_ede):
    theirs = create_api_token(actor=requester_ede, name="Van Ede")
    client = _client_with(create_api_token(actor=requester, name="Mijn").secret)

    assert client.delete(f"{TOKENS_URL}{theirs.token.pk}/").status_code == 404
    assert client.get(f"{TOKENS_URL}{theirs.token.pk}/").status_code == 405
    assert _client_with(theirs.secret).get("/api/v1/requests/").status_code == 200


def test_the_token_list_needs_a_sign_in(db):
    assert english_client().get(TOKENS_URL).status_code == 401
    assert english_client().delete(f"{TOKENS_URL}1/").status_code == 401


@pytest.mark.parametrize("idle_days", [1, 30])
def test_a_token_idle_for_the_configured_days_answers_401_like_an_unknown_one(
    requester, settings, idle_days
):
    settings.API_TOKEN_IDLE_DAYS = idle_days
    new = create_api_token(actor=requester, name="Script")
    client = _client_with(new.secret)
    almost = timezone.now() - dt.timedelta(days=idle_days) + dt.timedelta(minutes=5)
    ApiToken.objects.filter(pk=new.token.pk).update(created_at=almost - dt.timedelta(days=400))
    ApiToken.objects.filter(pk=new.token.pk).update(last_used_at=almost)

    assert client.get("/api/v1/requests/").status_code == 200  # and that use counts
    ApiToken.objects.filter(pk=new.token.pk).update(
        last_used_at=timezone.now() - dt.timedelta(days=idle_days, seconds=1)
    )
    expired = client.get("/api/v1/requests/")

    assert expired.status_code == 401
    assert expired["WWW-Authenticate"] == "Token"
    assert expired.json() == {"detail": "Invalid token."}


def test_a_never_used_token_expires_counted_from_when_it_was_made(requester, settings):
    settings.API_TOKEN_IDLE_DAYS = 30
    new = create_api_token(actor=requester, name="Script")
    ApiToken.objects.filter(pk=new.token.pk).update(
        created_at=timezone.now() - dt.timedelta(days=30, seconds=1)
    )

    assert _client_with(new.secret).get("/api/v1/requests/").status_code == 401


def test_the_check_is_one_query_and_the_last_use_is_written_at_most_once_a_minute(
    requester, django_assert_num_queries
):
    new = create_api_token(actor=requester, name="Script")
    client = _client_with(new.secret)

    # token + owner in one; the first use written; the list's count and page
    with django_assert_num_queries(4):
        first = client.get(TOKENS_URL)
    written = ApiToken.objects.get(pk=new.token.pk).last_used_at
    with django_assert_num_queries(3):  # within the minute: no write
        client.get(TOKENS_URL)
    stale = timezone.now() - dt.timedelta(minutes=2)
    ApiToken.objects.filter(pk=new.token.pk).update(last_used_at=stale)
    with django_assert_num_queries(4):
        client.get(TOKENS_URL)

    assert first.status_code == 200
    assert written is not None
    assert ApiToken.objects.get(pk=new.token.pk).last_used_at > stale
