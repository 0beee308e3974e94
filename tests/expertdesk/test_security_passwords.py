"""Sign-up passwords: long enough and not on the common-password list; no composition rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import User

EMAIL = "nieuw@ede.nl"


def sign_up(client, password: str):
    return client.post(
        reverse("account_signup"),
        {"email": EMAIL, "password1": password, "password2": password},
    )


def password_error_codes(response) -> list[str]:
    return [error.code for error in response.context["form"].errors.as_data()["password1"]]


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("kort7ab", ["password_too_short"]),
        ("wachtwoord", ["password_too_common"]),  # on Django's list of 20,000
        ("password123", ["password_too_common"]),
        ("20250303", ["password_entirely_numeric"]),
    ],
)
def test_sign_up_refuses_a_short_or_common_password(client, db, password, codes):
    response = sign_up(client, password)

    assert response.status_code == 200
    assert password_error_codes(response) == codes
    assert not User.objects.filter(email=EMAIL).exists()


def test_sign_up_accepts_a_long_passphrase_without_digits_capitals_or_symbols(client, db):
    response = sign_up(client, "paarse konijnen eten stille wolken")

    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.check_password("paarse konijnen eten stille wolken")


def test_eight_characters_are_enough(client, db):
    response = sign_up(client, "zq8vlmtx")

    assert response.status_code == 302
    assert User.objects.filter(email=EMAIL).exists()
