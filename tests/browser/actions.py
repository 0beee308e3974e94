"""What a person does in the browser, shared by the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.factories import PASSWORD


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Through the real login form, in Dutch, as a person would."""
    page.goto("/account/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Aanmelden").click()
