"""Every django-allauth page renders inside the expertdesk page, in the design system, and
writes nothing the Content-Security-Policy would refuse (no inline script or style)."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
INLINE_STYLE = re.compile(r"<style\b|\sstyle=")


def assert_expertdesk_page(response, heading: str) -> str:
    """The page is ours: our frame, one design-system h1 with ``heading``, a CSP-clean body."""
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert 'data-testid="skip-link"' in html
    assert '<main id="main"' in html
    h1s = re.findall(r'<h1 class="utrecht-heading-1 rvo-heading">\s*(.*?)\s*</h1>', html, re.S)
    assert h1s == [heading]
    assert INLINE_SCRIPT.search(html) is None
    assert INLINE_STYLE.search(html) is None
    return html


def reauthenticate(client) -> None:
    """allauth wants the password again, recently, before the second factor changes."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def signed_in(client, requester):
    client.force_login(requester)
    return client


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_login", "Aanmelden"),
        ("account_signup", "Registreren"),
        ("account_reset_password", "Nieuw wachtwoord"),
        ("account_reset_password_done", "Nieuw wachtwoord"),
        ("account_reset_password_from_key_done", "Wachtwoord wijzigen"),
        ("account_email_verification_sent", "Verifieer uw e-mailadres"),
    ],
)
def test_pages_for_people_not_signed_in(client, db, url_name, heading):
    assert_expertdesk_page(client.get(reverse(url_name)), heading)


def test_a_broken_password_reset_link_explains_itself(client, db):
    response = client.get(
        reverse("account_reset_password_from_key", kwargs={"uidb36": "x", "key": "set-password"})
    )

    html = assert_expertdesk_page(response, "Ongeldige sleutel")
    assert reverse("account_reset_password") in html


def test_an_unknown_confirmation_link_explains_itself(client, db):
    response = client.get(reverse("account_confirm_email", args=["no-such-key"]))

    assert_expertdesk_page(response, "Bevestig e-mailadres")


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_logout", "Afmelden"),
        ("account_email", "E-mailadressen"),
        ("account_change_password", "Wachtwoord wijzigen"),
        ("account_reauthenticate", "Toegang bevestigen"),
        ("mfa_index", "Twee-factor-authenticatie"),
    ],
)
def test_pages_for_a_signed_in_person(signed_in, url_name, heading):
    assert_expertdesk_page(signed_in.get(reverse(url_name)), heading)


def test_the_account_pages_share_a_settings_menu(signed_in):
    html = assert_expertdesk_page(signed_in.get(reverse("account_email")), "E-mailadressen")

    menu = re.search(r'<nav class="ed-manage__nav".*?</nav>', html, re.S).group(0)
    assert f'href="{reverse("account_email")}" aria-current="page"' in menu
    assert reverse("account_change_password") in menu
    assert reverse("mfa_index") in menu


def test_the_e_mail_addresses_are_a_labelled_radio_group(signed_in, requester):
    html = signed_in.get(reverse("account_email")).content.decode()

    fieldset = re.search(r"<fieldset.*?</fieldset>", html, re.S).group(0)
    assert "<legend" in fieldset
    assert f'value="{requester.email}"' in fieldset
    assert "Bevestigd" in fieldset


def test_a_person_without_a_password_can_set_one(client, db):
    person = UserFactory(password=None)
    client.force_login(person)

    assert_expertdesk_page(client.get(reverse("account_set_password")), "Zet wachtwoord")


def test_activating_an_authenticator_shows_the_qr_code_as_an_image(signed_in):
    reauthenticate(signed_in)

    html = assert_expertdesk_page(
        signed_in.get(reverse("mfa_activate_totp")), "Activeer authenticator-app"
    )

    qr = re.search(r'<img class="ed-qr" src="([^"]+)" alt="([^"]+)"', html)
    assert qr.group(1).startswith("data:image/svg+xml;base64,")  # the CSP allows data: images
    assert qr.group(2) == "QR-code om te scannen met uw authenticatie-app"
    assert '<label class="rvo-label" for="id_code">Authenticator code</label>' in html


@pytest.fixture
def with_authenticator(requester):
    TOTP.activate(requester, generate_totp_secret())
    RecoveryCodes.activate(requester)
    return requester


def test_the_pages_of_an_active_authenticator(signed_in, with_authenticator):
    reauthenticate(signed_in)

    assert_expertdesk_page(
        signed_in.get(reverse("mfa_deactivate_totp")), "Deactiveer authenticator-app"
    )
    assert_expertdesk_page(signed_in.get(reverse("mfa_view_recovery_codes")), "Herstelcodes")
    assert_expertdesk_page(signed_in.get(reverse("mfa_generate_recovery_codes")), "Herstelcodes")
    assert_expertdesk_page(signed_in.get(reverse("mfa_reauthenticate")), "Toegang bevestigen")


def test_signing_in_with_an_authenticator_asks_for_the_code(client, with_authenticator):
    response = client.post(
        reverse("account_login"), {"login": with_authenticator.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")

    html = assert_expertdesk_page(client.get(response["Location"]), "Twee-factor-authenticatie")
    assert '<label class="rvo-label" for="id_code">Code</label>' in html

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    html = assert_expertdesk_page(wrong, "Twee-factor-authenticatie")
    assert 'data-testid="error-summary"' in html
    assert 'aria-describedby="id_code_error"' in html


def test_no_single_sign_on_button_without_a_provider(client, db):
    html = client.get(reverse("account_login")).content.decode()

    assert 'data-testid="providers"' not in html


def test_the_single_sign_on_button_appears_when_openid_connect_is_configured(client, db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "rvo",
                    "name": "RVO",
                    "client_id": "expertdesk",
                    "secret": "not-used-here",
                    "settings": {"server_url": "https://login.rvo.example/realms/rvo"},
                }
            ],
            "OAUTH_PKCE_ENABLED": True,
        }
    }

    html = assert_expertdesk_page(client.get(reverse("account_login")), "Aanmelden")

    providers = re.search(r'<ul[^>]*data-testid="providers">.*?</ul>', html, re.S).group(0)
    login_url = reverse("openid_connect_login", kwargs={"provider_id": "rvo"})
    assert re.search(rf'<a class="utrecht-button[^"]*" href="{login_url}[^"]*">', providers)
    assert "Aanmelden met RVO" in providers
