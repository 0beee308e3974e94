"""Every page of every role, once, on the demo data: each is checked by axe-core (WCAG 2.1 A/AA),
for CSP violations and for files that fail to load, by the page fixtures (checks.py). These tests
only need to arrive on each page; a page that answers an error status fails here, so a typo in
an address cannot pass as a checked page."""

from __future__ import annotations

import re

import pytest
from django.db.models import Q
from playwright.sync_api import Page, expect

from meetings.models import Attendee
from meetings.services import answer_token
from organisations.models import Organisation
from organisations.services.memberships import invite_requester
from requests_app.demo import DEMO_PASSWORD
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Assignment
from requests_app.services.assignments import answer_token as assignment_token
from tests.browser.actions import sign_in
from tests.browser.conftest import Demo
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUESTER, COORDINATOR, EXPERT, ADMIN = (
    "aanvrager@veenendaal.example",
    "coordinator.weerthuis@rvo.example",
    "sanne.devries@experts.example",
    "beheer@rvo.example",
)


def visit(page: Page, *paths: str) -> None:
    for path in paths:
        response = page.goto(path)
        assert response.ok, f"{path} answered {response.status}"


def _one_per_status(*filters: Q) -> list[AdviceRequest]:
    found: dict[str, AdviceRequest] = {}
    requests = AdviceRequest.objects.filter(*filters).exclude(status=Status.DRAFT)
    for advice_request in requests.order_by("pk"):
        found.setdefault(advice_request.status, advice_request)
    return list(found.values())


def test_every_requester_page(page: Page, demo: Demo):
    needs_info = AdviceRequest.objects.get(
        lead_organisation__cbs_code="GM0345", status=Status.NEEDS_INFO
    )
    sign_in(page, REQUESTER, DEMO_PASSWORD)
    visit(
        page,
        "/aanvrager/",
        "/aanvragen/",
        f"/aanvragen/{demo.story.pk}/",
        f"/aanvragen/{demo.story.pk}/overzicht/",
        f"/aanvragen/{needs_info.pk}/",
        f"/aanvragen/{needs_info.pk}/informatie-geven/",
        f"/aanvragen/{needs_info.pk}/intrekken/",
        "/organisaties/zoeken/?q=Ede",
        "/organisatie-aanmelden/",
        "/agenda-abonnementen/",
        "/aanvrager/cijfers/",
        "/aanvragen/nieuw/",
    )

    # the intake form's error summary, then a saved draft and its edit page
    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    page.locator("#id_title").fill("Toegankelijk voor iedereen")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    draft = AdviceRequest.objects.get(title="Toegankelijk voor iedereen")
    visit(
        page,
        f"/aanvragen/{draft.pk}/bewerken/",
        f"/aanvragen/{draft.pk}/indienen/",
        f"/aanvragen/{draft.pk}/verwijderen/",
    )


def test_the_api_docs_in_every_state_a_reader_opens(page: Page, demo: Demo):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    visit(page, "/api/docs/")
    requests_list = page.locator("#operations-v1-v1_requests_list")
    requests_list.locator(".opblock-summary-control").click()
    requests_list.get_by_role("button", name="Try it out").click()
    with page.expect_response(re.compile(r"/api/v1/requests/")):
        requests_list.get_by_role("button", name="Execute").click()
    expect(requests_list.locator(".live-responses-table")).to_be_visible()
    page.locator(".models-control").click()
    page.get_by_role("button", name="Authorize").first.click()
    expect(page.locator(".modal-ux")).to_be_visible()
    # the fixture checks this last state: an operation tried out, the schemas, the dialog


def test_every_coordinator_page(page: Page, demo: Demo):
    sign_in(page, COORDINATOR, DEMO_PASSWORD)
    visit(page, "/coordinator/", "/coordinator/inbox/", "/coordinator/inbox/?overdue=on")
    visit(
        page,
        *[
            f"/coordinator/aanvragen/{advice_request.pk}/"
            for advice_request in _one_per_status(Q(team__slug="weer-thuis") | Q(team=None))
        ],
    )
    visit(
        page,
        f"/coordinator/aanvragen/{demo.story.pk}/vergadering-plannen/",
        f"/vergaderingen/{demo.meeting.pk}/",
        "/coordinator/experts/",
        "/coordinator/aanmeldingen/",
        "/coordinator/uitnodigen/",
        "/agenda-abonnementen/",
        "/coordinator/programma/",
        "/coordinator/dashboard/",
        "/coordinator/jaaroverzicht/",
        f"/aanvragen/{demo.story.pk}/overzicht/",
        "/coordinator/planning/",
    )
    with page.expect_navigation():
        page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("plan-assigned")).to_be_visible()  # the plan's outcome


def test_every_expert_page(page: Page, demo: Demo):
    profile = demo.expert.pk
    proposed = Assignment.objects.filter(
        expert=demo.expert, status=Assignment.Status.PROPOSED
    ).first()
    attendee = Attendee.objects.get(meeting=demo.meeting, user=demo.expert.user)
    sign_in(page, EXPERT, DEMO_PASSWORD)
    visit(
        page,
        "/expert/",
        f"/expert/{profile}/profiel/",
        f"/expert/{profile}/expertise/",
        f"/expert/{profile}/afwezigheid/",
        f"/expert/{profile}/belangenverstrengeling/",
        f"/aanvragen/{demo.story.pk}/",
        "/expert/uren/",
        "/expert/cijfers/",
        f"/opdracht/{assignment_token(proposed)}/",
        f"/vergadering/antwoord/{answer_token(attendee, Attendee.Answer.TENTATIVE)}/",
    )


def test_every_account_page(page: Page, demo: Demo):
    invitation = invite_requester(
        actor=demo.story.team.coordinators.first(),
        email="nieuw@veenendaal.example",
        organisation=Organisation.objects.get(cbs_code="GM0345"),
    )
    visit(
        page,
        "/account/inloggen/",
        "/account/registreren/",
        "/account/wachtwoord/herstellen/",
        "/account/wachtwoord/herstellen/verstuurd/",
        f"/uitnodiging/{invitation.token}/",
    )
    nobody = UserFactory(email="niemand@example.org")
    sign_in(page, nobody.email)
    visit(
        page,
        "/",
        "/account/e-mail/",
        "/account/wachtwoord/wijzigen/",
        "/account/tweestaps/",
        "/account/opnieuw-inloggen/",
    )


def test_the_admin_lists_and_our_import_page(page: Page, demo: Demo):
    sign_in(page, ADMIN, DEMO_PASSWORD)
    visit(
        page,
        "/admin/",
        "/admin/requests_app/advicerequest/",
        "/admin/organisations/organisation/import/",
    )
