"""The account pages have Dutch addresses under /account/ (accounts/urls_allauth.py) with
allauth's URL names; the old English ones redirect; single sign-on's callback stays put."""

from __future__ import annotations

import re

import allauth.urls
import pytest
from allauth.socialaccount.providers.openid_connect import views as openid_connect
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.factories import PASSWORD

# Words of the old English addresses; none may return in an address of ours.
ENGLISH = ("login", "logout", "password", "reset", "signup", "email", "confirm", "accounts")
ENGLISH += ("2fa", "totp", "recovery", "activate", "reauthenticate", "3rdparty")

# Routes with arguments, and example arguments that fit them.
ARGUMENTS = {
    "account_confirm_email": {"key": "MQ:1tAbCd:xYz"},
    "account_reset_password_from_key": {"uidb36": "1", "key": "cz9-abc123"},
    "accounts:revoke-api-token": {"pk": 7},
}
# Single sign-on keeps allauth's addresses: the callback is registered at the identity provider.
SINGLE_SIGN_ON = {"openid_connect_login", "openid_connect_callback"}


def _names(patterns: list, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


ALLAUTH_NAMES = _names(allauth.urls.urlpatterns)
ACCOUNT_NAMES = sorted((ALLAUTH_NAMES - SINGLE_SIGN_ON) | {"accounts:api-tokens"} | set(ARGUMENTS))


def test_every_page_allauth_offers_under_our_settings_has_an_address_of_ours():
    # Fails when a setting or a new allauth adds a page: give it a Dutch address too.
    assert ALLAUTH_NAMES - _names(get_resolver().url_patterns) == set()


@pytest.mark.parametrize("name", ACCOUNT_NAMES)
def test_every_account_address_is_dutch(name):
    address = reverse(name, kwargs=ARGUMENTS.get(name))

    assert address.startswith("/account/")
    assert [word for word in ENGLISH if word in address.lower()] == []


def test_the_addresses_people_see_most():
    assert reverse("account_login") == "/account/inloggen/"
    assert reverse("account_logout") == "/account/uitloggen/"
    assert reverse("account_reset_password") == "/account/wachtwoord/herstellen/"
    assert reverse("account_email") == "/account/e-mail/"
    assert reverse("mfa_index") == "/account/tweestaps/"
    assert reverse("mfa_activate_totp") == "/account/tweestaps/app/activeren/"
    assert reverse("accounts:api-tokens") == "/account/api-tokens/"


def test_the_single_sign_on_callback_keeps_the_address_registered_at_the_identity_provider():
    callback = "/accounts/oidc/rvo/login/callback/"

    assert reverse("openid_connect_callback", kwargs={"provider_id": "rvo"}) == callback
    assert resolve(callback).func == openid_connect.callback
    assert resolve("/accounts/oidc/rvo/login/").func == openid_connect.login


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/accounts/login/?next=/aanvrager/", "/account/inloggen/?next=/aanvrager/"),
        ("/accounts/logout/", "/account/uitloggen/"),
        ("/accounts/email/", "/account/e-mail/"),
        ("/accounts/password/change/", "/account/wachtwoord/wijzigen/"),
        ("/accounts/2fa/", "/account/tweestaps/"),
        ("/accounts/2fa/totp/activate/", "/account/tweestaps/app/activeren/"),
        ("/accounts/2fa/recovery-codes/", "/account/tweestaps/herstelcodes/"),
        ("/accounts/3rdparty/", "/account/koppelingen/"),
        ("/accounts/api-tokens/", "/account/api-tokens/"),
        ("/accounts/api-tokens/7/intrekken/", "/account/api-tokens/7/intrekken/"),
        # Links in e-mails sent before the move.
        ("/accounts/confirm-email/MQ:1tAbCd:xYz/", "/account/e-mail-bevestigen/MQ:1tAbCd:xYz/"),
        (
            "/accounts/password/reset/key/1-cz9-abc123/",
            "/account/wachtwoord/herstellen/sleutel/1-cz9-abc123/",
        ),
    ],
)
def test_an_old_address_redirects_permanently_to_its_dutch_one(client, db, old, new):
    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == new


def test_the_old_root_leads_to_the_login_page(client, db):
    response = client.get("/accounts/", follow=True)

    assert response.redirect_chain == [("/account/", 301), ("/account/inloggen/", 302)]


@pytest.mark.parametrize("old", ["/accounts/nothing/", "/accounts/login/extra/"])
def test_an_old_address_that_never_was_a_page_is_not_found(client, db, old):
    assert client.get(old).status_code == 404


def test_a_password_reset_link_sent_before_the_move_still_sets_a_new_password(
    client, requester, mailoutbox
):
    client.post(reverse("account_reset_password"), {"email": requester.email})
    link = re.search(
        r"http://testserver(/account/wachtwoord/herstellen/sleutel/\S+/)", mailoutbox[-1].body
    )
    old_link = link.group(1).replace(
        "/account/wachtwoord/herstellen/sleutel/", "/accounts/password/reset/key/"
    )

    form = client.get(old_link, follow=True)
    new_password = "Een-nieuw-wachtwoord-2026"
    done = client.post(
        form.redirect_chain[-1][0],  # allauth moves the key into the session first
        {"password1": new_password, "password2": new_password},
        follow=True,
    )

    assert form.redirect_chain[0] == (link.group(1), 301)
    assert done.redirect_chain[-1][0] == reverse("account_reset_password_from_key_done")
    requester.refresh_from_db()
    assert requester.check_password(new_password)
    assert not requester.check_password(PASSWORD)


def test_the_account_menu_item_is_marked_on_an_account_page(client, requester):
    client.force_login(requester)

    html = client.get(reverse("account_email")).content.decode()

    assert re.search(
        r'class="rvo-menubar__link rvo-menubar__link--active" href="/account/e-mail/"', html
    )
