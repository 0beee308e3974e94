import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from core.exceptions import IllegalTransition
from mail.models import OutboundMail
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Event
from requests_app.services import assignments, lifecycle
from tests.factories import file_request, skilled_expert

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_submitting_gives_a_reference_a_deadline_and_a_timeline(
    requester, weer_thuis, coordinator_weer_thuis, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        request = file_request(requester=requester, team=weer_thuis)
    assert request.status == Status.SUBMITTED
    assert request.reference.startswith(f"EXP-{request.submitted_at.year}-")
    assert request.triage_deadline is not None
    assert list(request.events.values_list("action", flat=True)) == [
        "request.created",
        "request.submitted",
    ]
    recipients = sorted(mail.to[0] for mail in mailoutbox)
    assert recipients == ["rik@veenendaal.nl", "wendy@rvo.nl"]
    confirmation = next(mail for mail in mailoutbox if mail.to == ["rik@veenendaal.nl"])
    assert request.reference in confirmation.subject
    assert confirmation.alternatives[0][1] == "text/html"
    assert OutboundMail.objects.filter(state=OutboundMail.State.SENT).count() == 2


def test_the_whole_lifecycle_up_to_closed(requester, weer_thuis, coordinator_weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)
    coordinator = coordinator_weer_thuis
    lifecycle.transition(actor=coordinator, request_id=request.pk, action="accept")
    with pytest.raises(IllegalTransition):
        lifecycle.transition(actor=coordinator, request_id=request.pk, action="start")
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    assignment = assignments.assign_expert(
        actor=coordinator, request_id=request.pk, expert_id=expert.pk, role="lead"
    )
    with pytest.raises(IllegalTransition, match="accepted the assignment"):
        lifecycle.transition(actor=coordinator, request_id=request.pk, action="start")
    assignments.accept_assignment(actor=expert.user, assignment_id=assignment.pk)
    with pytest.raises(IllegalTransition, match="co-financing"):
        lifecycle.transition(actor=coordinator, request_id=request.pk, action="start")
    lifecycle.set_cofinancing_waived(
        actor=coordinator, request_id=request.pk, waived=True, note="Alleen programma-uren"
    )
    lifecycle.transition(actor=coordinator, request_id=request.pk, action="start")
    with pytest.raises(ValidationError):
        lifecycle.transition(actor=coordinator, request_id=request.pk, action="complete")
    lifecycle.transition(
        actor=coordinator,
        request_id=request.pk,
        action="complete",
        delivered_results=["business_case", "declaration_of_intent"],
    )
    request = lifecycle.transition(actor=coordinator, request_id=request.pk, action="close")
    assert request.status == Status.CLOSED
    transitions = request.events.exclude(from_status="").values_list("from_status", "to_status")
    assert list(transitions) == [
        ("draft", "submitted"),
        ("submitted", "accepted"),
        ("accepted", "in_progress"),
        ("in_progress", "completed"),
        ("completed", "closed"),
    ]


def test_an_illegal_move_is_refused_and_changes_nothing(
    requester, weer_thuis, coordinator_weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    events_before = Event.objects.count()
    with pytest.raises(IllegalTransition) as refused:
        lifecycle.transition(
            actor=coordinator_weer_thuis,
            request_id=request.pk,
            action="complete",
            delivered_results=["business_case"],
        )
    assert refused.value.current_status == "submitted"
    assert AdviceRequest.objects.get(pk=request.pk).status == Status.SUBMITTED
    assert Event.objects.count() == events_before


def test_declining_needs_a_reason(requester, weer_thuis, coordinator_weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)
    with pytest.raises(ValidationError) as missing:
        lifecycle.transition(
            actor=coordinator_weer_thuis, request_id=request.pk, action="decline", note="  "
        )
    assert "note" in missing.value.message_dict
    request = lifecycle.transition(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        action="decline",
        note="Valt buiten de regeling.",
    )
    assert (request.status, request.decision_note) == ("declined", "Valt buiten de regeling.")


def test_a_requester_cannot_accept_and_a_coordinator_cannot_withdraw(
    requester, weer_thuis, coordinator_weer_thuis, coordinator_woningbouw
):
    request = file_request(requester=requester, team=weer_thuis)
    with pytest.raises(PermissionDenied):
        lifecycle.transition(actor=requester, request_id=request.pk, action="accept")
    with pytest.raises(PermissionDenied):
        lifecycle.transition(actor=coordinator_weer_thuis, request_id=request.pk, action="withdraw")
    with pytest.raises(PermissionDenied):  # another team's coordinator
        lifecycle.transition(actor=coordinator_woningbouw, request_id=request.pk, action="accept")


def test_an_undecided_request_must_be_routed_before_it_is_accepted(
    requester, coordinator_weer_thuis
):
    request = file_request(requester=requester, team=None)
    assert request.team is None
    with pytest.raises(IllegalTransition, match="Route"):
        lifecycle.transition(actor=coordinator_weer_thuis, request_id=request.pk, action="accept")


@pytest.mark.django_db(transaction=True)
def test_references_stay_unique_when_many_requests_are_submitted_at_once(requester, weer_thuis):
    drafts = [file_request(requester=requester, team=weer_thuis, submit=False) for _ in range(12)]
    errors = []
    barrier = threading.Barrier(len(drafts))

    def submit(pk: int) -> None:
        try:
            barrier.wait(timeout=10)
            lifecycle.transition(actor=requester, request_id=pk, action="submit")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(draft.pk,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    references = list(AdviceRequest.objects.values_list("reference", flat=True))
    assert len(references) == 12
    assert len(set(references)) == 12
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in references)
    assert numbers == list(range(1, 13))
    assert connection.vendor in {"sqlite", "postgresql"}


def test_deadline_is_counted_in_working_days(requester, weer_thuis, settings):
    # Friday 24 April 2026; Monday 27 April is King's Day.
    from unittest import mock

    friday = dt.datetime(2026, 4, 24, 15, 0, tzinfo=dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=friday):
        request = file_request(requester=requester, team=weer_thuis)
    # 5 working days after Fri 24 Apr, skipping the weekend and King's Day: Mon 4 May.
    assert request.triage_deadline == dt.date(2026, 5, 4)
