"""The requester's main path in a real browser, on a desktop and on a phone: every problem of
an empty form at once, the summary to check, what happens next and by when, the status as
steps, and, once a coordinator has assigned an expert, "Uw experts" and a Dutch timeline."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from experts.models import Theme
from requests_app.enums import Action
from requests_app.models import AdviceRequest
from requests_app.services import assignments, lifecycle
from tests.browser.actions import sign_in
from tests.factories import skilled_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DUTCH_MONTHS = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun."]
DUTCH_MONTHS += ["jul.", "aug.", "sep.", "okt.", "nov.", "dec."]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_requester_files_a_request_and_sees_who_helps_them(
    open_page, width, requester, coordinator_weer_thuis, weer_thuis
):
    page: Page = open_page(width=width, height=900)
    sign_in(page, requester.email)
    page.goto("/aanvragen/nieuw/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Nieuwe adviesaanvraag")
    expect(page.locator("[aria-invalid='true']")).to_have_count(0)  # just opened: no errors

    # An empty submit names everything a submit needs, at once.
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        [
            "Titel: Dit veld is vereist.",
            "Uw vraag: Beschrijf uw vraag voordat u de aanvraag indient.",
            "Thema's: Kies ten minste één thema voordat u de aanvraag indient.",
        ]
    )
    expect(heading).to_have_text("Nieuwe adviesaanvraag")

    page.locator("#id_title").fill("Skaeve Huse in Veenendaal")
    text = "Waar kunnen Skaeve Huse staan, en wie betaalt de begeleiding?"
    page.locator("#id_question").fill(text)
    expect(page.get_by_test_id("char-count")).to_have_text(f"{len(text)} van 10.000 tekens")
    page.locator(f"input[name='team'][value='{weer_thuis.pk}']").check()
    theme = Theme.objects.get(slug="anders-wonen")
    box = page.locator(f"input[name='themes'][value='{theme.pk}']")
    box.check()
    expect(box).to_be_checked()  # its tick is drawn from the design system's icon (watched)
    with page.expect_navigation():
        page.get_by_test_id("submit").click()

    # The summary to check before submitting.
    expect(heading).to_have_text("Controleer uw aanvraag en dien haar in")
    expect(page.get_by_test_id("check-title")).to_have_text("Skaeve Huse in Veenendaal")
    expect(page.get_by_test_id("check-themes")).to_have_text(theme.name)  # the page speaks Dutch
    with page.expect_navigation():
        page.get_by_test_id("confirm").click()

    # Submitted: what happens next, and by when, on the page itself.
    filed = AdviceRequest.objects.get()
    deadline = filed.triage_deadline
    date = f"{deadline.day} {DUTCH_MONTHS[deadline.month - 1]} {deadline.year}"
    expect(page).to_have_url(re.compile(rf"/aanvragen/{filed.pk}/$"))
    expect(page.get_by_test_id("next-step")).to_contain_text(
        f"Een coördinator leest uw aanvraag en laat u uiterlijk {date} weten"
    )
    steps = page.get_by_test_id("steps")
    expect(steps.locator("[aria-current='step']")).to_have_text("Nu: Ingediend")
    expect(page.get_by_test_id("experts")).to_have_count(0)

    # A coordinator accepts it and assigns a lead expert, who agrees.
    lifecycle.transition(actor=coordinator_weer_thuis, request_id=filed.pk, action=Action.ACCEPT)
    lead = skilled_expert(
        teams=[weer_thuis],
        skills={"anders-wonen": 3},
        organisation_name="Platform31",
        user__first_name="Sanne",
        user__last_name="de Vries",
        user__email="sanne@experts.example",
    )
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=filed.pk,
        expert_id=lead.pk,
        role="lead",
        hours_budget=Decimal("24"),
    )
    assignments.accept_assignment(actor=lead.user, assignment_id=assignment.pk)

    page.reload()
    expect(steps.locator("[aria-current='step']")).to_have_text("Nu: Aangenomen")
    expect(page.get_by_role("heading", name="Uw experts")).to_be_visible()
    experts = page.get_by_test_id("experts")
    expect(experts).to_contain_text("Leidend expert: Sanne de Vries (Platform31)")
    expect(experts.get_by_role("link", name="sanne@experts.example")).to_have_attribute(
        "href", "mailto:sanne@experts.example"
    )
    expect(page.get_by_test_id("next-step")).to_contain_text("uw experts zijn bekend")
    titles = page.get_by_test_id("timeline").locator(".ed-timeline__title")
    expect(titles).to_have_text(
        [
            "Aanvraag als concept begonnen",
            re.compile(r"^Aanvraag ingediend met kenmerk EXP-\d{4}-\d{4}$"),
            "Aanvraag aangenomen",
            # who was proposed is the coordinators' business; the experts block names her
            "Er is een expert voorgesteld",
            "Een expert heeft de toewijzing geaccepteerd",
        ]
    )
