"""What guides the requester: every problem of the intake form at once, the summary to check
before submitting, what happens next (and by when), the status as steps, "your experts", what
waits for their answer, and deleting a draft. The pages are read in Dutch, as requesters do."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.workdays import add_working_days, local_date
from requests_app.enums import Action, Status
from requests_app.models import AdviceRequest, Event
from requests_app.services import intake, lifecycle
from tests.factories import accept_request, accepted_lead, file_request
from tests.requests_app.page_support import has_region, html, messages_of, region

pytestmark = pytest.mark.django_db

DUTCH_MONTHS = ["jan.", "feb.", "mrt.", "apr.", "mei", "jun."]
DUTCH_MONTHS += ["jul.", "aug.", "sep.", "okt.", "nov.", "dec."]


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"


def label_of(page: str, field_id: str) -> str:
    found = re.search(
        rf'<(?:label|legend)[^>]*(?:for="{field_id}")?[^>]*>(.*?)</(?:label|legend)>', page
    )
    return re.sub(r"<[^>]+>", "", found.group(1)).strip() if found else ""


# --- the intake form ----------------------------------------------------------------------------


def test_an_empty_submit_names_every_problem_at_once_and_keeps_the_heading(
    client, requester, veenendaal
):
    client.force_login(requester)
    response = client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(veenendaal.pk),
            "title": "",
            "desired_start": "2026-09-30",
            "desired_end": "2026-03-02",
            "intent": "submit",
        },
    )
    assert response.status_code == 200
    assert region(response, "error-summary") == (
        "Controleer wat u hebt ingevuld "
        "Titel: Dit veld is vereist. "
        "Uw vraag: Beschrijf uw vraag voordat u de aanvraag indient. "
        "Thema's: Kies ten minste één thema voordat u de aanvraag indient. "
        "Gewenst einde: Het gewenste einde ligt vóór de gewenste start."
    )
    assert re.search(r"<h1[^>]*>Nieuwe adviesaanvraag</h1>", html(response))
    assert AdviceRequest.objects.count() == 0


def test_a_failed_submit_that_saved_the_draft_keeps_the_heading_of_a_new_request(
    client, requester, veenendaal
):
    client.force_login(requester)
    response = client.post(
        reverse("requests:new"),
        {"lead_organisation": str(veenendaal.pk), "title": "Anders Wonen", "intent": "submit"},
    )
    assert AdviceRequest.objects.get().status == Status.DRAFT
    assert re.search(r"<h1[^>]*>Nieuwe adviesaanvraag</h1>", html(response))
    assert region(response, "error-summary") == (
        "Controleer wat u hebt ingevuld "
        "Uw vraag: Beschrijf uw vraag voordat u de aanvraag indient. "
        "Thema's: Kies ten minste één thema voordat u de aanvraag indient."
    )


def test_what_a_submit_needs_is_not_labelled_optional_and_a_new_form_shows_no_errors(
    client, requester
):
    client.force_login(requester)
    page = html(client.get(reverse("requests:new")))
    question = re.search(r'<label class="rvo-label" for="id_question">(.*?)</label>', page)
    assert question.group(1) == "Uw vraag"
    assert '<legend class="rvo-label">Thema&#x27;s</legend>' in page
    team = re.search(r'<legend class="rvo-label">(Welk expertteam\?.*?)</legend>', page)
    assert "(niet verplicht)" in team.group(1)
    # Nothing marks a form just opened as wrong: no HTML "required" (drawn as :invalid).
    title = re.search(r'<input[^>]*id="id_title"[^>]*>', page).group(0)
    assert 'aria-required="true"' in title
    assert " required" not in title
    assert "aria-invalid" not in page


def test_the_question_has_a_maximum_with_a_counter(client, requester, veenendaal):
    client.force_login(requester)
    page = html(client.get(reverse("requests:new")))
    area = re.search(r"<textarea[^>]*id=\"id_question\"[^>]*>", page).group(0)
    assert 'maxlength="10000"' in area
    assert 'data-count-characters="{count} van {max} tekens"' in area

    response = client.post(
        reverse("requests:new"),
        {
            "lead_organisation": str(veenendaal.pk),
            "title": "Een heel lange vraag",
            "question": "x" * 560_000,
            "intent": "save",
        },
    )
    assert response.status_code == 200
    assert region(response, "error-summary") == (
        "Controleer wat u hebt ingevuld Uw vraag: "
        "Zorg dat deze waarde niet meer dan 10000 tekens bevat (het zijn er nu 560000)."
    )
    assert AdviceRequest.objects.count() == 0


def test_the_service_refuses_a_question_over_the_maximum(requester, veenendaal):
    data = intake.RequestData(title="Lang", question="x" * (intake.QUESTION_MAX_LENGTH + 1))
    with pytest.raises(ValidationError) as refused:
        intake.create_draft(actor=requester, lead_organisation=veenendaal, data=data)
    assert refused.value.message_dict == {
        "question": ["Houd de vraag onder 10.000 tekens; voeg langere teksten toe als bijlage."]
    }


# --- check, submit, what happens next -----------------------------------------------------------


def test_the_summary_is_checked_before_submitting_and_then_the_page_says_what_happens_next(
    client, requester, weer_thuis
):
    draft = file_request(requester=requester, team=weer_thuis, submit=False)
    client.force_login(requester)

    check = client.get(reverse("requests:action", args=[draft.pk, Action.SUBMIT]))
    assert check.request["PATH_INFO"] == f"/aanvragen/{draft.pk}/indienen/"
    assert region(check, "check-title") == draft.title
    assert region(check, "check-question") == draft.question
    assert re.search(r"<h1[^>]*>\s*Controleer uw aanvraag en dien haar in\s*</h1>", html(check))

    done = client.post(check.request["PATH_INFO"], follow=True)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    deadline = add_working_days(local_date(timezone.now()), weer_thuis.triage_working_days)
    assert draft.triage_deadline == deadline
    assert region(done, "next-step") == (
        "Wat gebeurt er nu? Een coördinator leest uw aanvraag en laat u uiterlijk "
        f"{dutch_date(deadline)} weten of het expertteam haar oppakt, of vraagt u om meer "
        f"informatie. (Nog {weer_thuis.triage_working_days} werkdagen)"
    )
    assert region(done, "steps") == (
        "Gedaan: Concept Nu: Ingediend Nog te doen: Aangenomen Nog te doen: In behandeling "
        "Nog te doen: Afgerond Nog te doen: Gesloten"
    )
    assert 'aria-current="step"' in html(done)


def test_the_steps_show_a_request_waiting_for_information_and_a_withdrawn_one(
    client, requester, coordinator_weer_thuis, weer_thuis
):
    asked = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(
        actor=coordinator_weer_thuis,
        request_id=asked.pk,
        action=Action.ASK_INFO,
        note="Welke gemeenten doen mee?",
    )
    withdrawn = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    lifecycle.transition(
        actor=requester, request_id=withdrawn.pk, action=Action.WITHDRAW, note="Zelf opgelost."
    )
    client.force_login(requester)

    waiting = client.get(reverse("requests:detail", args=[asked.pk]))
    assert region(waiting, "steps").startswith("Gedaan: Concept Nu: Informatie gevraagd ")
    assert region(waiting, "next-step").startswith("Uw antwoord is nodig")
    assert region(client.get(reverse("requests:detail", args=[withdrawn.pk])), "steps") == (
        "Gedaan: Concept Gedaan: Ingediend Gedaan: Aangenomen Nu: Ingetrokken"
    )


# --- your experts and the Dutch timeline --------------------------------------------------------


def test_your_experts_and_every_timeline_entry_read_in_dutch(
    client, requester, coordinator_weer_thuis, weer_thuis
):
    advice_request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    accepted_lead(
        advice_request, coordinator_weer_thuis, hours="24", organisation_name="Platform31"
    )
    client.force_login(requester)

    page = client.get(reverse("requests:detail", args=[advice_request.pk]))
    assert region(page, "experts") == (
        "Leidend expert: Sanne de Vries (Platform31) sanne@experts.example"
    )
    timeline = region(page, "timeline")
    # who was proposed is the coordinators' business; the experts block above names her
    assert "Er is een expert voorgesteld" in timeline
    assert "Een expert heeft de toewijzing geaccepteerd" in timeline
    assert "Expert" not in timeline.replace("expert", "")  # nothing left in English
    assert region(page, "next-step") == (
        "Uw aanvraag is geaccepteerd en uw experts zijn bekend (hieronder). "
        "Zij nemen contact met u op om te beginnen."
    )


# --- the requester's home -----------------------------------------------------------------------


def test_the_home_flags_what_waits_for_the_requesters_answer(
    client, requester, coordinator_weer_thuis, weer_thuis
):
    asked = file_request(requester=requester, team=weer_thuis, title="Skaeve Huse")
    file_request(requester=requester, team=weer_thuis, title="Nog in triage")
    client.force_login(requester)
    assert not has_region(client.get(reverse("requests:requester-home")), "waiting-for-answer")

    lifecycle.transition(
        actor=coordinator_weer_thuis,
        request_id=asked.pk,
        action=Action.ASK_INFO,
        note="Welke gemeenten doen mee?",
    )
    asked.refresh_from_db()
    home = client.get(reverse("requests:requester-home"))
    assert region(home, "waiting-for-answer") == (
        f"Een coördinator wacht op uw antwoord {asked.reference} Skaeve Huse Informatie gevraagd"
    )
    assert f'href="/aanvragen/{asked.pk}/#open-question"' in html(home)


# --- drafts -------------------------------------------------------------------------------------


def test_a_draft_says_who_started_it_and_can_be_deleted(client, requester, requester_ede):
    draft = file_request(requester=requester, submit=False, title="Verkeerd begonnen")
    client.force_login(requester)

    page = client.get(reverse("requests:detail", args=[draft.pk]))
    assert "Ingediend door" not in html(page)
    assert "<dt>Aangemaakt door</dt>" in html(page)
    assert region(page, "next-step").startswith("Deze aanvraag is een concept")
    submit = re.search(r'<a [^>]*data-testid="submit"[^>]*>', html(page)).group(0)
    assert f'href="/aanvragen/{draft.pk}/indienen/"' in submit  # to the summary to check

    confirm = client.get(reverse("requests:delete", args=[draft.pk]))
    assert confirm.request["PATH_INFO"] == f"/aanvragen/{draft.pk}/verwijderen/"
    assert confirm.status_code == 200

    client.force_login(requester_ede)  # another organisation: not even found
    assert client.post(reverse("requests:delete", args=[draft.pk])).status_code == 404

    client.force_login(requester)
    gone = client.post(reverse("requests:delete", args=[draft.pk]), follow=True)
    assert gone.redirect_chain == [(reverse("requests:list"), 302)]
    assert messages_of(gone) == ["Het concept “Verkeerd begonnen” is verwijderd."]
    assert not AdviceRequest.objects.filter(pk=draft.pk).exists()
    assert not Event.objects.filter(request_id=draft.pk).exists()


def test_a_submitted_request_is_not_deleted(client, requester):
    submitted = file_request(requester=requester)
    client.force_login(requester)
    response = client.post(reverse("requests:delete", args=[submitted.pk]), follow=True)
    assert messages_of(response) == [
        "Alleen een concept kunt u verwijderen; een ingediende aanvraag kunt u intrekken."
    ]
    assert AdviceRequest.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    detail = client.get(reverse("requests:detail", args=[submitted.pk]))
    assert "<dt>Ingediend door</dt>" in html(detail)
    assert not has_region(detail, "delete")


def test_the_requesters_moves_have_dutch_addresses(requester):
    assert reverse("requests:action", args=[1, Action.WITHDRAW]) == "/aanvragen/1/intrekken/"
    assert reverse("requests:action", args=[1, "provide_info"]) == "/aanvragen/1/informatie-geven/"
    assert reverse("requests:action", args=[1, "submit"]) == "/aanvragen/1/indienen/"
