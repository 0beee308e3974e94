"""Retention: ``manage.py anonymise_requests`` removes the personal data of requests finished
longer ago than the retention period, in every app, and the figures the reports count stay
exactly the same. A dry run first; one audit event per request; a second run changes nothing.

``figures()`` gathers what the reports count from what exists today (statuses, themes,
municipalities, provinces, kinds, lead times, hours and money from cofinancing.selectors,
satisfaction scores); point it at ``reports.selectors`` once the dashboard is there.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_q.models import Schedule
from django_q.tasks import async_task

from cofinancing import selectors as cofinancing_selectors
from cofinancing import services as cofinancing_services
from cofinancing.models import TimeEntry
from core.workdays import AMSTERDAM
from experts.models import Team
from mail.models import OutboundMail
from meetings import services as meeting_services
from meetings.models import Attendee, Meeting
from reports.models import SatisfactionResponse
from reports.services import answer_survey
from requests_app.models import AdviceRequest, Assignment, Attachment, Event, InternalNote
from requests_app.services import intake, lifecycle, notes
from requests_app.services.anonymise import anonymise_request
from tests.concurrency import at_once
from tests.factories import (
    MembershipFactory,
    accept_request,
    accepted_lead,
    file_request,
)
from tests.requests_app.completion_support import completed_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LONG_AGO = dt.datetime(2018, 3, 5, 9, tzinfo=AMSTERDAM)  # a Monday, far past seven years
OFFER = cofinancing_services.Offer(
    hours=Decimal("80"),
    hourly_rate=Decimal("140"),
    programme_hours=Decimal("24"),
    requester_share=Decimal("0.5"),
)


def figures() -> dict:
    """What the reports count, read from the data they count."""
    requests = list(
        AdviceRequest.objects.order_by("pk").select_related("lead_organisation", "team")
    )

    def span(start, end):
        return end - start if start and end else None

    return {
        "by_status": Counter(r.status for r in requests),
        "by_team": Counter(r.team.slug if r.team else None for r in requests),
        "by_theme": Counter(
            AdviceRequest.themes.through.objects.values_list("theme__slug", flat=True)
        ),
        "by_municipality": Counter(r.lead_organisation.cbs_code for r in requests),
        "by_province": Counter(r.lead_organisation.province for r in requests),
        "by_kind": Counter(r.lead_organisation.kind for r in requests),
        "partners": Counter(
            AdviceRequest.partners.through.objects.values_list("organisation__cbs_code", flat=True)
        ),
        "moments": {
            r.pk: (r.created_at, r.submitted_at, r.decided_at, r.completed_at, r.closed_at)
            for r in requests
        },
        "lead_times": {
            r.pk: (
                span(r.submitted_at, r.decided_at),
                span(r.submitted_at, r.completed_at),
                span(r.completed_at, r.closed_at),
            )
            for r in requests
        },
        "results": Counter(value for r in requests for value in r.delivered_results),
        "desired": Counter(value for r in requests for value in r.desired_results),
        "hours": {r.pk: cofinancing_selectors.hours_used(r.pk) for r in requests},
        "ledgers": {
            r.pk: (ledger.split, ledger.hours_used, ledger.by_expert)
            for r in requests
            for ledger in [cofinancing_selectors.request_ledger(r)]
        },
        "programme": [
            cofinancing_selectors.programme(team.pk, year)
            for team in Team.objects.order_by("pk")
            for year in (2018, 2026)
        ],
        "assignments": Counter(
            Assignment.objects.values_list("request_id", "role", "status", "hours_budget")
        ),
        "meetings": Counter(
            Meeting.objects.values_list("request_id", "kind", "status", "starts_at", "ends_at")
        ),
        "attendees": Counter(
            Attendee.objects.values_list("meeting_id", "kind", "answer", "required")
        ),
        "satisfaction": sorted(
            SatisfactionResponse.objects.values_list(
                "request_id", "score", "invited_at", "answered_at"
            )
        ),
        "events": Counter(
            Event.objects.exclude(action="request.anonymised").values_list(
                "request_id", "action", "from_status", "to_status", "created_at"
            )
        ),
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("anonymise_requests", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def world(requester, veenendaal, ede, weer_thuis, coordinator_weer_thuis, time_machine):
    """Requests of 2018 (one through everything, one declined, one withdrawn, one still in
    progress) and one closed this year."""
    time_machine.move_to(LONG_AGO, tick=True)
    coordinator = coordinator_weer_thuis
    lotte = MembershipFactory(
        organisation=veenendaal,
        user__email="lotte@veenendaal.nl",
        user__first_name="Lotte",
        user__last_name="Jansen",
    ).user
    draft = file_request(
        requester=requester,
        team=weer_thuis,
        partners=[ede],
        submit=False,
        title="Skaeve Huse bij de familie Jansen",
        question="Wethouder Jansen vraagt: waar kunnen de woningen staan?",
        desired_results=["business_case"],
        desired_results_other="Brief aan mevrouw De Wit",
        contacts=[requester, lotte],
    )
    intake.add_attachments(
        actor=requester,
        request_id=draft.pk,
        uploads=[SimpleUploadedFile("Notulen overleg Jansen.pdf", PDF)],
    )
    full = accept_request(
        lifecycle.transition(actor=requester, request_id=draft.pk, action="submit"), coordinator
    )
    lead, assignment = accepted_lead(full, coordinator, capacity="40")
    cofinancing_services.make_offer(actor=coordinator, request_id=full.pk, offer=OFFER)
    cofinancing_services.answer_offer(actor=requester, request_id=full.pk, accept=True)
    lifecycle.transition(actor=coordinator, request_id=full.pk, action="start")
    notes.add_internal_note(
        actor=coordinator, request_id=full.pk, text="Mevrouw Jansen belt liever na vieren."
    )
    start = dt.datetime(2018, 3, 7, 10, tzinfo=AMSTERDAM)
    meeting_services.schedule_meeting(
        actor=coordinator,
        request_id=full.pk,
        title="Keukentafel bij Jansen",
        start=start,
        end=start + dt.timedelta(hours=1),
        location="Dorpsstraat 1, Veenendaal",
        invitees=[
            meeting_services.invitee_for_expert(lead),
            meeting_services.invitee_for_person(lotte, "requester"),
        ],
    )
    time_machine.move_to(dt.datetime(2018, 3, 12, 9, tzinfo=AMSTERDAM), tick=True)
    entry = cofinancing_services.log_time(
        actor=lead.user,
        assignment_id=assignment.pk,
        day=dt.date(2018, 3, 9),
        hours="6",
        description="Gesprek met wethouder Jansen",
    )
    cofinancing_services.correct_entry(
        actor=coordinator, entry_id=entry.pk, hours="5.5", reason="Reistijd van Sanne eraf"
    )
    lifecycle.transition(
        actor=coordinator,
        request_id=full.pk,
        action="complete",
        note="Dank aan mevrouw Jansen voor de rondleiding.",
        delivered_results=["business_case", "plan_of_approach"],
        final_advice=SimpleUploadedFile("Eindadvies Jansen.pdf", PDF),
    )
    survey = SatisfactionResponse.objects.get(request=full)
    answer_survey(
        response_id=survey.pk, person_id=lotte.pk, score=4, comment="Sanne was top, Rik ook."
    )

    declined = file_request(requester=requester, team=weer_thuis, title="Tiny houses Jansen")
    lifecycle.transition(
        actor=coordinator,
        request_id=declined.pk,
        action="decline",
        note="Buiten het programma, mevrouw Jansen.",
    )
    withdrawn = file_request(requester=requester, team=weer_thuis, title="Hofje De Wit")
    lifecycle.transition(actor=requester, request_id=withdrawn.pk, action="withdraw")
    still_open = accept_request(
        file_request(requester=requester, team=weer_thuis, title="Open: Jansen"), coordinator
    )

    time_machine.move_to(dt.datetime(2026, 11, 2, 9, tzinfo=AMSTERDAM), tick=True)
    recent = completed_request(
        requester=requester, team=weer_thuis, coordinator=coordinator, title="Recent: Jansen"
    )
    answer_survey(
        response_id=SatisfactionResponse.objects.get(request=recent).pk,
        person_id=requester.pk,
        score=2,
        comment="Te traag, Jansen.",
    )
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, tzinfo=AMSTERDAM), tick=True)
    return {
        "full": full,
        "declined": declined,
        "withdrawn": withdrawn,
        "still_open": still_open,
        "recent": recent,
    }


def personal_texts(request: AdviceRequest) -> list[str]:
    """Every stored text of a request and its parts that names someone."""
    request = AdviceRequest.objects.get(pk=request.pk)
    texts = [request.title, request.question, request.desired_results_other, request.decision_note]
    texts += [str(event.data) + event.note + event.internal_note for event in request.events.all()]
    texts += list(InternalNote.objects.filter(request=request).values_list("text", flat=True))
    texts += list(Attachment.objects.filter(request=request).values_list("name", flat=True))
    texts += [f"{m.title} {m.location}" for m in Meeting.objects.filter(request=request)]
    texts += [f"{a.name} {a.email}" for a in Attendee.objects.filter(meeting__request=request)]
    texts += [
        f"{e.description} {e.correction_reason}" for e in TimeEntry.objects.filter(request=request)
    ]
    texts += list(
        SatisfactionResponse.objects.filter(request=request).values_list("comment", flat=True)
    )
    texts += [
        mail.body_text
        for mail in OutboundMail.objects.all()
        if request.reference and request.reference in mail.body_text
    ]
    return [
        text for text in texts if "Jansen" in text or "Sanne" in text or "veenendaal.nl" in text
    ]


def test_the_figures_stay_exactly_the_same_and_the_personal_data_goes(
    world, django_capture_on_commit_callbacks
):
    full, declined, withdrawn = world["full"], world["declined"], world["withdrawn"]
    advice_file = Path(Attachment.objects.get(request=full, final_advice=True).file.path)
    assert advice_file.exists()
    before = figures()

    dry = run("--dry-run")
    assert dry.splitlines() == [
        "Would anonymise 3 request(s) finished before 2019-12-07 (retention 7 years).",
        f"  {full.reference}",
        f"  {declined.reference}",
        f"  {withdrawn.reference}",
    ]
    assert personal_texts(full) != []  # the dry run changed nothing
    assert figures() == before

    with django_capture_on_commit_callbacks(execute=True):  # files go after the commit
        done = run()
    assert done.splitlines()[0] == (
        "Anonymised 3 request(s) finished before 2019-12-07 (retention 7 years)."
    )
    assert figures() == before
    for request in (full, declined, withdrawn):
        assert personal_texts(request) == [], request.reference
        (event,) = Event.objects.filter(request=request, action="request.anonymised")
        assert (event.actor, event.data) == (None, {"retention_years": 7})
    full.refresh_from_db()
    assert (full.title, full.question, list(full.contacts.all())) == ("", "", [])
    assert not Attachment.objects.filter(request=full).exists()
    assert not advice_file.exists()
    assert not InternalNote.objects.filter(request=full).exists()
    assert SatisfactionResponse.objects.get(request=full).score == 4
    assert TimeEntry.objects.get(request=full).corrected_hours == Decimal("5.50")

    # Not finished, or finished recently: untouched.
    for kept in (world["still_open"], world["recent"]):
        assert personal_texts(kept) != []
        assert AdviceRequest.objects.get(pk=kept.pk).anonymised_at is None


def test_a_second_run_changes_nothing(world):
    run()
    after_first = (figures(), Event.objects.count(), OutboundMail.objects.count())
    assert run().splitlines() == [
        "Anonymised 0 request(s) finished before 2019-12-07 (retention 7 years)."
    ]
    assert (figures(), Event.objects.count(), OutboundMail.objects.count()) == after_first


def test_the_yearly_task_runs_the_same_service(world):
    async_task("requests_app.tasks.anonymise_requests")  # Q_CLUSTER sync: runs here
    anonymised = AdviceRequest.objects.filter(anonymised_at__isnull=False)
    assert set(anonymised.values_list("pk", flat=True)) == {
        world["full"].pk,
        world["declined"].pk,
        world["withdrawn"].pk,
    }


def test_the_schedule_is_yearly():
    schedule = Schedule.objects.get(func="requests_app.tasks.anonymise_requests")
    assert (schedule.schedule_type, schedule.repeats) == ("Y", -1)


def test_the_timeline_says_why_the_texts_are_gone(world, client, requester):
    run()
    client.force_login(requester)
    client.cookies["django_language"] = "nl"
    page = client.get(f"/aanvragen/{world['full'].pk}/").content.decode()
    assert "Persoonsgegevens verwijderd: de bewaartermijn van 7 jaar is verstreken" in page


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_anonymise_a_request_once(requester, weer_thuis, coordinator_weer_thuis):
    """The yearly task and an operator's command at the same moment: the request's row lock and
    the re-check under it leave one run doing the work and one audit event."""
    for _ in range(8):
        request = file_request(requester=requester, team=weer_thuis, title="Hofje Jansen")
        lifecycle.transition(
            actor=coordinator_weer_thuis, request_id=request.pk, action="decline", note="Nee."
        )
        # Declined long ago (test set-up: the clock of the events only).
        Event.objects.filter(request=request).update(created_at=LONG_AGO)
        results = at_once(
            lambda pk=request.pk: anonymise_request(pk), lambda pk=request.pk: anonymise_request(pk)
        )
        assert sorted(results) == [False, True]
        assert Event.objects.filter(request=request, action="request.anonymised").count() == 1
        assert AdviceRequest.objects.get(pk=request.pk).title == ""
