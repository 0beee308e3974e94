"""The coordinator's and the expert's main paths in a real browser, at 1280 and 390 px (issue
#10): what the person sees at each step. The coordinator reads the request before deciding,
accepts it, assigns two experts in two steps with the suggestions still open, and changes an
hour budget; the timeline says so in Dutch. The expert sees what they decide on before
accepting, and a load table that counts their leave and reaches their assignment months ahead.
Every page is checked with axe on the way (tests/browser/conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from core.workdays import local_date
from experts.models import Theme
from requests_app import capacity
from requests_app.models import Assignment
from requests_app.services import assignments
from tests.browser.actions import sign_in
from tests.factories import AbsenceFactory, accept_request, file_request, skilled_expert

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY_THEMES = ["aandachtsgroepen", "businesscase", "regionale-samenwerking", "locatiekeuze"]
QUESTION = (
    "Hoe maken we met acht gemeenten een sluitende businesscase voor Skaeve Huse, "
    "en hoe leggen we dat vast?"
)
WIDTHS = [1280, 390]


def _story(requester, team, ede):
    return file_request(
        requester=requester,
        team=team,
        title="Anders Wonen in Regio Foodvalley",
        question=QUESTION,
        themes=list(Theme.objects.filter(slug__in=STORY_THEMES)),
        partners=[ede],
    )


def _no_sideways_scroll(page: Page, width: int) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on {width} px"


def _top(page: Page, testid: str) -> float:
    return page.get_by_test_id(testid).first.bounding_box()["y"]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinator_reads_accepts_assigns_two_experts_and_changes_hours(
    open_page, requester, weer_thuis, ede, coordinator_weer_thuis, width
):
    request = _story(requester, weer_thuis, ede)
    skilled_expert(
        teams=[weer_thuis],
        skills={"aandachtsgroepen": 3, "businesscase": 3, "regionale-samenwerking": 3},
        capacity="12",
        user__first_name="Sanne",
        user__last_name="Visser",
    )
    skilled_expert(
        teams=[weer_thuis],
        skills={"locatiekeuze": 2},
        user__first_name="Vera",
        user__last_name="Veldkamp",
    )
    page = open_page(width=width, height=900)
    sign_in(page, coordinator_weer_thuis.email)

    # The inbox lists the open request with the triage deadline that runs for it.
    page.goto("/coordinator/inbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inbox")
    row = page.get_by_test_id("inbox-row").filter(has_text=request.reference)
    expect(row.get_by_test_id("deadline-state")).to_have_text("Nog 5 werkdagen")
    with page.expect_navigation():
        row.get_by_role("link", name=request.reference).click()

    # The workspace: the question, themes and partners first, then the next actions.
    expect(page.get_by_test_id("question")).to_have_text(QUESTION)
    expect(page.get_by_test_id("partners")).to_have_text("Ede (GM0228)")
    assert _top(page, "question") < _top(page, "actions") < _top(page, "experts")
    expect(page.get_by_test_id("standing")).to_contain_text("Status: Ingediend")
    expect(page.get_by_test_id("action-accepteren")).to_be_visible()
    expect(page.get_by_test_id("action-informatie-vragen")).to_be_visible()
    expect(page.get_by_test_id("action-afwijzen")).to_be_hidden()  # behind "Andere acties"
    _no_sideways_scroll(page, width)

    with page.expect_navigation():
        page.get_by_test_id("action-accepteren").get_by_role(
            "button", name="Aanvraag aannemen"
        ).click()
    expect(page.get_by_test_id("status")).to_have_text("Aangenomen")
    expect(page.get_by_test_id("action-starten")).to_be_visible()

    # The suggestions, with the skill level that earned the score; Sanne first.
    suggestions = page.get_by_test_id("suggestion")
    expect(suggestions).to_have_count(2)
    sanne = suggestions.filter(has_text="Sanne Visser")
    expect(sanne.get_by_test_id("suggestion-reasons")).to_contain_text(
        "Businesscase en financiering op niveau 3 van 3 (autoriteit)"
    )
    with page.expect_navigation():
        sanne.get_by_role("button", name="Toewijzen").click()
    expect(page.get_by_test_id("assignment")).to_have_count(1)

    # Anyone eligible can be found by name as one types (htmx); Sanne is on it already.
    search = page.get_by_label("Naam of e-mailadres")
    search.fill("veld")
    expect(page.get_by_test_id("found")).to_have_count(1)
    expect(page.get_by_test_id("found").get_by_test_id("suggestion-name")).to_have_text(
        "Vera Veldkamp"
    )
    search.fill("sanne")
    expect(page.get_by_test_id("nobody-found")).to_contain_text("Geen geschikte expert")

    # The suggestions stayed open: Vera is one click away, as an expert next to the lead.
    vera = page.get_by_test_id("suggestion").filter(has_text="Vera Veldkamp")
    expect(vera).to_be_visible()
    expect(vera.get_by_label("Rol")).to_have_value("member")
    with page.expect_navigation():
        vera.get_by_role("button", name="Toewijzen").click()
    rows = page.get_by_test_id("assignment")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Sanne Visser Leidend expert")
    expect(rows.nth(1)).to_contain_text("Vera Veldkamp Expert")

    # Sanne's budget changes in her own row, through the capacity check.
    lead = rows.nth(0)
    lead.get_by_label("Nieuw urenbudget").fill("60")
    with page.expect_navigation():
        lead.get_by_role("button", name="Uren wijzigen").click()
    lead = page.get_by_test_id("assignment").nth(0)
    expect(lead).to_contain_text(re.compile(r"Urenbudget\s*60\s*Uren per week\s*5"))
    too_much = "300"  # 25 h a week: more than her 12
    lead.get_by_label("Nieuw urenbudget").fill(too_much)
    with page.expect_navigation():
        lead.get_by_role("button", name="Uren wijzigen").click()
    expect(page.get_by_test_id("hours-error")).to_contain_text("uur per week vrij")
    assert Assignment.objects.get(request=request, role="lead").hours_budget == Decimal("60")

    # The Dutch timeline says who was proposed and what changed.
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Aanvraag aangenomen")
    expect(timeline).to_contain_text("Sanne Visser voorgesteld als leidend expert")
    expect(timeline).to_contain_text("Vera Veldkamp voorgesteld als expert")
    expect(timeline).to_contain_text("Urenbudget van Sanne Visser gewijzigd van 40 naar 60 uur")
    _no_sideways_scroll(page, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_expert_sees_what_to_decide_accepts_and_sees_leave_and_far_work_in_the_load(
    open_page, requester, weer_thuis, ede, coordinator_weer_thuis, expert, width
):
    sanne = expert.expert_profile
    sanne.skills.create(theme=Theme.objects.get(slug="businesscase"), level=3)
    request = accept_request(_story(requester, weer_thuis, ede), coordinator_weer_thuis)
    near = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        expert_id=sanne.pk,
        role="lead",
        hours_budget=Decimal("24"),
    )
    this_monday = capacity.monday(local_date(dt.datetime.now(dt.UTC)))
    leave = this_monday + dt.timedelta(weeks=2)
    AbsenceFactory(expert=sanne, start=leave, end=leave + dt.timedelta(days=4), reason="Vakantie")
    far_start = this_monday + dt.timedelta(weeks=20)
    later = accept_request(
        file_request(
            requester=requester,
            team=weer_thuis,
            title="Woonzorgvisie later",
            themes=list(Theme.objects.filter(slug="businesscase")),
            desired_start=far_start,
            desired_end=far_start + dt.timedelta(days=11),
        ),
        coordinator_weer_thuis,
    )
    far = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=later.pk,
        expert_id=sanne.pk,
        hours_budget=Decimal("10"),
    )
    page = open_page(width=width, height=900)
    sign_in(page, expert.email)
    page.goto("/expert/")

    # What she decides on: the question, themes, partners, coordinator, hours, answer-by date.
    card = page.get_by_test_id(f"assignment-{near.pk}")
    expect(card.get_by_test_id("fact-question")).to_have_text(QUESTION)
    expect(card.get_by_test_id("fact-themes")).to_contain_text("Businesscase en financiering")
    expect(card.get_by_test_id("fact-partners")).to_have_text("Ede (GM0228)")
    expect(card.get_by_test_id("fact-coordinator")).to_contain_text(coordinator_weer_thuis.email)
    expect(card.get_by_test_id("fact-hours")).to_have_text("24 uur, ongeveer 2 uur per week")
    expect(card.get_by_test_id("fact-answer-by")).to_be_visible()
    _no_sideways_scroll(page, width)

    with page.expect_navigation():
        card.get_by_role("button", name="Accepteren").click()
    expect(page.locator(".ed-messages")).to_contain_text("u hebt de toewijzing geaccepteerd")
    expect(page.get_by_test_id("accepted")).to_contain_text(request.reference)

    # The load: the week of leave has no free hours, the far assignment has its weeks.
    leave_row = page.get_by_test_id(f"week-{leave:%Y-%m-%d}")
    expect(leave_row).to_contain_text("de hele week afwezig")
    expect(leave_row.get_by_test_id("free")).to_have_text("0")
    far_row = page.get_by_test_id(f"week-{far_start:%Y-%m-%d}")
    expect(far_row).to_contain_text("5 van 16 u")
    expect(far_row.get_by_test_id("free")).to_have_text("11")

    # The far one through the mail's signed link: the same facts, the same verb.
    page.goto(f"/opdracht/{assignments.answer_token(far)}/")
    expect(page.get_by_test_id("fact-period")).to_be_visible()
    expect(page.get_by_test_id("assignment-status")).to_have_text("Voorgesteld")
    with page.expect_navigation():
        page.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_test_id("assignment-status")).to_have_text("Geaccepteerd")
    _no_sideways_scroll(page, width)
