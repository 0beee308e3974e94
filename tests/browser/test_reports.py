"""The figures in the browser: a coordinator finds the dashboard from their home, picks a
period, sees the charts (images that load under the CSP) beside their tables and opens the
yearly overview; the requester's and the expert's own figures. Every page is checked with
axe-core and for CSP violations (conftest); the dashboard also on a phone (390 px)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from requests_app.demo import DEMO_PASSWORD
from tests.browser.actions import sign_in
from tests.browser.conftest import Demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 390


def charts_loaded(page: Page) -> int:
    """How many chart images the browser drew (an SVG refused by the CSP would be 0 wide)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.ed-chart img')]"
        ".filter(img => img.complete && img.naturalWidth > 0).length"
    )


def test_a_coordinator_reads_the_dashboard_and_the_yearly_overview(page: Page, demo: Demo):
    sign_in(page, "coordinator.weerthuis@rvo.example", DEMO_PASSWORD)
    page.goto("/coordinator/")
    with page.expect_navigation():
        page.get_by_test_id("dashboard-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard: Weer Thuis")
    expect(page.get_by_test_id("table-statussen")).to_be_visible()
    page.wait_for_function("() => [...document.images].every(img => img.complete)")
    assert charts_loaded(page) == 3
    # Every chart has its text alternative and the table with its figures after it.
    for alt in page.locator(".ed-chart img").all():
        assert "dezelfde cijfers staan in de tabel hieronder" in alt.get_attribute("alt")

    page.get_by_label("Van", exact=True).fill("2026-01-01")
    page.get_by_label("Tot en met", exact=True).fill("2026-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(
        "/coordinator/dashboard/?team=weer-thuis&start=2026-01-01&end=2026-06-30", ignore_case=True
    )
    csv_link = page.get_by_test_id("csv-statussen")
    assert "start=2026-01-01&end=2026-06-30" in csv_link.get_attribute("href")

    with page.expect_navigation():
        page.get_by_test_id("yearly-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaaroverzicht Weer Thuis 2026")
    page.emulate_media(media="print")
    expect(page.get_by_test_id("yearly-filter")).to_be_hidden()
    expect(page.get_by_test_id("table-geld")).to_be_visible()


def test_the_dashboard_on_a_phone(open_page, demo: Demo):
    page = open_page(width=PHONE, height=844)
    sign_in(page, "coordinator.weerthuis@rvo.example", DEMO_PASSWORD)
    page.goto("/coordinator/dashboard/")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE, f"the dashboard is {width} px wide on a {PHONE} px screen"
    region = page.get_by_role("region", name="Inzet van experts")
    region.focus()
    expect(region).to_be_focused()
    chart = page.locator(".ed-chart img").first.bounding_box()
    assert chart["x"] >= 0
    assert chart["x"] + chart["width"] <= PHONE


def test_own_figures_of_a_requester_and_an_expert(open_page, demo: Demo):
    requester = open_page()
    sign_in(requester, "aanvrager@veenendaal.example", DEMO_PASSWORD)
    requester.goto("/aanvrager/")
    with requester.expect_navigation():
        requester.get_by_test_id("figures-link").click()
    expect(requester.get_by_role("heading", level=1)).to_have_text("Cijfers van mijn organisaties")
    expect(requester.get_by_role("heading", name="Veenendaal")).to_be_visible()

    expert = open_page()
    sign_in(expert, demo.expert.user.email, DEMO_PASSWORD)
    expert.goto("/expert/")
    with expert.expect_navigation():
        expert.get_by_test_id("figures-link").click()
    expect(expert.get_by_role("heading", level=1)).to_have_text("Mijn cijfers")
    expect(expert.get_by_test_id("expert-load")).to_be_visible()
