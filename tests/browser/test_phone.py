"""On a phone (390 px wide): the intake form, the inbox, the workspace and the request list stay
readable. Tables scroll sideways in their own labelled region with the reference kept in view;
the page itself never scrolls sideways. A ticked box shows its tick."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from requests_app.demo import DEMO_PASSWORD
from tests.browser.actions import sign_in
from tests.browser.conftest import Demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390
# A reference (EXP-2026-0001) on one line, and a title a few words wide.
MIN_REFERENCE_WIDTH, MIN_TITLE_WIDTH = 100, 150


def assert_no_sideways_page_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE, f"{page.url} is {width} px wide on a {PHONE} px screen"


def assert_readable_table(page: Page, region: Locator, reference: Locator, title: Locator) -> None:
    expect(region).to_be_visible()
    reference_box, title_box = reference.bounding_box(), title.bounding_box()
    assert reference_box["width"] >= MIN_REFERENCE_WIDTH
    assert title_box["width"] >= MIN_TITLE_WIDTH

    # keyboard users scroll the region itself; the reference stays in view while they do
    region.focus()
    expect(region).to_be_focused()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("region => region.scrollLeft > 0", arg=region.element_handle())
    scrolled = reference.bounding_box()
    assert scrolled["x"] >= 0
    assert scrolled["x"] + scrolled["width"] <= PHONE
    assert_no_sideways_page_scroll(page)


def test_a_requester_files_and_follows_requests_on_a_phone(open_page, demo: Demo):
    page = open_page(width=PHONE, height=844)
    sign_in(page, "aanvrager@veenendaal.example", DEMO_PASSWORD)

    page.goto("/aanvragen/nieuw/")
    assert_no_sideways_page_scroll(page)
    theme = page.locator("input[name='themes']").first
    theme.check()
    expect(theme).to_be_checked()
    # the design system's tick, drawn from the design system's icons (expertdesk.css)
    tick = re.fullmatch(
        r'url\("(http://[^/]+/static/vendor/nl-rvo/assets/icons/functioneel/vinkje\.svg)"\)',
        theme.evaluate("box => getComputedStyle(box, '::after').maskImage"),
    )
    assert tick is not None
    assert page.request.get(tick[1]).status == 200

    page.goto("/aanvragen/")
    requests = page.get_by_role("region", name="Aanvragen van uw organisaties")
    assert_readable_table(
        page,
        requests,
        requests.get_by_test_id("requests-reference").first,
        requests.get_by_test_id("requests-title").first,
    )


def test_a_coordinator_triages_on_a_phone(open_page, demo: Demo):
    page = open_page(width=PHONE, height=844)
    sign_in(page, "coordinator.weerthuis@rvo.example", DEMO_PASSWORD)

    page.goto("/coordinator/inbox/")
    inbox = page.get_by_role("region", name="Aanvragen, eerstvolgende triagetermijn eerst")
    overdue = inbox.locator("[data-overdue='true']").first  # the pink row, with its link
    assert_readable_table(
        page,
        inbox,
        overdue.get_by_test_id("inbox-reference"),
        overdue.get_by_test_id("inbox-title"),
    )

    page.goto(f"/coordinator/aanvragen/{demo.story.pk}/")
    expect(page.get_by_test_id("status")).to_be_visible()
    assert_no_sideways_page_scroll(page)
