"""Playwright on Debian's chromium against pytest-django's live server.

One browser for the whole session; each test gets a fresh context (cookies, language), so
tests stay independent and fast. Browsers are never downloaded: Playwright drives the
system's chromium. Open every page through the `page` or `open_page` fixtures, never
`browser.new_context()`: only those contexts are watched (axe-core, CSP, failed files).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# database calls the fixtures and the live server's setup make from it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from experts.models import Expert
from meetings.demo import seed_meetings
from meetings.models import Meeting
from requests_app.demo import seed_demo
from requests_app.models import AdviceRequest
from tests.browser.checks import AXE_SOURCE, Watch, check_after_navigation, finish, watch_context

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
    if not AXE_SOURCE.exists():
        pytest.fail(f"No axe-core at {AXE_SOURCE}: run npm ci (make setup)")
    # Generous waits: CI machines are shared, and a slow first page must not fail a test.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Open a page in a new, watched browser context (a second person in the same test).

    Every context is watched (tests/browser/checks.py): axe-core on every page it visits, no
    Content-Security-Policy violation, no failed request for the page's own files. Whatever
    went wrong in any of them fails the test when it ends."""
    watches: list[tuple[BrowserContext, Watch]] = []

    def open_page(*, width: int = 1280, height: int = 800) -> Page:
        # Django follows the browser's Accept-Language; headless chromium would say en-US.
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", viewport={"width": width, "height": height}
        )
        context.set_default_timeout(20_000)
        watch = watch_context(context, live_server.url)
        watches.append((context, watch))
        page = context.new_page()
        check_after_navigation(page, watch)
        return page

    yield open_page
    problems = finish(watches)
    assert problems == [], "\n".join(["the browser found problems:", *problems])


@pytest.fixture
def page(open_page) -> Page:
    """A page in a Dutch browser, watched like every page (see open_page)."""
    return open_page()


@dataclass(frozen=True)
class Demo:
    story: AdviceRequest  # the Foodvalley request: accepted, with experts and a meeting
    meeting: Meeting
    expert: Expert


@pytest.fixture
def demo(transactional_db) -> Demo:
    """The demo data of `make run`: every role, requests in every status, a meeting."""
    _, expert = seed_demo()
    seed_meetings(expert)
    story = AdviceRequest.objects.get(reference__endswith="-0001")
    return Demo(story=story, meeting=Meeting.objects.get(request=story), expert=expert)
