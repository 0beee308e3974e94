"""API tokens: e-mail + password (+ authenticator code), with the web sign-in's protections."""

from __future__ import annotations

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axes.models import AccessAttempt
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD, file_request
from tests.requests_app.api_support import english_client

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
    key = response.json()["token"]
    assert key == Token.objects.get(user=requester).key
    assert _sign_in(client, "rik@veenendaal.nl").json() == {"token": key}  # same token again

    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    listed = client.get("/api/v1/requests/")
    assert listed.status_code == 200
    assert listed.json()["count"] == 1


def test_a_wrong_password_gets_no_token(client, requester):
    response = _sign_in(client, "rik@veenendaal.nl", "wrong")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Wrong e-mail address or password."]}
    assert not Token.objects.exists()


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
    assert not Token.objects.exists()
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
    assert right.json()["token"] == Token.objects.get(user=coordinator_weer_thuis).key


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


def test_a_token_can_be_revoked(client, requester):
    key = _sign_in(client, "rik@veenendaal.nl").json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    revoked = client.delete(TOKEN_URL)
    after = client.get("/api/v1/requests/")

    assert revoked.status_code == 204
    assert after.status_code == 401
    assert after["WWW-Authenticate"] == "Token"
    assert after.json() == {"detail": "Invalid token."}
    assert not Token.objects.exists()


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
