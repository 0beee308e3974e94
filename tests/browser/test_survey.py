"""The satisfaction survey on a phone (390 px), without signing in: the form, an answer left out,
the answer given, and the link used a second time. axe-core checks every state (conftest)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from reports.models import SatisfactionResponse
from reports.services import survey_token
from requests_app.enums import Status
from tests.browser.conftest import Demo
from tests.browser.test_phone import PHONE, assert_no_sideways_page_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_requester_answers_the_survey_once_on_a_phone(open_page, demo: Demo):
    survey = SatisfactionResponse.objects.select_related("request__created_by").get(
        request__status=Status.COMPLETED
    )
    path = f"/tevredenheid/{survey_token(survey, survey.request.created_by)}/"
    page: Page = open_page(width=PHONE, height=844)

    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoe tevreden bent u?")
    assert_no_sideways_page_scroll(page)

    # Sent without a score: the error names the question and leads to it.
    page.get_by_label("Toelichting (niet verplicht)").fill("Duidelijk plan van aanpak.")
    with page.expect_navigation():
        page.get_by_role("button", name="Mijn antwoord versturen").click()
    summary = page.get_by_test_id("survey-errors")
    expect(summary).to_contain_text("Kies een score van 1 tot 5.")
    summary.get_by_role("link").click()
    expect(page.get_by_label("4 (tevreden)")).to_be_visible()
    assert_no_sideways_page_scroll(page)

    page.get_by_label("4 (tevreden)").check()
    expect(page.get_by_label("Toelichting (niet verplicht)")).to_have_value(
        "Duidelijk plan van aanpak."
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(page.get_by_test_id("survey-done")).to_have_text(
        "Dank u: uw antwoord is opgeslagen. De aanvraag is nu gesloten."
    )
    survey.refresh_from_db()
    assert (survey.score, survey.comment) == (4, "Duidelijk plan van aanpak.")

    page.goto(path)
    expect(page.get_by_test_id("survey-error")).to_have_text(
        "Dit onderzoek is al beantwoord. Dank u wel!"
    )
    expect(page.get_by_role("button", name="Mijn antwoord versturen")).to_have_count(0)
    assert_no_sideways_page_scroll(page)
