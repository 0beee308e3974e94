"""Retention: personal data leaves requests finished longer ago than the retention period.

What goes: free text (title, question, notes, reasons, descriptions, comments), contact persons,
attachments, names and addresses in events and mail, meeting attendees' addresses. What stays
is what the reports count: statuses, timestamps, themes, teams, organisations, delivered
results, assignments, hours, amounts and scores. Accounts are not a request's data: a person's
own name and address leave with their account.

Each app empties its own data (the service belongs with the data it changes): apps above this
one register an anonymiser from their ``AppConfig.ready()``; this module runs them all for one
request under its row lock, marks the request ``anonymised_at`` and records one audit event.
A second run finds nothing left to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from mail.services import forget
from requests_app.enums import FINISHED
from requests_app.models import AdviceRequest, Assignment, Event
from requests_app.services.audit import record_event

Anonymiser = Callable[[AdviceRequest], None]
_ANONYMISERS: list[Anonymiser] = []

# Keys of ``Event.data`` this app writes that hold a name (attachments, experts, files).
PERSONAL_EVENT_DATA = ("name", "expert", "final_advice")


def register_anonymiser(anonymiser: Anonymiser) -> None:
    """``anonymiser(request)`` empties the personal data its app keeps about ``request``; run
    inside the transaction that holds the request's row lock. It must be idempotent."""
    if anonymiser not in _ANONYMISERS:
        _ANONYMISERS.append(anonymiser)


def retention_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """Requests finished before this moment are anonymised."""
    now = now or timezone.now()
    years = settings.EXPERTDESK_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February, in a year without one
        return now.replace(year=now.year - years, day=28)


def _finished_at() -> Subquery:
    # When the request reached its final status: its last event into that status.
    return Subquery(
        Event.objects.filter(request=OuterRef("pk"), to_status=OuterRef("status"))
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )


def due(now: dt.datetime | None = None) -> QuerySet[AdviceRequest]:
    """Closed, declined or withdrawn before the cutoff, and not anonymised yet."""
    return (
        AdviceRequest.objects.filter(status__in=FINISHED, anonymised_at=None)
        .annotate(finished_at=_finished_at())
        .filter(finished_at__lt=retention_cutoff(now))
        .order_by("pk")
    )


def anonymise_request(request_id: int, now: dt.datetime | None = None) -> bool:
    """Remove one request's personal data, in every app; False when it is not (or no longer)
    due. The request's row is locked and the rule re-checked under the lock."""
    now = now or timezone.now()
    with transaction.atomic():
        request = AdviceRequest.objects.select_for_update().get(pk=request_id)
        if not due(now).filter(pk=request.pk).exists():
            return False
        _anonymise_own(request)
        for anonymiser in _ANONYMISERS:
            anonymiser(request)
        request.anonymised_at = now
        request.save(update_fields=["anonymised_at"])
        record_event(
            request=request,
            actor=None,
            action="request.anonymised",
            data={"retention_years": settings.EXPERTDESK_RETENTION_YEARS},
        )
    return True


def _anonymise_own(request: AdviceRequest) -> None:
    AdviceRequest.objects.filter(pk=request.pk).update(
        title="", question="", desired_results_other="", decision_note="", intake_key=""
    )
    request.contacts.clear()
    for attachment in request.attachments.all():
        attachment.delete()
        # The file goes once the rows are gone for good.
        transaction.on_commit(lambda stored=attachment.file: stored.delete(save=False))
    request.internal_notes.all().delete()
    assignments = Assignment.objects.filter(request=request)
    assignment_ids = list(assignments.values_list("pk", flat=True))
    assignments.update(decline_reason="")
    for event in request.events.all():
        data = dict(event.data or {})
        if event.action.startswith("request."):
            for key in PERSONAL_EVENT_DATA:
                data.pop(key, None)
        if (event.note, event.internal_note, event.data) != ("", "", data):
            Event.objects.filter(pk=event.pk).update(note="", internal_note="", data=data)
    forget(
        [f"request:{request.pk}:", *(f"assignment:{pk}:" for pk in assignment_ids)],
    )


def anonymise_due(now: dt.datetime | None = None, *, dry_run: bool = False) -> list[str]:
    """Anonymise every request that is due (or, with ``dry_run``, only name them); the
    references (or ``#pk`` for a draft that never had one) of those done."""
    now = now or timezone.now()
    done = []
    for pk, reference in due(now).values_list("pk", "reference"):
        if dry_run or anonymise_request(pk, now):
            done.append(reference or f"#{pk}")
    return done
