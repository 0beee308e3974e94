"""Playwright on Debian's chromium against pytest-django's live server.

One browser for the whole session; each test gets a fresh context (cookies, language), so
tests stay independent and fast. Browsers are never downloaded: Playwright drives the
system's chromium.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# database calls the fixtures and the live server's setup make from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

CHROMIUM = Path(os.environ.get("EXPERTDESK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"No chromium at {CHROMIUM}: apt-get install chromium, or set EXPERTDESK_CHROMIUM"
        )
    # Generous waits: CI machines are shared, and a slow first page must not fail a test.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A page in a Dutch browser; fails the test on any Content-Security-Policy violation."""
    # Django follows the browser's Accept-Language; headless chromium would say en-US.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(20_000)
    page = context.new_page()
    violations: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    page.on("console", watch)
    yield page
    context.close()
    assert violations == [], "the page broke the Content-Security-Policy"
