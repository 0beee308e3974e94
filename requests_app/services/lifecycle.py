"""The one transition function of the request lifecycle (DESIGN §5).

``transition`` locks the request, checks who may make the move and whether the state allows
it, applies the move's own effects, saves with ``update_fields``, writes the audit event and
queues the notifications — all in one transaction; mails leave after the commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import require
from core.exceptions import IllegalTransition
from core.workdays import add_working_days, local_date, working_days_between
from requests_app import deadlines
from requests_app.enums import TRANSITIONS, Action, DesiredResult
from requests_app.models import AdviceRequest, Assignment, Attachment, Event
from requests_app.permissions import can_transition
from requests_app.services import intake, notifications, references, triage
from requests_app.services.audit import record_event

Effect = Callable[[AdviceRequest, dt.datetime, dict[str, Any]], list[str]]


def submit_problems(*, question: str, has_themes: bool) -> dict[str, str]:
    """What a draft still lacks to be submitted, by field: the intake form asks this before
    saving, so it names every problem at once; ``_submit`` asks it again under the lock."""
    problems = {}
    if not question.strip():
        problems["question"] = _("Describe your question before submitting.")
    if not has_themes:
        problems["themes"] = _("Choose at least one theme before submitting.")
    return problems


def _submit(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    problems = submit_problems(question=request.question, has_themes=request.themes.exists())
    if problems:
        raise ValidationError(problems)
    request.reference = references.next_reference(now)
    request.submitted_at = now
    triage.apply_routing_rules(request)
    request.triage_deadline = deadlines.initial_deadline(request, now)
    return ["reference", "submitted_at", "triage_deadline", "team"]


def _accept(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    if request.team_id is None:
        raise IllegalTransition(
            _("Route the request to a team before accepting it."), current_status=request.status
        )
    request.decided_at = now
    return ["decided_at"]


def _decline(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    request.decided_at = now
    request.decision_note = params["note"]
    request.triage_days_left = None
    return ["decided_at", "decision_note", "triage_days_left"]


def _ask_info(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    # The triage clock stops: keep the working days that were left.
    today = local_date(now)
    deadline = request.triage_deadline or today
    request.triage_days_left = working_days_between(today, deadline)
    request.triage_deadline = None
    return ["triage_days_left", "triage_deadline"]


def _provide_info(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    # The clock resumes where it stopped, counted in working days from today.
    left = request.triage_days_left if request.triage_days_left is not None else 0
    request.triage_deadline = add_working_days(local_date(now), left)
    request.triage_days_left = None
    return ["triage_deadline", "triage_days_left"]


# The co-financing app (above this one) says whether a request's agreement is accepted; it
# registers that check when Django starts. Without it only the "no co-financing" mark counts.
_AGREEMENT_ACCEPTED: list[Callable[[AdviceRequest], bool]] = []


def register_agreement_check(check: Callable[[AdviceRequest], bool]) -> None:
    _AGREEMENT_ACCEPTED.append(check)


def cofinancing_settled(request: AdviceRequest) -> bool:
    """An accepted co-financing agreement, or the decision that none is needed."""
    return request.cofinancing_waived or any(check(request) for check in _AGREEMENT_ACCEPTED)


def _start(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    has_expert = request.assignments.filter(status=Assignment.Status.ACCEPTED).exists()
    if not has_expert:
        raise IllegalTransition(
            _("Work can start once at least one expert has accepted the assignment."),
            current_status=request.status,
        )
    if not cofinancing_settled(request):
        raise IllegalTransition(
            _(
                "Work can start once the co-financing agreement is accepted, or once it is "
                "decided that none is needed."
            ),
            current_status=request.status,
        )
    return []


def _complete(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    results = params.get("delivered_results") or []
    invalid = [value for value in results if value not in DesiredResult.values]
    if not results or invalid:
        raise ValidationError(
            {"delivered_results": _("Name at least one delivered result from the list.")}
        )
    request.delivered_results = list(dict.fromkeys(results))
    request.completed_at = now
    upload = params.get("final_advice")
    if upload is not None:
        _attach_final_advice(request, upload, params["actor"])
    return ["delivered_results", "completed_at"]


def _attach_final_advice(request: AdviceRequest, upload: UploadedFile, actor: User) -> None:
    """The experts' final advice, filed with the request for its requesters to download."""
    try:
        content_type = intake.validate_attachment(upload)
    except ValidationError as invalid:
        raise ValidationError({"final_advice": invalid.message_dict["file"]}) from None
    name = PurePath(upload.name).name[:200]
    attachment = Attachment(
        request=request,
        name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor,
        final_advice=True,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()


def _close(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    request.closed_at = now
    return ["closed_at"]


def _withdraw(request: AdviceRequest, now: dt.datetime, params: dict[str, Any]) -> list[str]:
    request.triage_days_left = None
    return ["triage_days_left"]


EFFECTS: dict[Action, Effect] = {
    Action.SUBMIT: _submit,
    Action.ACCEPT: _accept,
    Action.DECLINE: _decline,
    Action.ASK_INFO: _ask_info,
    Action.PROVIDE_INFO: _provide_info,
    Action.START: _start,
    Action.COMPLETE: _complete,
    Action.CLOSE: _close,
    Action.WITHDRAW: _withdraw,
}


# Apps above this one act on a move inside its transaction (reports invites the requester's
# contacts to the satisfaction survey on completion); registered from their AppConfig.ready().
AfterTransition = Callable[[AdviceRequest, Event], None]
_AFTER: dict[Action, list[AfterTransition]] = {}


def register_after_transition(action: Action, hook: AfterTransition) -> None:
    """``hook(request, event)`` runs after every ``action``, in its transaction."""
    _AFTER.setdefault(action, []).append(hook)


def transition(
    *,
    actor: User | None,
    request_id: int,
    action: Action | str,
    note: str = "",
    delivered_results: list[str] | None = None,
    final_advice: UploadedFile | None = None,
) -> AdviceRequest:
    """Move a request along the lifecycle.

    ``actor`` None is expertdesk itself, allowed only for the moves the table marks ``system``.
    ``final_advice`` (completing only) is filed as the request's final-advice attachment.

    Raises PermissionDenied (may not), IllegalTransition (not from this state) or
    ValidationError (a reason, question, answer or result is missing). Side effects: one
    ``request.<target>`` event; notifications per ``notifications.on_transition``; the hooks
    registered for the move.
    """
    action = Action(action)
    rule = TRANSITIONS[action]
    note = (note or "").strip()
    with transaction.atomic():
        request = (
            AdviceRequest.objects.select_for_update(of=("self",))
            .select_related("team", "lead_organisation")
            .get(pk=request_id)
        )
        if actor is None:
            if not rule.system:
                raise PermissionDenied
        else:
            require(can_transition(actor, request, action))
        if request.status not in rule.sources:
            raise IllegalTransition(
                _("A request that is “%(status)s” cannot be given “%(action)s”.")
                % {"status": request.get_status_display(), "action": action.label},
                current_status=request.status,
            )
        if rule.needs_note and not note:
            raise ValidationError({"note": _NOTE_REQUIRED[action]})
        now = timezone.now()
        old_status = request.status
        params = {
            "note": note,
            "delivered_results": delivered_results,
            "final_advice": final_advice,
            "actor": actor,
        }
        changed = EFFECTS[action](request, now, params)
        request.status = rule.target
        request.save(update_fields=["status", "updated_at", *changed])
        event = record_event(
            request=request,
            actor=actor,
            action=f"request.{rule.target}",
            from_status=old_status,
            to_status=rule.target,
            note=note,
            data=_event_data(request, action, final_advice),
        )
        notifications.on_transition(request=request, action=action, event=event)
        for hook in _AFTER.get(action, []):
            hook(request, event)
    return request


# Lazy: a module-level gettext would freeze the language active at import time.
_NOTE_REQUIRED = {
    Action.DECLINE: gettext_lazy("Give the reason for declining; the requester will read it."),
    Action.ASK_INFO: gettext_lazy("Write the question the requester should answer."),
    Action.PROVIDE_INFO: gettext_lazy("Write your answer to the question."),
}


def _event_data(
    request: AdviceRequest, action: Action, final_advice: UploadedFile | None
) -> dict[str, Any]:
    if action == Action.SUBMIT:
        return {
            "reference": request.reference,
            "deadline": request.triage_deadline.isoformat(),
            "team": request.team.slug if request.team else None,
        }
    if action == Action.ASK_INFO:
        return {"working_days_left": request.triage_days_left}
    if action == Action.PROVIDE_INFO:
        return {"deadline": request.triage_deadline.isoformat()}
    if action == Action.COMPLETE:
        data: dict[str, Any] = {"delivered_results": request.delivered_results}
        if final_advice is not None:
            data["final_advice"] = PurePath(final_advice.name).name[:200]
        return data
    return {}


def set_cofinancing_waived(*, actor: User, request_id: int, waived: bool, note: str = "") -> None:
    """The coordinator's explicit decision that a request needs no co-financing agreement; the
    reason goes on the timeline, so it is required when deciding "none needed"."""
    if waived and not " ".join((note or "").split()):
        raise ValidationError({"note": _("Say why no co-financing is needed.")})
    with transaction.atomic():
        request = AdviceRequest.objects.select_for_update().get(pk=request_id)
        require(can_transition(actor, request, Action.START))
        if request.cofinancing_waived == waived:
            return
        request.cofinancing_waived = waived
        request.save(update_fields=["cofinancing_waived", "updated_at"])
        record_event(
            request=request,
            actor=actor,
            action="request.cofinancing_waived" if waived else "request.cofinancing_required",
            note=note,
        )
