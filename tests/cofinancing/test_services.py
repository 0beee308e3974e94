"""Agreements, hours and warnings through the services, as coordinators, requesters and experts
meet them."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.utils import timezone, translation

from cofinancing import selectors, services
from cofinancing.models import Agreement, BudgetWarning, TimeEntry
from core.exceptions import Conflict, IllegalTransition
from mail.models import OutboundMail
from requests_app.services import assignments, lifecycle
from tests.cofinancing.conftest import WORKED
from tests.factories import accept_request, file_request, skilled_expert

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages in English, the source language (Dutch ones come from the translations)."""
    with translation.override("en"):
        yield


TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


def log(lead, assignment, hours, day=YESTERDAY, what="Analyse"):
    return services.log_time(
        actor=lead.user, assignment_id=assignment.pk, day=day, hours=hours, description=what
    )


def test_work_waits_for_an_accepted_agreement_or_a_reasoned_no(
    requester, weer_thuis, coordinator_weer_thuis
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    lead = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=request.pk, expert_id=lead.pk, role="lead"
    )
    assignments.accept_assignment(actor=lead.user, assignment_id=assignment.pk)
    services.make_offer(actor=coordinator_weer_thuis, request_id=request.pk, offer=WORKED)
    with pytest.raises(IllegalTransition, match="co-financing agreement is accepted"):
        lifecycle.transition(actor=coordinator_weer_thuis, request_id=request.pk, action="start")
    with pytest.raises(PermissionDenied):  # only the lead organisation answers, not the coordinator
        services.answer_offer(actor=coordinator_weer_thuis, request_id=request.pk, accept=True)
    agreement = services.answer_offer(actor=requester, request_id=request.pk, accept=True)
    assert (agreement.status, agreement.decided_by, agreement.current.number) == (
        "accepted",
        requester,
        1,
    )
    lifecycle.transition(actor=coordinator_weer_thuis, request_id=request.pk, action="start")
    with pytest.raises(ValidationError, match="Say why"):
        lifecycle.set_cofinancing_waived(
            actor=coordinator_weer_thuis, request_id=request.pk, waived=True, note=" "
        )


def test_the_ledger_follows_design_8_and_amendments_keep_every_version(
    funded, coordinator_weer_thuis, requester
):
    request, lead, assignment = funded
    for day in range(5):
        log(lead, assignment, "8", day=YESTERDAY - dt.timedelta(days=day))
    book = selectors.request_ledger(request)
    assert (book.split.cost, book.split.requester_part, book.split.programme_part) == (
        Decimal("5600.00"),
        Decimal("1120.00"),
        Decimal("4480.00"),
    )
    assert book.by_expert == [("Sanne de Vries", Decimal("40.00"))]
    services.amend(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        offer=services.Offer(**{**WORKED.__dict__, "hours": Decimal("100")}),
        reason="Extra werksessie met de corporaties",
    )
    agreement = Agreement.objects.get(request=request)
    assert agreement.status == "offered"
    assert agreement.current.number == 1  # in force until the requester accepts
    services.answer_offer(actor=requester, request_id=request.pk, accept=True)
    versions = list(agreement.versions.values_list("number", "hours", "reason"))
    assert versions == [
        (1, Decimal("80.00"), ""),
        (2, Decimal("100.00"), "Extra werksessie met de corporaties"),
    ]
    entry = log(lead, assignment, "2")
    assert entry.version.number == 2
    assert set(TimeEntry.objects.values_list("version__number", flat=True)) == {1, 2}


@pytest.mark.parametrize(
    ("hours", "day", "what", "error"),
    [
        ("2", TODAY + dt.timedelta(days=1), "Analyse", "not ahead"),
        ("0.3", YESTERDAY, "Analyse", "quarter hours"),
        ("0", YESTERDAY, "Analyse", "quarter hours"),
        ("13", YESTERDAY, "Analyse", "12 hours"),
        ("abc", YESTERDAY, "Analyse", "number"),
        ("2", YESTERDAY, "  ", "what you did"),
    ],
)
def test_bad_entries_are_refused_with_a_field_message(funded, hours, day, what, error):
    _, lead, assignment = funded
    with pytest.raises(ValidationError, match=error):
        log(lead, assignment, hours, day=day, what=what)
    assert not TimeEntry.objects.exists()


def test_twelve_hours_a_day_across_all_requests(funded):
    _, lead, assignment = funded
    log(lead, assignment, "10")
    with pytest.raises(ValidationError, match="already logged 10 hours that day"):
        log(lead, assignment, "2.25")
    log(lead, assignment, "2")


def test_only_their_own_accepted_assignment_and_not_a_closed_month(
    funded, weer_thuis, coordinator_weer_thuis
):
    _, lead, assignment = funded
    other = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 1})
    with pytest.raises(PermissionDenied):
        services.log_time(
            actor=other.user, assignment_id=assignment.pk, day=YESTERDAY, hours="1", description="x"
        )
    last_month = TODAY.replace(day=1) - dt.timedelta(days=1)
    services.close_period(actor=coordinator_weer_thuis, team_id=weer_thuis.pk, month=last_month)
    with pytest.raises(Conflict, match="month is closed"):
        log(lead, assignment, "1", day=last_month)
    with pytest.raises(Conflict, match="closed already"):
        services.close_period(actor=coordinator_weer_thuis, team_id=weer_thuis.pk, month=last_month)
    with pytest.raises(ValidationError, match="has ended"):
        services.close_period(actor=coordinator_weer_thuis, team_id=weer_thuis.pk, month=TODAY)


def test_beyond_the_agreed_hours_new_hours_wait_for_an_amendment(funded):
    _, lead, assignment = funded
    for day in range(10):
        log(lead, assignment, "8", day=YESTERDAY - dt.timedelta(days=day))
    with pytest.raises(Conflict, match=r"beyond the 80 agreed hours .80 used.*amend"):
        log(lead, assignment, "0.25")


def test_a_coordinator_corrects_an_entry_and_the_original_stays(funded, coordinator_weer_thuis):
    request, lead, assignment = funded
    entry = log(lead, assignment, "8")
    with pytest.raises(ValidationError, match="Say why"):
        services.correct_entry(
            actor=coordinator_weer_thuis, entry_id=entry.pk, hours="6", reason=""
        )
    with pytest.raises(PermissionDenied):
        services.correct_entry(actor=lead.user, entry_id=entry.pk, hours="6", reason="oeps")
    services.correct_entry(
        actor=coordinator_weer_thuis, entry_id=entry.pk, hours="6", reason="Reistijd telt niet"
    )
    entry.refresh_from_db()
    assert (entry.hours, entry.corrected_hours, entry.effective_hours) == (
        Decimal("8.00"),
        Decimal("6.00"),
        Decimal("6.00"),
    )
    assert selectors.hours_used(request.pk) == Decimal("6.00")


def test_warnings_at_80_and_100_percent_go_once_each(funded):
    _, lead, assignment = funded
    for day in range(8):
        log(lead, assignment, "8", day=YESTERDAY - dt.timedelta(days=day))  # 64 h: 80%
    assert list(BudgetWarning.objects.values_list("level", flat=True)) == [80]
    log(lead, assignment, "8", day=YESTERDAY - dt.timedelta(days=8))
    assert list(BudgetWarning.objects.values_list("level", flat=True)) == [80]
    log(lead, assignment, "8", day=YESTERDAY - dt.timedelta(days=9))  # 80 h: 100%
    assert sorted(BudgetWarning.objects.values_list("level", flat=True)) == [80, 100]
    warnings = OutboundMail.objects.filter(key__startswith="agreement-warning:")
    assert sorted(warnings.values_list("to", flat=True)) == sorted(
        ["sanne@experts.example", "wendy@rvo.nl"] * 2
    )


@pytest.mark.django_db(transaction=True)
def test_entries_at_the_same_moment_never_pass_the_agreed_hours_and_warn_once_each(
    funded, weer_thuis, coordinator_weer_thuis
):
    """Five experts log an hour each, 25 at the same moment, from 60 of 80 hours: 20 fit, 5
    are refused. The request row lock serialises them (without it PostgreSQL lets more than
    80 hours in: each expert's own lock only orders that expert's entries); the constraint
    warning_once_per_level says no to a twin warning as well."""
    request, lead, assignment = funded
    for day in range(15):
        log(lead, assignment, "4", day=YESTERDAY - dt.timedelta(days=day))  # 60 h
    team = [(lead, assignment)]
    for _ in range(4):
        member = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 2})
        proposed = assignments.assign_expert(
            actor=coordinator_weer_thuis, request_id=request.pk, expert_id=member.pk
        )
        team.append(
            (member, assignments.accept_assignment(actor=member.user, assignment_id=proposed.pk))
        )
    barrier = threading.Barrier(25)
    failures, refused = [], []

    def one(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            expert, theirs = team[index % 5]
            log(expert, theirs, "1", day=YESTERDAY - dt.timedelta(days=20 + index))
        except Conflict as no:
            refused.append(no.message)
        except BaseException as problem:
            failures.append(problem)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(index,)) for index in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(refused) == 5
    assert selectors.hours_used(request.pk) == Decimal("80.00")
    assert sorted(BudgetWarning.objects.values_list("level", flat=True)) == [80, 100]
    assert OutboundMail.objects.filter(key__startswith="agreement-warning:").count() == 4


def test_closing_the_agreement_stops_the_hours_and_tells_the_requester(
    funded, coordinator_weer_thuis
):
    request, lead, assignment = funded
    log(lead, assignment, "2")
    services.close_agreement(actor=coordinator_weer_thuis, request_id=request.pk)
    with pytest.raises(Conflict, match="closed; no more hours"):
        log(lead, assignment, "1")
    assert OutboundMail.objects.filter(key__contains=":closed:", to="rik@veenendaal.nl").exists()
