"""The interactive API documentation works under the strict Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.actions import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_api_docs_render_every_operation_without_csp_violations(page: Page, requester):
    sign_in(page, requester.email)

    page.goto("/api/docs/")

    # Swagger UI rendered the schema it fetched: its scripts ran and its styles applied.
    expect(page.get_by_role("heading", name="expertdesk API")).to_be_visible()
    operation = page.locator(".opblock-summary-path", has_text="/api/v1/requests/{id}/accept/")
    expect(operation).to_be_visible()
    operation.click()
    expect(page.get_by_text("The request's current status does not allow this.")).to_be_visible()
    # the page fixture fails the test on any Content-Security-Policy violation


def test_an_api_address_opened_in_the_browser_shows_json_without_csp_violations(
    page: Page, requester
):
    sign_in(page, requester.email)

    page.goto("/api/v1/organisations/?q=GM0345")

    expect(page.get_by_text('"cbs_code":"GM0345"')).to_be_visible()
