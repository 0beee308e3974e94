"""The intake form's organisation picker in a real browser: htmx search while typing, under the
Content-Security-Policy, with ticked partners kept when the next search replaces the matches."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from organisations.models import Organisation
from requests_app.models import AdviceRequest
from tests.browser.actions import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_partners_are_found_while_typing_and_stay_chosen(page: Page, requester):
    ede = Organisation.objects.get(cbs_code="GM0228")
    barneveld = Organisation.objects.get(cbs_code="GM0203")
    sign_in(page, requester.email)
    page.goto("/aanvragen/nieuw/")

    search = page.locator("#id_partners_q")
    results = page.locator("#partners-results")
    chosen = page.get_by_test_id("partners-chosen")

    search.fill("GM0228")
    expect(results.locator(f"input[value='{ede.pk}']")).to_be_visible()
    results.locator(f"input[value='{ede.pk}']").check()
    expect(chosen.locator(f"input[value='{ede.pk}']")).to_be_checked()

    search.fill("Barneveld")
    expect(results.locator(f"input[value='{barneveld.pk}']")).to_be_visible()
    results.locator(f"input[value='{barneveld.pk}']").check()
    expect(chosen.locator("input[name='partners']:checked")).to_have_count(2)

    search.fill("Ede")
    search.press("Enter")  # searches in place: no form post, nothing lost
    expect(page).to_have_url(re.compile(r"/aanvragen/nieuw/$"))
    expect(results.locator(f"input[value='{ede.pk}']")).to_have_count(0)  # already chosen

    page.locator("#id_title").fill("Anders Wonen in Regio Foodvalley")
    with page.expect_navigation():
        page.get_by_test_id("save").click()

    draft = AdviceRequest.objects.get()
    assert sorted(draft.partners.values_list("name", flat=True)) == ["Barneveld", "Ede"]
    expect(page.get_by_test_id("partners")).to_contain_text("Barneveld")
