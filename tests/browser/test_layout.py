"""The page frame: skip link, language switch, and the second factor's QR code under the CSP."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.actions import sign_in
from tests.factories import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_skip_link_moves_focus_to_the_main_content(page: Page, requester):
    sign_in(page, requester.email)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()  # hidden until focused
    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_be_focused()
    expect(page).to_have_url(re.compile(r"#main$"))


def test_switching_to_english_changes_the_page_language(page: Page, requester):
    sign_in(page, requester.email)
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    with page.expect_navigation():
        page.get_by_test_id("language-switch").get_by_role("button", name="English").click()

    expect(page).to_have_url(re.compile(r"/aanvrager/$"))  # back on the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Your organisations")).to_be_visible()
    expect(page.get_by_role("link", name="My organisation")).to_be_visible()
    expect(page.get_by_text("Netherlands Enterprise Agency")).to_be_visible()

    page.goto("/account/inloggen/")  # the choice sticks
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_activating_an_authenticator_shows_the_qr_code(page: Page, coordinator_weer_thuis):
    sign_in(page, coordinator_weer_thuis.email)

    page.goto("/account/tweestaps/app/activeren/")
    # allauth asks for the password again before changing the second factor
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Bevestigen").click()

    expect(page).to_have_url(re.compile(r"/account/tweestaps/app/activeren/$"))
    qr = page.get_by_role("img", name="QR-code om te scannen met uw authenticatie-app")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # img-src allows data:
    expect(page.get_by_label("Authenticator code")).to_be_visible()
