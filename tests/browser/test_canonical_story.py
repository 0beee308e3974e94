"""The canonical story in a real browser (DESIGN §3, steps 1-3): Veenendaal files the Regio
Foodvalley "Anders Wonen" request with its partners and themes and sees its reference; the
Weer Thuis coordinator finds it in the inbox and accepts it; the requester sees the new status
and the timeline."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from experts.models import Theme
from organisations.models import Organisation
from requests_app.enums import Status
from requests_app.models import AdviceRequest
from tests.browser.actions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNER_CODES = ["GM0228", "GM0203", "GM0289", "GM0339", "GM0340", "GM0279", "GM0267"]
STORY_THEMES = ["aandachtsgroepen", "businesscase", "regionale-samenwerking", "locatiekeuze"]


def _choose_partner(page: Page, code: str) -> None:
    organisation = Organisation.objects.get(cbs_code=code)
    page.locator("#id_partners_q").fill(code)
    option = page.locator("#partners-results").locator(f"input[value='{organisation.pk}']")
    expect(option).to_be_visible()
    option.check()
    expect(
        page.get_by_test_id("partners-chosen").locator(f"input[value='{organisation.pk}']")
    ).to_be_checked()


def test_veenendaal_files_the_foodvalley_request_and_weer_thuis_accepts_it(
    page: Page, open_page, requester, coordinator_weer_thuis
):
    sign_in(page, requester.email)
    page.goto("/aanvragen/nieuw/")
    page.locator("#id_title").fill("Anders Wonen in Regio Foodvalley")
    page.locator("#id_question").fill(
        "Hoe maken we met acht gemeenten, twee corporaties en een zorgaanbieder een "
        "sluitende businesscase voor Skaeve Huse, en hoe leggen we dat vast?"
    )
    page.locator(
        f"input[name='team'][value='{coordinator_weer_thuis.coordinated_teams.get().pk}']"
    ).check()
    for theme in Theme.objects.filter(slug__in=STORY_THEMES):
        page.locator(f"input[name='themes'][value='{theme.pk}']").check()
    for result in ("business_case", "declaration_of_intent"):
        page.locator(f"input[name='desired_results'][value='{result}']").check()
    for code in PARTNER_CODES:
        _choose_partner(page, code)
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    # The summary to check, then the submit itself.
    expect(page.get_by_test_id("check-title")).to_have_text("Anders Wonen in Regio Foodvalley")
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()

    reference = page.get_by_test_id("reference")
    expect(reference).to_have_text(re.compile(r"EXP-\d{4}-\d{4}"))
    filed = AdviceRequest.objects.get()
    assert filed.reference == reference.inner_text().strip()
    assert filed.status == Status.SUBMITTED
    assert sorted(filed.partners.values_list("cbs_code", flat=True)) == sorted(PARTNER_CODES)
    assert sorted(filed.themes.values_list("slug", flat=True)) == sorted(STORY_THEMES)

    inbox = open_page()  # the coordinator, in a browser of her own
    sign_in(inbox, coordinator_weer_thuis.email)
    inbox.goto("/coordinator/inbox/")
    row = inbox.get_by_test_id("inbox-row").filter(has_text=filed.reference)
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("deadline")).to_be_visible()
    with inbox.expect_navigation():
        row.get_by_role("link", name=filed.reference).click()
    with inbox.expect_navigation():
        inbox.get_by_test_id("action-accepteren").get_by_role("button").click()
    with translation.override("nl"):
        accepted = str(Status.ACCEPTED.label)
    expect(inbox.get_by_test_id("status")).to_have_text(accepted)
    inbox.context.close()

    page.goto(f"/aanvragen/{filed.pk}/")
    expect(page.get_by_test_id("status")).to_have_text(accepted)
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li")).to_have_count(3)  # created, submitted, accepted
    assert AdviceRequest.objects.get().status == Status.ACCEPTED
