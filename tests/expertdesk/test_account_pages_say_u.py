"""The account pages speak Dutch with "u", like the rest of expertdesk: django-allauth's own
Dutch says "je", and our catalogue (first in LOCALE_PATHS) overrides every such message."""

from __future__ import annotations

import html as html_module
import re

import pytest
from django.urls import reverse

from tests.expertdesk.test_account_pages import reauthenticate
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

INFORMAL = re.compile(r"\b(je|jij|jouw|jou|jezelf)\b", re.IGNORECASE)


def visible_text(response) -> str:
    """What a reader sees: the body without tags, scripts or attributes."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html_module.unescape(page).split())


def informal_words(response) -> list[str]:
    text = visible_text(response)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in INFORMAL.finditer(text)]


def test_the_pages_before_signing_in_say_u(client, requester):
    pages = {
        "login": client.get(reverse("account_login")),
        "login refused": client.post(
            reverse("account_login"), {"login": "rik@veenendaal.nl", "password": "wrong"}
        ),
        "signup": client.get(reverse("account_signup")),
        "signup refused": client.post(
            reverse("account_signup"),
            {"email": "nieuw@ede.nl", "password1": "kort", "password2": "anders"},
        ),
        "password reset": client.get(reverse("account_reset_password")),
        "password reset sent": client.get(reverse("account_reset_password_done")),
        "password reset done": client.get(reverse("account_reset_password_from_key_done")),
        "broken reset link": client.get(
            reverse("account_reset_password_from_key", kwargs={"uidb36": "x", "key": "y"})
        ),
        "verification sent": client.get(reverse("account_email_verification_sent")),
    }

    assert {name: response.status_code for name, response in pages.items()} == {
        **dict.fromkeys(pages, 200)
    }
    assert {name: informal_words(response) for name, response in pages.items()} == {
        name: [] for name in pages
    }
    assert "Verifieer uw e-mailadres" in visible_text(pages["verification sent"])


def test_the_messages_after_signing_in_and_out_say_u(client, requester):
    signed_in = client.post(
        reverse("account_login"), {"login": "rik@veenendaal.nl", "password": PASSWORD}, follow=True
    )
    logout_page = client.get(reverse("account_logout"))
    signed_out = client.post(reverse("account_logout"), follow=True)

    assert "U bent nu aangemeld als" in visible_text(signed_in)
    assert "Weet u zeker dat u zich wilt afmelden?" in visible_text(logout_page)
    assert "U bent afgemeld." in visible_text(signed_out)
    for response in (signed_in, logout_page, signed_out):
        assert informal_words(response) == []


def test_the_account_settings_and_two_factor_setup_say_u(client, requester):
    client.force_login(requester)
    pages = {
        "e-mail addresses": client.get(reverse("account_email")),
        "password": client.get(reverse("account_change_password")),
        "password refused": client.post(
            reverse("account_change_password"),
            {"oldpassword": "wrong", "password1": "kort", "password2": "anders"},
        ),
        "reauthenticate": client.get(reverse("account_reauthenticate")),
        "two-factor": client.get(reverse("mfa_index")),
    }
    reauthenticate(client)
    pages["set up an authenticator"] = client.get(reverse("mfa_activate_totp"))
    pages["wrong authenticator code"] = client.post(
        reverse("mfa_activate_totp"), {"code": "000000"}
    )

    assert {name: response.status_code for name, response in pages.items()} == {
        **dict.fromkeys(pages, 200)
    }
    assert {name: informal_words(response) for name, response in pages.items()} == {
        name: [] for name in pages
    }
