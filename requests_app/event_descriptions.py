"""Human-readable timeline entries for the request page, built from audit events.

The audit model stores dotted action names (``request.needs_info``); people read sentences.
Pauses of the triage clock (information asked and provided) are marked, so the page can show
why a deadline moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts.models import User
from experts.models import Team
from requests_app.enums import DesiredResult, EscalationLevel, Status
from requests_app.models import AdviceRequest, Assignment, Event, InternalNote


class Kind:
    STATUS = "status"  # the request moved to another status
    PAUSE = "pause"  # the triage clock stopped: information was asked
    RESUME = "resume"  # the triage clock runs again: information was provided
    CHANGE = "change"  # text, attachments or team changed
    NOTE = "note"  # an internal note


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    actor: User | None
    title: str
    detail: str = ""
    kind: str = Kind.CHANGE
    internal: bool = False
    # What only coordinators and experts read, also on an entry the requester sees; empty for
    # requesters (``selectors.timeline`` never hands it to them).
    internal_detail: str = ""

    @property
    def actor_name(self) -> str:
        if self.actor is None:
            return "expertdesk"
        return self.actor.get_full_name() or self.actor.email


_STATUS_TITLES = {
    Status.ACCEPTED: lambda: _("Request accepted"),
    Status.DECLINED: lambda: _("Request declined"),
    Status.IN_PROGRESS: lambda: _("Work started"),
    Status.COMPLETED: lambda: _("Request completed"),
    Status.CLOSED: lambda: _("Request closed"),
    Status.WITHDRAWN: lambda: _("Request withdrawn"),
}


# Apps above this one (meetings, co-financing) word their own events: they register a title
# function for each action they record, from their AppConfig.ready().
_REGISTERED: dict[str, Callable[[dict], str]] = {}


def register_title(action: str, title: Callable[[dict], str]) -> None:
    """``title(event.data)`` gives the timeline sentence for ``action``, in the active language."""
    _REGISTERED[action] = title


def _humanise(action: str) -> str:
    # An action another part of expertdesk records that this module does not know yet.
    words = action.split(".", 1)[-1].replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _field_label(name: str) -> str:
    try:
        return str(AdviceRequest._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _results(values: Iterable[str]) -> str:
    labels = dict(DesiredResult.choices)
    return ", ".join(str(labels.get(value, value)) for value in values)


def describe(event: Event, *, teams: dict[str, Team], show_deadline: bool) -> TimelineEntry:
    """One event as a sentence. ``show_deadline``: the reader may see triage deadlines."""
    data = event.data or {}
    action = event.action
    kind = Kind.CHANGE
    detail = event.note
    if action == "request.created":
        title = _("Request started as a draft")
    elif action == "request.submitted" and event.from_status == Status.NEEDS_INFO:
        title = _("Information provided; the triage clock runs again")
        kind = Kind.RESUME
        if show_deadline and data.get("deadline"):
            deadline = dt.date.fromisoformat(data["deadline"])
            detail = "\n".join(
                filter(None, [event.note, _("New triage deadline: %s") % date_format(deadline)])
            )
    elif action == "request.submitted":
        title = _("Request submitted with reference %s") % data.get("reference", "")
        kind = Kind.STATUS
        if show_deadline and data.get("deadline"):
            deadline = dt.date.fromisoformat(data["deadline"])
            detail = _("Triage deadline: %s") % date_format(deadline)
    elif action == "request.needs_info":
        title = _("Information requested; the triage clock is paused")
        kind = Kind.PAUSE
        days = data.get("working_days_left")
        if show_deadline and days is not None:
            detail = "\n".join(
                filter(None, [event.note, _("Working days left when paused: %s") % days])
            )
    elif action.startswith("request.") and action.removeprefix("request.") in _STATUS_TITLES:
        title = _STATUS_TITLES[Status(action.removeprefix("request."))]()
        kind = Kind.STATUS
        if action == "request.completed" and data.get("delivered_results"):
            # The coordinator's message to the requester as well as what was delivered.
            delivered = _("Delivered: %s") % _results(data["delivered_results"])
            advice = data.get("final_advice") and _("Final advice: %s") % data["final_advice"]
            detail = "\n".join(filter(None, [event.note, delivered, advice]))
    elif action == "request.edited":
        title = _("Request details changed")
    elif action == "request.attachment_added":
        title = _("Attachment added: %s") % data.get("name", "")
    elif action == "request.attachment_removed":
        title = _("Attachment removed: %s") % data.get("name", "")
    elif action == "request.routed":
        team = teams.get(data.get("team", ""))
        title = _("Sent to team %s") % (team.display_name if team else data.get("team", ""))
    elif action == "request.escalated":
        level = data.get("level")
        title = (
            _("Triage took three times the allowed working days; coordinators alerted")
            if level == EscalationLevel.SEVERELY_OVERDUE
            else _("Triage deadline passed; coordinators alerted")
        )
    elif action == "request.changed_in_admin":
        title = _("Changed by a functional administrator")
        detail = ", ".join(_field_label(name) for name in data.get("fields", []))
    elif action == "request.note_added":
        title = _("Internal note added")
    elif action == "request.anonymised":
        title = _("Personal data removed: the retention period of %s years ended") % data.get(
            "retention_years", ""
        )
    elif action == "request.cofinancing_waived":
        title = _("Decided that no co-financing agreement is needed")
    elif action == "request.cofinancing_required":
        title = _("A co-financing agreement is needed after all")
    elif action.startswith("request.expert_"):
        # Who was proposed, declined or released is the coordinators' business (a requester
        # sees only the experts who accepted): the readers who see deadlines, the request's
        # coordinators and admins, read the name; everyone else the plain fact.
        title = _expert_title(action, data) if show_deadline else _expert_fact(action)
    elif action in _REGISTERED:
        title = _REGISTERED[action](data)
    else:
        title = _humanise(action)
    return TimelineEntry(
        at=event.created_at,
        actor=event.actor,
        title=title,
        detail=detail,
        kind=kind,
        internal=event.internal,
        internal_detail=event.internal_note,
    )


def _hours(value: object) -> str:
    try:
        return number_format(Decimal(str(value)).normalize(), use_l10n=True)
    except (InvalidOperation, ValueError):
        return str(value)


def _expert_title(action: str, data: dict) -> str:
    """The assignment events (``services.assignments``), worded with the expert's name."""
    expert = data.get("expert", "")
    if action == "request.expert_assigned":
        roles = dict(Assignment.Role.choices)
        role = str(roles.get(data.get("role", ""), data.get("role", ""))).lower()
        return _("%(expert)s proposed as %(role)s") % {"expert": expert, "role": role}
    if action == "request.expert_accepted":
        return _("%(expert)s accepted the assignment") % {"expert": expert}
    if action == "request.expert_declined":
        return _("%(expert)s declined the assignment") % {"expert": expert}
    if action == "request.expert_released":
        return _("%(expert)s released from the request") % {"expert": expert}
    if action == "request.expert_hours_changed":
        return _("Hour budget of %(expert)s changed from %(from)s to %(to)s hours") % {
            "expert": expert,
            "from": _hours(data.get("from", "")),
            "to": _hours(data.get("to", "")),
        }
    return _humanise(action)


def _expert_fact(action: str) -> str:
    facts = {
        "request.expert_assigned": _("An expert was proposed"),
        "request.expert_accepted": _("An expert accepted the assignment"),
        "request.expert_declined": _("An expert declined the assignment"),
        "request.expert_released": _("An expert was released from the request"),
        "request.expert_hours_changed": _("An expert's hour budget changed"),
    }
    return facts.get(action) or _humanise(action)


def timeline_entries(
    events: Iterable[Event],
    *,
    notes: Iterable[InternalNote] = (),
    show_deadline: bool = False,
) -> list[TimelineEntry]:
    """Events and internal notes in time order. Pass notes only to who may see them; the
    ``note_added`` events are then left out, since the note itself stands in the timeline."""
    notes = list(notes)
    teams = {team.slug: team for team in Team.objects.all()}
    entries = [
        describe(event, teams=teams, show_deadline=show_deadline)
        for event in events
        if not (notes and event.action == "request.note_added")
    ]
    entries += [
        TimelineEntry(
            at=note.created_at,
            actor=note.author,
            title=_("Internal note"),
            detail=note.text,
            kind=Kind.NOTE,
            internal=True,
        )
        for note in notes
    ]
    return sorted(entries, key=lambda entry: entry.at)
