"""Each role signs in through the real form and lands on its own home page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from experts.models import Theme
from tests.browser.actions import sign_in
from tests.factories import SkillFactory

# Transactional: the live server answers from another thread, so the data must be committed.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_a_requester_lands_on_the_home_of_their_organisation(page: Page, requester):
    sign_in(page, requester.email)

    expect(page).to_have_url(re.compile(r"/aanvrager/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Welkom, {requester.get_full_name()}"
    )
    expect(page.get_by_test_id("memberships")).to_contain_text("Veenendaal (GM0345)")
    expect(page.get_by_test_id("memberships")).to_contain_text("Gemeente")
    expect(page.get_by_role("link", name="Mijn organisatie")).to_have_attribute(
        "aria-current", "page"
    )


def test_a_coordinator_lands_on_the_home_with_their_teams_experts(
    page: Page, coordinator_weer_thuis, expert
):
    sign_in(page, coordinator_weer_thuis.email)

    expect(page).to_have_url(re.compile(r"/coordinator/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Coördinatie")
    experts = page.get_by_test_id("team-experts-weer-thuis")
    expect(experts).to_contain_text(expert.get_full_name())
    expect(page.get_by_test_id("team-experts-woningbouw")).to_have_count(0)


def test_an_expert_lands_on_the_home_with_their_skills(page: Page, expert):
    SkillFactory(expert=expert.expert_profile, theme=Theme.objects.get(slug="anders-wonen"))

    sign_in(page, expert.email)

    expect(page).to_have_url(re.compile(r"/expert/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn expertprofiel")
    expect(page.get_by_test_id("skills")).to_contain_text("Anders Wonen / Skaeve Huse")


def test_an_admin_lands_on_the_django_admin_index(page: Page, admin_user):
    sign_in(page, admin_user.email)

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("#site-name")).to_have_text("expertdesk-beheer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Configuratie")


def test_a_wrong_password_is_reported_on_the_form(page: Page, requester):
    sign_in(page, requester.email, password="not-the-password")

    expect(page).to_have_url(re.compile(r"/account/inloggen/$"))
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("wachtwoord is niet correct")
    expect(page.get_by_label("E-mailadres")).to_have_value(requester.email)
