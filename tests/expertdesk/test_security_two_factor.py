"""Coordinators and admins need a TOTP authenticator before they can work (when switched on)."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def two_factor_required(settings):
    settings.EXPERTDESK_REQUIRE_2FA_FOR_STAFF = True


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(client: Client, email: str):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


@pytest.mark.parametrize(
    "page",
    ["requests:home", "requests:coordinator-home", "requests:requester-home", "admin:index"],
)
def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up(
    client, coordinator_weer_thuis, page
):
    client.force_login(coordinator_weer_thuis)

    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("page", ["requests:home", "admin:index", "admin:accounts_user_changelist"])
def test_an_admin_without_an_authenticator_is_sent_to_set_one_up(client, admin_user, page):
    client.force_login(admin_user)

    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_requesters_and_experts_do_not_need_a_second_factor(client, requester, expert):
    client.force_login(requester)
    requester_page = client.get(reverse("requests:requester-home"))
    client.force_login(expert)
    expert_page = client.get(reverse("requests:expert-home"))

    assert requester_page.status_code == 200
    assert expert_page.status_code == 200


def test_without_the_setting_a_coordinator_works_without_one(
    client, coordinator_weer_thuis, settings
):
    settings.EXPERTDESK_REQUIRE_2FA_FOR_STAFF = False
    client.force_login(coordinator_weer_thuis)

    assert client.get(reverse("requests:coordinator-home")).status_code == 200


def test_a_coordinator_with_an_authenticator_signs_in_with_a_code_and_works(
    client, coordinator_weer_thuis
):
    secret = generate_totp_secret()
    TOTP.activate(coordinator_weer_thuis, secret)

    password_step = sign_in(client, coordinator_weer_thuis.email)
    code_step = client.post(password_step["Location"], {"code": current_code(secret)})
    landing = client.get(code_step["Location"], follow=True)

    assert password_step["Location"] == reverse("mfa_authenticate")
    assert code_step.status_code == 302
    assert landing.redirect_chain == [(reverse("requests:coordinator-home"), 302)]
    assert landing.status_code == 200
    assert client.session["_auth_user_id"] == str(coordinator_weer_thuis.pk)


def test_a_coordinator_who_signs_in_can_set_up_totp_and_then_work(client, coordinator_weer_thuis):
    signed_in = sign_in(client, coordinator_weer_thuis.email)
    sent_to_setup = client.get(signed_in["Location"], follow=True)
    # allauth asks for the password again before a factor is added (MFA_REAUTHENTICATION_REQUIRED)
    confirmed = client.post(sent_to_setup.redirect_chain[-1][0], {"password": PASSWORD})
    setup_page = client.get(confirmed["Location"])
    secret = client.session["mfa.totp.secret"]  # shown to the person as a QR code
    activated = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    work = client.get(reverse("requests:coordinator-home"))

    assert sent_to_setup.redirect_chain[0] == (reverse("mfa_activate_totp"), 302)
    assert confirmed["Location"] == reverse("mfa_activate_totp")
    assert setup_page.status_code == 200
    assert activated.status_code == 302
    assert (
        Authenticator.objects.filter(
            user=coordinator_weer_thuis, type=Authenticator.Type.TOTP
        ).count()
        == 1
    )
    assert work.status_code == 200


def test_the_admin_login_form_cannot_skip_the_second_factor(client, admin_user):
    """Django's own admin login checks only the password: it must hand over to allauth."""
    TOTP.activate(admin_user, generate_totp_secret())

    response = client.post(
        reverse("admin:login"),
        {"username": admin_user.email, "password": PASSWORD, "next": reverse("admin:index")},
    )

    assert "_auth_user_id" not in client.session
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_api_call_by_staff_without_a_second_factor_is_refused_in_json(
    client, coordinator_weer_thuis, settings
):
    settings.EXPERTDESK_REQUIRE_2FA_FOR_STAFF = True
    client.force_login(coordinator_weer_thuis)
    response = client.get("/api/v1/requests/")
    assert response.status_code == 403
    assert response.json() == {  # in the person's own language, Dutch by default
        "detail": "Voor uw rol is twee-factor-authenticatie verplicht. Stel die eerst in "
        "expertdesk in."
    }
