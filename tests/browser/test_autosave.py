"""Nothing typed is lost, in a real browser under the Content-Security-Policy: the intake form
saves itself while it is written, and the session notice warns before the idle session ends."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from requests_app.models import AdviceRequest
from tests.browser.actions import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_question_typed_into_the_form_is_a_draft_without_saving(page: Page, requester):
    sign_in(page, requester.email)
    page.goto("/aanvragen/nieuw/")
    status = page.get_by_test_id("autosave-status")

    page.locator("#id_title").press_sequentially("Skaeve Huse in de regio", delay=20)
    page.locator("#id_question").press_sequentially("Waar kunnen ze staan?", delay=20)
    expect(status).to_have_text(re.compile(r"^Concept opgeslagen om \d\d:\d\d$"), timeout=15_000)
    draft = AdviceRequest.objects.get()
    expect(page).to_have_url(re.compile(rf"/aanvragen/{draft.pk}/bewerken/$"))
    expect(page.locator("#id_draft")).to_have_value(str(draft.pk))

    with page.expect_response("**/aanvragen/concept-bewaren/", timeout=15_000):
        page.locator("#id_question").press_sequentially(" Bij voorkeur buiten de kern.")

    page.goto("/aanvragen/")
    expect(page.get_by_role("main")).to_contain_text("Skaeve Huse in de regio")
    assert list(AdviceRequest.objects.values_list("title", "question", "status")) == [
        ("Skaeve Huse in de regio", "Waar kunnen ze staan? Bij voorkeur buiten de kern.", "draft")
    ]


def test_the_session_notice_warns_keeps_the_session_and_says_when_it_ended(
    page: Page, requester, settings
):
    settings.SESSION_COOKIE_AGE = 12
    settings.SESSION_WARNING_SECONDS = 10  # the warning two seconds after each answer
    sign_in(page, requester.email)
    page.goto("/aanvragen/")
    stay = page.get_by_test_id("stay-signed-in")
    expect(stay).to_be_visible(timeout=8_000)
    expect(page.get_by_test_id("session-notice")).to_contain_text("Zonder activiteit")

    with page.expect_response("**/sessie/verlengen/"):
        stay.click()
    expect(stay).to_be_hidden()

    ended = page.get_by_test_id("session-notice").locator("[data-session-ended]")
    expect(ended).to_be_visible(timeout=20_000)
    page.reload()
    expect(page).to_have_url(re.compile(r"/account/inloggen/"))
