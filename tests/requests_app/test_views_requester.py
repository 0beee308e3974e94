"""The requester's pages: filing through the real form, the request page, the requester's
moves, attachments and who may see or do what."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from experts.models import Theme
from organisations.models import Organisation
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Attachment
from requests_app.services import assignments, intake, lifecycle, notes
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    accept_request,
    file_request,
    skilled_expert,
)
from tests.requests_app.page_support import (
    checked,
    english_fixture,  # noqa: F401 -- fixture "english"
    has_region,
    html,
    messages_of,
    offered,
    private_media_fixture,  # noqa: F401 -- fixture "private_media"
    region,
    value,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media", "english")]

PARTNER_CODES = ["GM0228", "GM0203", "GM0289", "GM0339", "GM0340", "GM0279", "GM0267"]
STORY_THEMES = ["aandachtsgroepen", "businesscase", "regionale-samenwerking", "locatiekeuze"]
REFERENCE = re.compile(r"^EXP-\d{4}-\d{4}$")
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name: str = "plan-van-aanpak.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def theme_ids(*slugs: str) -> list[str]:
    return [str(pk) for pk in Theme.objects.filter(slug__in=slugs).values_list("pk", flat=True)]


@pytest.fixture
def foodvalley_partners(db) -> list[Organisation]:
    """The seven neighbouring municipalities, a housing corporation and a care provider; the
    second corporation is added through the form, as a requester would."""
    municipalities = list(Organisation.objects.filter(cbs_code__in=PARTNER_CODES))
    return [
        *municipalities,
        OrganisationFactory(name="Woonstede", kind=Organisation.Kind.HOUSING_CORPORATION),
        OrganisationFactory(name="Iriszorg", kind=Organisation.Kind.CARE_PROVIDER),
    ]


def story_form(requester, veenendaal, weer_thuis, partners, **overrides) -> dict:
    data = {
        "lead_organisation": str(veenendaal.pk),
        "title": "Anders Wonen in Regio Foodvalley",
        "question": (
            "De projectgroep Anders Wonen van Regio Foodvalley zoekt locaties voor Skaeve Huse "
            "en een businesscase die de acht gemeenten samen dragen."
        ),
        "team": str(weer_thuis.pk),
        "themes": theme_ids(*STORY_THEMES),
        "partners": [str(org.pk) for org in partners],
        "partners_q": "",
        "new_partner_name": "Patrimonium woonstichting",
        "new_partner_kind": "housing_corporation",
        "desired_results": ["business_case", "declaration_of_intent"],
        "desired_results_other": "",
        "desired_start": "2026-03-02",
        "desired_end": "2026-09-30",
        "contacts": [str(requester.pk)],
        "intent": "submit",
    }
    data.update(overrides)
    return data


# --- filing ------------------------------------------------------------------------------------


def test_the_foodvalley_request_is_filed_through_the_form_and_submitted(
    client,
    requester,
    veenendaal,
    weer_thuis,
    coordinator_weer_thuis,
    foodvalley_partners,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    client.force_login(requester)
    empty = client.get(reverse("requests:new"))
    assert empty.status_code == 200
    assert region(empty, "lead-organisation") == "You file this request for Veenendaal."
    assert checked(empty, "contacts") == [str(requester.pk)]
    assert checked(empty, "team") == [""]  # "not sure" until the requester chooses

    check = client.post(
        reverse("requests:new"),
        {
            **story_form(requester, veenendaal, weer_thuis, foodvalley_partners),
            "attachments": [pdf()],
        },
        follow=True,
    )
    # Saved as a draft first, and shown to check before it is submitted.
    advice_request = AdviceRequest.objects.get()
    check_url = reverse("requests:action", args=[advice_request.pk, "submit"])
    assert check_url == f"/aanvragen/{advice_request.pk}/indienen/"
    assert check.redirect_chain == [(check_url, 302)]
    assert advice_request.status == Status.DRAFT
    assert region(check, "check-title") == "Anders Wonen in Regio Foodvalley"
    assert region(check, "check-themes") == (
        "Business case and financing, Housing for priority groups, Location choice, "
        "Regional cooperation"
    )
    assert not mailoutbox

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(check_url, follow=True)

    advice_request.refresh_from_db()
    assert response.redirect_chain == [(reverse("requests:detail", args=[advice_request.pk]), 302)]
    assert advice_request.status == Status.SUBMITTED
    assert REFERENCE.match(advice_request.reference)
    assert region(response, "reference") == advice_request.reference
    assert region(response, "status") == "Submitted"
    assert region(response, "team") == "Back Home"
    assert messages_of(response) == [
        f"Your request is submitted. Its reference is {advice_request.reference}; "
        "you will receive a confirmation by mail."
    ]
    assert sorted(advice_request.partners.values_list("name", flat=True)) == [
        "Barneveld",
        "Ede",
        "Iriszorg",
        "Nijkerk",
        "Patrimonium woonstichting",
        "Renswoude",
        "Rhenen",
        "Scherpenzeel",
        "Wageningen",
        "Woonstede",
    ]
    added = Organisation.objects.get(name="Patrimonium woonstichting")
    assert added.kind == Organisation.Kind.HOUSING_CORPORATION
    assert sorted(advice_request.themes.values_list("slug", flat=True)) == sorted(STORY_THEMES)
    assert advice_request.desired_results == ["business_case", "declaration_of_intent"]
    assert (advice_request.desired_start, advice_request.desired_end) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 9, 30),
    )
    assert list(advice_request.contacts.all()) == [requester]
    assert list(advice_request.attachments.values_list("name", "content_type", "size")) == [
        ("plan-van-aanpak.pdf", "application/pdf", len(PDF))
    ]
    assert region(response, "desired-results") == "Business case, Declaration of intent"
    assert "Patrimonium woonstichting (housing corporation)" in region(response, "partners")
    assert "Ede (GM0228, municipality)" in region(response, "partners")
    confirmation = next(mail for mail in mailoutbox if mail.to == [requester.email])
    assert advice_request.reference in confirmation.subject
    assert sorted(mail.to[0] for mail in mailoutbox) == [requester.email, "wendy@rvo.nl"]


def test_a_person_with_two_organisations_chooses_the_lead_and_its_colleagues_are_contacts(
    client, requester, veenendaal, ede
):
    MembershipFactory(user=requester, organisation=ede)
    colleague = MembershipFactory(organisation=ede, user__email="collega@ede.nl").user
    client.force_login(requester)

    page = client.get(reverse("requests:new"))
    assert set(offered(page, "contacts")) == {str(requester.pk), str(colleague.pk)}
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', html(page))
    assert sorted(name for _pk, name in options) == ["Ede (GM0228)", "Veenendaal (GM0345)"]

    client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(ede.pk),
            "title": "Woonzorgvisie Ede",
            "team": "",
            "contacts": [str(colleague.pk)],
            "intent": "save",
        },
    )
    draft = AdviceRequest.objects.get()
    assert (draft.lead_organisation, draft.status) == (ede, Status.DRAFT)
    assert list(draft.contacts.all()) == [colleague]


def test_the_partner_search_works_without_javascript_and_keeps_what_was_typed(
    client, requester, veenendaal, ede
):
    client.force_login(requester)
    response = client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(veenendaal.pk),
            "title": "Anders Wonen",
            "question": "Waar plaatsen we de woningen?",
            "themes": theme_ids("locatiekeuze"),
            "partners": [str(ede.pk)],
            "partners_q": "GM0203",
            "intent": "search",
        },
    )
    assert response.status_code == 200
    assert not has_region(response, "error-summary")
    assert region(response, "partners-results") == "Barneveld GM0203 · Municipality"
    assert region(response, "partners-chosen") == "Ede GM0228 · Municipality"
    assert checked(response, "partners") == [str(ede.pk)]
    assert value(response, "title") == "Anders Wonen"
    assert value(response, "question") == "Waar plaatsen we de woningen?"
    assert checked(response, "themes") == theme_ids("locatiekeuze")
    assert AdviceRequest.objects.count() == 0


@pytest.mark.parametrize(
    ("query", "expected"), [("GM0228", ["Ede"]), ("gm0228", ["Ede"]), ("Barneveld", ["Barneveld"])]
)
def test_the_htmx_picker_finds_municipalities_by_name_or_cbs_code(
    client, requester, query, expected
):
    client.force_login(requester)
    response = client.get(
        reverse("organisations:organisation-search"),
        {"purpose": "partners", "partners_q": query},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in html(response)  # a fragment for htmx to swap in
    found = Organisation.objects.filter(pk__in=[int(pk) for pk in offered(response, "partners")])
    assert sorted(found.values_list("name", flat=True)) == expected
    assert checked(response, "partners") == []


def test_searching_by_part_of_a_name_offers_every_match_and_ede_among_them(client, requester):
    client.force_login(requester)
    response = client.get(
        reverse("organisations:organisation-search"),
        {"purpose": "partners", "partners_q": "Ede"},
        headers={"HX-Request": "true"},
    )
    names = list(
        Organisation.objects.filter(
            pk__in=[int(pk) for pk in offered(response, "partners")]
        ).values_list("name", flat=True)
    )
    assert "Ede" in names
    assert all("ede" in name.lower() for name in names)


def test_the_picker_leaves_out_the_lead_and_organisations_already_chosen(
    client, requester, veenendaal, ede
):
    client.force_login(requester)
    response = client.get(
        reverse("organisations:organisation-search"),
        {
            "purpose": "partners",
            "partners_q": "veen",
            "partners": [ede.pk],
            "lead_organisation": veenendaal.pk,
        },
        headers={"HX-Request": "true"},
    )
    names = set(
        Organisation.objects.filter(
            pk__in=[int(pk) for pk in offered(response, "partners")]
        ).values_list("name", flat=True)
    )
    assert "Veenendaal" not in names
    assert {"Heerenveen", "Veendam"} <= names


def test_the_organisation_search_page_works_without_htmx_and_needs_an_account(client, requester):
    anonymous = client.get(reverse("organisations:organisation-search"), {"q": "GM0228"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    signed_out = client.get(
        reverse("organisations:organisation-search"),
        {"partners_q": "GM0228"},
        headers={"HX-Request": "true"},
    )
    assert region(signed_out, "signed-out") == (
        "Your session has ended, so nothing can be searched. "
        "Copy anything you typed here, then sign in again. Sign in"
    )
    assert offered(signed_out, "partners") == []

    client.force_login(requester)
    page = client.get(reverse("organisations:organisation-search"), {"q": "GM0228"})
    assert page.status_code == 200
    assert region(page, "organisations") == (
        "Organisations found for “GM0228” Name CBS code Kind Ede GM0228 Municipality"
    )


# --- errors keep what was typed ----------------------------------------------------------------


def test_form_errors_keep_every_typed_value_and_ask_to_choose_the_files_again(
    client, requester, veenendaal, weer_thuis, ede
):
    client.force_login(requester)
    response = client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(veenendaal.pk),
            "title": "",
            "question": "Hoe financieren we Skaeve Huse?",
            "team": str(weer_thuis.pk),
            "themes": theme_ids("businesscase", "locatiekeuze"),
            "partners": [str(ede.pk)],
            "desired_results": ["other"],
            "desired_results_other": "Een raadsvoorstel",
            "desired_start": "2026-03-02",
            "desired_end": "2026-09-30",
            "contacts": [str(requester.pk)],
            "attachments": [pdf("notitie.pdf")],
            "intent": "submit",
        },
    )
    assert response.status_code == 200
    assert AdviceRequest.objects.count() == 0
    assert region(response, "error-summary") == (
        "Please check what you entered Title: This field is required."
    )
    assert value(response, "question") == "Hoe financieren we Skaeve Huse?"
    assert checked(response, "team") == [str(weer_thuis.pk)]
    assert sorted(checked(response, "themes")) == sorted(theme_ids("businesscase", "locatiekeuze"))
    assert checked(response, "partners") == [str(ede.pk)]
    assert checked(response, "desired_results") == ["other"]
    assert value(response, "desired_results_other") == "Een raadsvoorstel"
    assert (value(response, "desired_start"), value(response, "desired_end")) == (
        "2026-03-02",
        "2026-09-30",
    )
    assert region(response, "choose-files-again") == (
        "The file you chose was not saved: notitie.pdf. Choose it again before you save."
    )


def test_a_refusal_by_the_service_saves_nothing_not_even_the_new_partner(
    client, requester, veenendaal
):
    client.force_login(requester)
    response = client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(veenendaal.pk),
            "title": "Anders Wonen",
            "desired_start": "2026-09-30",
            "desired_end": "2026-03-02",
            "new_partner_name": "Stichting Nieuw Thuis",
            "new_partner_kind": "care_provider",
            "intent": "save",
        },
    )
    assert response.status_code == 200
    assert region(response, "error-summary") == (
        "Please check what you entered Desired end: The desired end lies before the desired start."
    )
    assert value(response, "new_partner_name") == "Stichting Nieuw Thuis"
    assert AdviceRequest.objects.count() == 0
    assert not Organisation.objects.filter(name="Stichting Nieuw Thuis").exists()


def test_a_new_partner_needs_its_kind(client, requester, veenendaal):
    client.force_login(requester)
    response = client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(veenendaal.pk),
            "title": "Anders Wonen",
            "new_partner_name": "Stichting Nieuw Thuis",
            "intent": "save",
        },
    )
    assert region(response, "error-summary") == (
        "Please check what you entered Kind of organisation: "
        "Choose whether it is a housing corporation or a care provider."
    )
    assert AdviceRequest.objects.count() == 0


def test_an_attachment_named_pdf_that_is_no_pdf_is_refused_with_a_message(
    client, requester, veenendaal
):
    client.force_login(requester)
    response = client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(veenendaal.pk),
            "title": "Anders Wonen",
            "attachments": [pdf("begroting.pdf", b"MZ\x90\x00 this is a program")],
            "intent": "save",
        },
    )
    assert response.status_code == 200
    assert region(response, "error-summary") == (
        "Please check what you entered Add attachments: "
        "begroting.pdf: The file's contents do not match its name (.pdf)."
    )
    assert region(response, "choose-files-again") == (
        "The file you chose was not saved: begroting.pdf. Choose it again before you save."
    )
    assert AdviceRequest.objects.count() == 0
    assert Attachment.objects.count() == 0


def test_submitting_an_incomplete_request_saves_the_draft_with_its_files_and_says_what_is_missing(
    client, requester, veenendaal
):
    client.force_login(requester)
    response = client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(veenendaal.pk),
            "title": "Anders Wonen",
            "question": "Hoe financieren we Skaeve Huse?",
            "attachments": [pdf()],
            "intent": "submit",
        },
    )
    draft = AdviceRequest.objects.get()
    assert response.status_code == 200
    assert draft.status == Status.DRAFT
    assert draft.attachments.count() == 1
    assert has_region(response, "not-submitted")
    assert not has_region(response, "choose-files-again")
    assert region(response, "error-summary") == (
        "Please check what you entered Themes: Choose at least one theme before submitting."
    )
    assert f'action="{reverse("requests:edit", args=[draft.pk])}"' in html(response)
    assert value(response, "question") == "Hoe financieren we Skaeve Huse?"

    done = client.post(
        reverse("requests:edit", args=[draft.pk]),
        {
            "title": "Anders Wonen",
            "question": "Hoe financieren we Skaeve Huse?",
            "themes": theme_ids("anders-wonen"),
            "contacts": [str(requester.pk)],
            "intent": "submit",
        },
    )
    draft.refresh_from_db()
    assert done.status_code == 302
    assert done["Location"] == reverse("requests:action", args=[draft.pk, "submit"])
    assert draft.status == Status.DRAFT  # complete now: shown to check first
    assert client.post(done["Location"]).status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert draft.attachments.count() == 1


def test_editing_a_draft_changes_it_and_removes_and_adds_attachments(client, requester, veenendaal):
    draft = file_request(requester=requester, submit=False)
    old = intake.add_attachments(actor=requester, request_id=draft.pk, uploads=[pdf("oud.pdf")])[0]
    client.force_login(requester)

    page = client.get(reverse("requests:edit", args=[draft.pk]))
    assert value(page, "title") == "Anders Wonen in de regio"
    assert offered(page, "remove_attachments") == [str(old.pk)]

    response = client.post(
        reverse("requests:edit", args=[draft.pk]),
        {
            "title": "Skaeve Huse in Veenendaal",
            "question": "Nieuwe vraag",
            "themes": theme_ids("anders-wonen"),
            "contacts": [str(requester.pk)],
            "remove_attachments": [str(old.pk)],
            "attachments": [pdf("nieuw.pdf")],
            "intent": "save",
        },
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.title == "Skaeve Huse in Veenendaal"
    assert draft.status == Status.DRAFT
    assert list(draft.attachments.values_list("name", flat=True)) == ["nieuw.pdf"]
    assert messages_of(response) == ["Your draft is saved. Submit it when it is complete."]
    assert region(response, "reference") == "Not yet: given when you submit"


# --- the request page --------------------------------------------------------------------------


def test_the_request_page_shows_the_requester_what_they_may_do_now(client, requester):
    draft = file_request(requester=requester, submit=False)
    client.force_login(requester)

    page = client.get(reverse("requests:detail", args=[draft.pk]))
    assert region(page, "actions") == "Edit Submit Delete draft"  # deleted, not withdrawn
    assert not has_region(page, "deadline")
    assert not has_region(page, "workspace-link")

    submitted = client.post(reverse("requests:action", args=[draft.pk, "submit"]), follow=True)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    assert messages_of(submitted) == [
        f"Your request is submitted. Its reference is {draft.reference}; "
        "you will receive a confirmation by mail."
    ]
    assert region(submitted, "actions") == "Withdraw"
    assert region(submitted, "timeline").startswith("Request started as a draft")
    assert f"Request submitted with reference {draft.reference}" in region(submitted, "timeline")


def test_submitting_an_incomplete_draft_from_its_page_leads_to_the_form_with_the_reason(
    client, requester
):
    draft = file_request(requester=requester, themes=[], submit=False)
    client.force_login(requester)
    response = client.post(reverse("requests:action", args=[draft.pk, "submit"]), follow=True)
    assert response.redirect_chain == [(reverse("requests:edit", args=[draft.pk]), 302)]
    assert messages_of(response) == ["Choose at least one theme before submitting."]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_coordinator_sees_the_deadline_internal_notes_and_a_link_to_the_workspace(
    client, requester, coordinator_weer_thuis, weer_thuis
):
    advice_request = file_request(requester=requester, team=weer_thuis)
    notes.add_internal_note(
        actor=coordinator_weer_thuis, request_id=advice_request.pk, text="Bel eerst met Ede."
    )
    client.force_login(coordinator_weer_thuis)

    page = client.get(reverse("requests:detail", args=[advice_request.pk]))
    assert page.status_code == 200
    with translation.override("en"):
        assert region(page, "deadline") == date_format(advice_request.triage_deadline)
    workspace = reverse("requests:workspace", args=[advice_request.pk])
    assert f'href="{workspace}"' in region_html(page, "workspace-link")
    assert "Internal note internal" in region(page, "timeline")
    assert "Bel eerst met Ede." in region(page, "timeline")
    assert not has_region(page, "actions")

    client.force_login(requester)
    own = client.get(reverse("requests:detail", args=[advice_request.pk]))
    assert "Bel eerst met Ede." not in html(own)
    assert "Internal note" not in html(own)
    assert not has_region(own, "workspace-link")


@pytest.mark.parametrize("count", [1, 12])
def test_the_request_page_takes_the_same_number_of_queries_however_much_it_shows(
    client, requester, coordinator_weer_thuis, weer_thuis, django_assert_num_queries, count
):
    partners = Organisation.objects.filter(kind="municipality").exclude(cbs_code="GM0345")
    advice_request = file_request(
        requester=requester, team=weer_thuis, partners=list(partners[:count]), submit=False
    )
    intake.add_attachments(
        actor=requester,
        request_id=advice_request.pk,
        uploads=[pdf(f"bijlage-{index}.pdf") for index in range(count)],
    )
    lifecycle.transition(actor=requester, request_id=advice_request.pk, action="submit")
    for index in range(count):
        notes.add_internal_note(
            actor=coordinator_weer_thuis, request_id=advice_request.pk, text=f"Notitie {index}"
        )
    client.force_login(coordinator_weer_thuis)
    with django_assert_num_queries(19):
        page = client.get(reverse("requests:detail", args=[advice_request.pk]))
    assert html(page).count("Notitie ") == count
    assert html(page).count("bijlage-") == 2 * count  # the link text and the timeline


def region_html(response, testid: str) -> str:
    page = html(response)
    start = page.index(f'data-testid="{testid}"')
    return page[start : page.index("</div>", start)]


# --- the requester's moves ---------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_first(
    client,
    requester,
    weer_thuis,
    coordinator_weer_thuis,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    advice_request = file_request(requester=requester, team=weer_thuis)
    client.force_login(requester)

    confirm = client.get(reverse("requests:action", args=[advice_request.pk, "withdraw"]))
    assert confirm.status_code == 200
    advice_request.refresh_from_db()
    assert advice_request.status == Status.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("requests:action", args=[advice_request.pk, "withdraw"]),
            {"note": "De regio pakt het zelf op."},
            follow=True,
        )
    advice_request.refresh_from_db()
    assert advice_request.status == Status.WITHDRAWN
    assert messages_of(done) == ["The request is withdrawn."]
    assert region(done, "status") == "Withdrawn"
    assert "Request withdrawn" in region(done, "timeline")
    assert "De regio pakt het zelf op." in region(done, "timeline")
    assert not has_region(done, "actions")
    assert [mail.to for mail in mailoutbox] == [["wendy@rvo.nl"]]

    again = client.post(
        reverse("requests:action", args=[advice_request.pk, "withdraw"]), follow=True
    )
    assert messages_of(again) == ["A request that is “Withdrawn” cannot be given “Withdraw”."]


def test_answering_the_coordinators_question_restarts_the_triage_clock(
    client,
    requester,
    weer_thuis,
    coordinator_weer_thuis,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    advice_request = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(
        actor=coordinator_weer_thuis,
        request_id=advice_request.pk,
        action="ask_info",
        note="Welke corporaties doen mee?",
    )
    client.force_login(requester)

    page = client.get(reverse("requests:detail", args=[advice_request.pk]))
    assert region(page, "open-question").startswith(
        "The coordinator asks for more information Welke corporaties doen mee?"
    )
    assert region(page, "actions") == "Edit Withdraw"
    assert "Information requested; the triage clock is paused" in region(page, "timeline")

    empty = client.post(
        reverse("requests:action", args=[advice_request.pk, "provide_info"]), {"note": "  "}
    )
    assert empty.status_code == 200
    assert region(empty, "error-summary") == (
        "Please check what you entered Your answer: Write your answer to the question."
    )

    with django_capture_on_commit_callbacks(execute=True):
        answered = client.post(
            reverse("requests:action", args=[advice_request.pk, "provide_info"]),
            {"note": "Woonstede en Patrimonium."},
            follow=True,
        )
    advice_request.refresh_from_db()
    assert advice_request.status == Status.SUBMITTED
    assert advice_request.triage_deadline is not None
    assert messages_of(answered) == ["Your answer is sent to the coordinators."]
    timeline = region(answered, "timeline")
    assert "Information provided; the triage clock runs again" in timeline
    assert "Woonstede en Patrimonium." in timeline
    assert [mail.to for mail in mailoutbox] == [["wendy@rvo.nl"]]


def test_a_request_waiting_for_information_can_be_edited_and_the_change_is_on_the_timeline(
    client, requester, weer_thuis, coordinator_weer_thuis
):
    advice_request = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(
        actor=coordinator_weer_thuis,
        request_id=advice_request.pk,
        action="ask_info",
        note="Meer context graag.",
    )
    client.force_login(requester)
    page = client.get(reverse("requests:edit", args=[advice_request.pk]))
    assert page.status_code == 200
    assert "submit" not in offered_buttons(page)

    response = client.post(
        reverse("requests:edit", args=[advice_request.pk]),
        {
            "title": "Anders Wonen in de regio",
            "question": "Uitgebreidere vraag met context.",
            "team": str(weer_thuis.pk),
            "themes": theme_ids("anders-wonen"),
            "contacts": [str(requester.pk)],
            "intent": "save",
        },
        follow=True,
    )
    advice_request.refresh_from_db()
    assert advice_request.question == "Uitgebreidere vraag met context."
    assert advice_request.status == Status.NEEDS_INFO
    assert messages_of(response) == ["Your changes are saved."]
    assert "Request details changed" in region(response, "timeline")


def offered_buttons(response) -> list[str]:
    return re.findall(r'<button type="submit" name="intent" value="(\w+)"', html(response))


# --- who may see and do what -------------------------------------------------------------------


def test_a_partner_organisations_requester_can_read_but_not_change(
    client, requester, requester_ede, ede, weer_thuis
):
    advice_request = file_request(requester=requester, team=weer_thuis, partners=[ede])
    client.force_login(requester_ede)

    page = client.get(reverse("requests:detail", args=[advice_request.pk]))
    assert page.status_code == 200
    assert not has_region(page, "actions")
    assert client.get(reverse("requests:edit", args=[advice_request.pk])).status_code == 403
    for action in ("withdraw", "submit", "provide_info"):
        url = reverse("requests:action", args=[advice_request.pk, action])
        assert client.post(url, {"note": "x"}).status_code == 403
    advice_request.refresh_from_db()
    assert advice_request.status == Status.SUBMITTED


def test_a_draft_is_not_shown_to_partners(client, requester, requester_ede, ede):
    draft = file_request(requester=requester, partners=[ede], submit=False)
    client.force_login(requester_ede)
    assert client.get(reverse("requests:detail", args=[draft.pk])).status_code == 404


def test_a_requester_of_another_organisation_gets_404_everywhere(client, requester, weer_thuis):
    advice_request = file_request(requester=requester, team=weer_thuis, submit=False)
    attachment = intake.add_attachments(
        actor=requester, request_id=advice_request.pk, uploads=[pdf()]
    )[0]
    lifecycle.transition(actor=requester, request_id=advice_request.pk, action="submit")
    outsider = MembershipFactory(
        organisation=Organisation.objects.get(cbs_code="GM0363"), user__email="amy@amsterdam.nl"
    ).user
    client.force_login(outsider)
    pk = advice_request.pk
    assert client.get(reverse("requests:detail", args=[pk])).status_code == 404
    assert client.get(reverse("requests:edit", args=[pk])).status_code == 404
    assert client.post(reverse("requests:edit", args=[pk]), {"title": "x"}).status_code == 404
    assert client.get(reverse("requests:action", args=[pk, "withdraw"])).status_code == 404
    assert client.post(reverse("requests:action", args=[pk, "withdraw"])).status_code == 404
    download = reverse("requests:attachment", args=[pk, attachment.pk])
    assert client.get(download).status_code == 404
    advice_request.refresh_from_db()
    assert advice_request.status == Status.SUBMITTED


def test_anonymous_visitors_are_sent_to_sign_in(client, requester):
    advice_request = file_request(requester=requester)
    for url in (
        reverse("requests:list"),
        reverse("requests:new"),
        reverse("requests:detail", args=[advice_request.pk]),
        reverse("requests:edit", args=[advice_request.pk]),
        reverse("requests:action", args=[advice_request.pk, "withdraw"]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_people_without_an_organisation_may_not_file_or_list(client, coordinator_weer_thuis):
    client.force_login(coordinator_weer_thuis)
    assert client.get(reverse("requests:new")).status_code == 403
    assert client.get(reverse("requests:list")).status_code == 403


def test_a_submitted_request_can_no_longer_be_edited(client, requester):
    advice_request = file_request(requester=requester)
    client.force_login(requester)
    response = client.post(
        reverse("requests:edit", args=[advice_request.pk]), {"title": "Anders", "intent": "save"}
    )
    assert response.status_code == 409
    assert messages_of(response) == ["A request that is “Submitted” can no longer be changed."]
    advice_request.refresh_from_db()
    assert advice_request.title == "Anders Wonen in de regio"


def test_unknown_moves_have_no_address(client, requester):
    advice_request = file_request(requester=requester)
    client.force_login(requester)
    assert client.post(f"/aanvragen/{advice_request.pk}/accept/").status_code == 404


# --- attachments -------------------------------------------------------------------------------


def test_attachments_are_downloaded_only_by_who_may_see_the_request(
    client, requester, requester_ede, ede, weer_thuis
):
    advice_request = file_request(
        requester=requester, team=weer_thuis, partners=[ede], submit=False
    )
    attachment = intake.add_attachments(
        actor=requester, request_id=advice_request.pk, uploads=[pdf("woonzorgvisie.pdf")]
    )[0]
    lifecycle.transition(actor=requester, request_id=advice_request.pk, action="submit")
    url = reverse("requests:attachment", args=[advice_request.pk, attachment.pk])

    client.force_login(requester)
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="woonzorgvisie.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF

    client.force_login(requester_ede)  # a partner may read the request, so its files too
    assert client.get(url).status_code == 200

    outsider = MembershipFactory(user__email="olaf@other.nl").user
    client.force_login(outsider)
    assert client.get(url).status_code == 404

    other = file_request(requester=outsider, submit=False)
    client.force_login(requester)
    wrong_pair = reverse("requests:attachment", args=[other.pk, attachment.pk])
    assert client.get(wrong_pair).status_code == 404


def test_a_file_missing_from_storage_answers_404_not_500(client, requester, private_media):
    advice_request = file_request(requester=requester, submit=False)
    attachment = intake.add_attachments(
        actor=requester, request_id=advice_request.pk, uploads=[pdf()]
    )[0]
    (private_media / attachment.file.name).unlink()
    client.force_login(requester)
    url = reverse("requests:attachment", args=[advice_request.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_attachments_are_stored_under_media_attachments_with_random_names(
    client, requester, private_media
):
    advice_request = file_request(requester=requester, submit=False)
    attachment = intake.add_attachments(
        actor=requester, request_id=advice_request.pk, uploads=[pdf("geheim plan.pdf")]
    )[0]
    stored = private_media / attachment.file.name
    assert stored.read_bytes() == PDF
    assert stored.parent == private_media / "attachments" / str(advice_request.pk)
    assert "geheim" not in stored.name


# --- my requests -------------------------------------------------------------------------------


def test_my_requests_lists_my_organisations_requests_as_lead_and_as_partner(
    client, requester, requester_ede, veenendaal, ede
):
    own = file_request(requester=requester, title="Skaeve Huse")
    as_partner = file_request(requester=requester_ede, partners=[veenendaal], title="Woonzorg Ede")
    file_request(requester=requester_ede, title="Alleen Ede")
    draft_of_ede = file_request(requester=requester_ede, partners=[veenendaal], submit=False)
    client.force_login(requester)

    page = client.get(reverse("requests:list"))
    assert page.status_code == 200
    rows = region(page, "requests")
    assert "Skaeve Huse" in rows
    assert "Woonzorg Ede" in rows
    assert "Ede you are a partner" in rows
    assert "Alleen Ede" not in rows
    assert draft_of_ede.title not in rows
    assert own.reference in rows
    assert as_partner.reference in rows


@pytest.mark.parametrize("count", [1, 50])
def test_my_requests_takes_the_same_number_of_queries_for_1_and_50_requests(
    client, requester, requester_ede, veenendaal, weer_thuis, django_assert_num_queries, count
):
    themes = list(Theme.objects.filter(slug__in=STORY_THEMES))
    for index in range(count):
        if index % 2:
            file_request(requester=requester_ede, partners=[veenendaal], themes=themes)
        else:
            file_request(requester=requester, team=weer_thuis, themes=themes)
    client.force_login(requester)
    with django_assert_num_queries(9):
        page = client.get(reverse("requests:list"))
    assert page.status_code == 200
    assert len(re.findall(r'href="/aanvragen/\d+/"', html(page))) == count


def test_the_requester_home_shows_recent_requests_and_a_way_to_file_one(client, requester):
    file_request(requester=requester, title="Skaeve Huse")
    client.force_login(requester)
    page = client.get(reverse("requests:requester-home"))
    assert f'href="{reverse("requests:new")}"' in html(page)
    assert "Skaeve Huse" in region(page, "requests")


def test_the_requester_sees_the_experts_who_work_on_the_request_lead_first(
    client, requester, coordinator_weer_thuis, weer_thuis, woningbouw
):
    advice_request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    page = client.get(reverse("requests:detail", args=[advice_request.pk]))
    assert not has_region(page, "experts")  # nobody yet
    helper = skilled_expert(
        teams=[woningbouw, weer_thuis],
        skills={"businesscase": 3},
        organisation_name="Rekenkamer BV",
        user__first_name="Bram",
        user__last_name="Aalders",
        user__email="bram@experts.example",
    )
    lead = skilled_expert(
        teams=[weer_thuis],
        skills={"anders-wonen": 3},
        user__first_name="Sanne",
        user__last_name="de Vries",
        user__email="sanne@experts.example",
    )
    proposed = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 1})
    for expert, role in ((helper, "member"), (lead, "lead"), (proposed, "member")):
        assignment = assignments.assign_expert(
            actor=coordinator_weer_thuis,
            request_id=advice_request.pk,
            expert_id=expert.pk,
            role=role,
            hours_budget=Decimal("12"),
        )
        if expert is not proposed:  # not yet accepted: not one of "your experts"
            assignments.accept_assignment(actor=expert.user, assignment_id=assignment.pk)
    client.force_login(requester)
    page = client.get(reverse("requests:detail", args=[advice_request.pk]))
    assert region(page, "experts") == (
        "Lead expert: Sanne de Vries sanne@experts.example "
        "Expert: Bram Aalders (Rekenkamer BV) bram@experts.example"
    )
