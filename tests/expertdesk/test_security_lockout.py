"""Failed sign-ins through the real allauth form lock one account from one address (django-axes).

5 failures lock the (account, address) pair for 5 minutes; colleagues behind the same office
address, and the same person from elsewhere, keep working.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

OFFICE = "192.0.2.10"  # documentation addresses (RFC 5737)
ELSEWHERE = "198.51.100.7"
PROXY = "203.0.113.1"
LOCKOUT_TEMPLATE = "account/lockout.html"


@pytest.fixture
def ann(db):
    return UserFactory(email="ann@veenendaal.nl")


@pytest.fixture
def bob(db):
    return UserFactory(email="bob@veenendaal.nl")


def sign_in(client: Client, login: str, password: str, address: str, **headers: str):
    return client.post(
        reverse("account_login"),
        {"login": login, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


def fail_five_times(login: str, address: str, **headers: str) -> list[int]:
    # A fresh client each time: the lockout must not depend on the attacker keeping a cookie.
    return [
        sign_in(Client(), login, "not-the-password", address, **headers).status_code
        for _ in range(5)
    ]


def test_the_fifth_wrong_password_locks_the_account_and_the_right_one_is_refused_too(ann):
    # Upper and lower case count as one account: the e-mail address is the identifier.
    logins = ["ann@veenendaal.nl", "Ann@Veenendaal.nl", "ANN@VEENENDAAL.NL", "ann@veenendaal.nl"]
    statuses = [sign_in(Client(), login, "wrong", OFFICE).status_code for login in logins]
    fifth = sign_in(Client(), "ann@veenendaal.nl", "wrong", OFFICE)

    client = Client()
    sixth = sign_in(client, "ann@veenendaal.nl", PASSWORD, OFFICE)

    assert statuses == [200, 200, 200, 200]  # the form again, with its error
    assert fifth.status_code == 429
    assert LOCKOUT_TEMPLATE in template_names(fifth)
    assert sixth.status_code == 429
    assert LOCKOUT_TEMPLATE in template_names(sixth)
    assert signed_in_user_id(client) is None
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("ann@veenendaal.nl", OFFICE)


def wrong_passwords(login: str, address: str, times: int) -> list[int]:
    return [sign_in(Client(), login, "wrong", address).status_code for _ in range(times)]


def test_four_wrong_passwords_do_not_lock_and_a_success_starts_the_count_again(ann):
    before = wrong_passwords("ann@veenendaal.nl", OFFICE, 4)
    client = Client()
    success = sign_in(client, "ann@veenendaal.nl", PASSWORD, OFFICE)
    after = wrong_passwords("ann@veenendaal.nl", OFFICE, 4)

    assert before == [200, 200, 200, 200]
    assert success.status_code == 302
    assert signed_in_user_id(client) == str(ann.pk)
    assert after == [200, 200, 200, 200]


def test_a_locked_account_still_signs_in_from_another_address(ann):
    assert fail_five_times("ann@veenendaal.nl", OFFICE) == [200, 200, 200, 200, 429]
    client = Client()

    response = sign_in(client, "ann@veenendaal.nl", PASSWORD, ELSEWHERE)

    assert response.status_code == 302
    assert response["Location"] == reverse("requests:home")
    assert signed_in_user_id(client) == str(ann.pk)


def test_a_colleague_at_the_same_address_still_signs_in(ann, bob):
    assert fail_five_times("ann@veenendaal.nl", OFFICE) == [200, 200, 200, 200, 429]
    client = Client()

    response = sign_in(client, "bob@veenendaal.nl", PASSWORD, OFFICE)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(bob.pk)


def test_the_account_signs_in_again_after_the_five_minute_cool_off(ann, time_machine):
    time_machine.move_to(datetime(2025, 3, 3, 9, 0, tzinfo=UTC), tick=False)
    assert fail_five_times("ann@veenendaal.nl", OFFICE) == [200, 200, 200, 200, 429]

    time_machine.shift(timedelta(minutes=4, seconds=59))
    too_early = sign_in(Client(), "ann@veenendaal.nl", PASSWORD, OFFICE)
    # That refused attempt starts the five minutes again (axes'
    # AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT): hammering keeps the pair locked.
    time_machine.shift(timedelta(minutes=4, seconds=59))
    still_locked = sign_in(Client(), "ann@veenendaal.nl", PASSWORD, OFFICE)
    time_machine.shift(timedelta(minutes=5, seconds=1))
    client = Client()
    after_cool_off = sign_in(client, "ann@veenendaal.nl", PASSWORD, OFFICE)

    assert too_early.status_code == 429
    assert still_locked.status_code == 429
    assert after_cool_off.status_code == 302
    assert signed_in_user_id(client) == str(ann.pk)


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(ann):
    """Without a trusted proxy, X-Forwarded-For is whatever the client wants it to be."""
    statuses = [
        sign_in(
            Client(), "ann@veenendaal.nl", "wrong", OFFICE, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}"
        ).status_code
        for n in range(6)
    ]

    assert statuses == [200, 200, 200, 200, 429, 429]


def test_behind_a_trusted_proxy_each_client_address_is_locked_on_its_own(ann, settings):
    """Behind the load balancer every request comes from its address: the client's is in
    X-Forwarded-For. Locking the proxy's address would lock the account for everyone."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert fail_five_times("ann@veenendaal.nl", PROXY, HTTP_X_FORWARDED_FOR=OFFICE) == [
        200,
        200,
        200,
        200,
        429,
    ]
    client = Client()

    response = sign_in(client, "ann@veenendaal.nl", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE)

    assert response.status_code == 302
    assert signed_in_user_id(client) == str(ann.pk)
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("ann@veenendaal.nl", OFFICE)
