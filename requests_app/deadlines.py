"""A request's triage deadline: when it falls, whether and how far it is overdue, and its words.

The one place for these rules. The inbox, the workspace and the request page, the API's list
and detail, and the escalation service all ask here; ``overdue_q`` says "overdue" in SQL for
the lists, the overdue filter and the escalation's candidates. The clock itself (paused while
information is asked, resumed after) is moved by ``services.lifecycle``. At the end: by when
an expert is asked to answer a proposed assignment (``answer_by``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.workdays import add_working_days, local_date, working_days_between
from requests_app.enums import OPEN, TRIAGE, EscalationLevel, Status

if TYPE_CHECKING:
    from requests_app.models import AdviceRequest

DEFAULT_TRIAGE_DAYS = 5


def today() -> dt.date:
    """The Dutch calendar day now: deadlines are dates in Amsterdam."""
    return local_date(timezone.now())


# --- the rules ---------------------------------------------------------------------------------


def triage_days(request: AdviceRequest) -> int:
    return request.team.triage_working_days if request.team_id else DEFAULT_TRIAGE_DAYS


def initial_deadline(request: AdviceRequest, submitted_at: dt.datetime) -> dt.date:
    return add_working_days(local_date(submitted_at), triage_days(request))


def severe_overdue_date(request: AdviceRequest) -> dt.date:
    """The day after which triage has taken three times the allowed working days."""
    return add_working_days(request.triage_deadline, 2 * triage_days(request))


def is_overdue(status: str, deadline: dt.date | None, on: dt.date) -> bool:
    """Whether a request waiting for triage is past its deadline (paused ones have none)."""
    return status in TRIAGE and deadline is not None and deadline < on


def overdue_q(on: dt.date) -> Q:
    """``is_overdue`` as a query condition."""
    return Q(status__in=list(TRIAGE), triage_deadline__lt=on)


def escalation_level_on(request: AdviceRequest, on: dt.date) -> int:
    if not is_overdue(request.status, request.triage_deadline, on):
        return EscalationLevel.NONE
    if on > severe_overdue_date(request):
        return EscalationLevel.SEVERELY_OVERDUE
    return EscalationLevel.OVERDUE


# --- the words ---------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _working_days(start: dt.date, end: dt.date) -> int:
    # A page of 50 rows shares few distinct dates; the count walks day by day.
    return working_days_between(start, end)


@dataclass(frozen=True)
class DeadlineState:
    """How a request stands against its working-day triage deadline, in words and colour."""

    kind: str  # overdue | due | on_time | paused | decided | none
    text: str
    indicator: str = ""  # modifier of the design system's rvo-status-indicator
    escalation: str = ""

    @property
    def overdue(self) -> bool:
        return self.kind == "overdue"

    @property
    def runs(self) -> bool:
        """The clock runs: the request waits for a triage decision. Only then is a deadline
        shown as a date; a paused one shows its days left, a decided one none."""
        return self.kind in ("overdue", "due", "on_time")


def deadline_state(advice_request: AdviceRequest, on: dt.date) -> DeadlineState:
    escalation = ""
    if advice_request.escalation_level and advice_request.status in TRIAGE:
        escalation = _("Escalated: %(level)s") % {
            "level": advice_request.get_escalation_level_display().lower()
        }
    deadline = advice_request.triage_deadline
    if advice_request.status in TRIAGE and deadline is not None:
        if is_overdue(advice_request.status, deadline, on):
            days = _working_days(deadline, on)
            text = ngettext(
                "Overdue by %(days)d working day",
                "Overdue by %(days)d working days",
                days,
            ) % {"days": days}
            return DeadlineState("overdue", text, "rood", escalation)
        if deadline == on:
            return DeadlineState("due", _("Due today"), "oranje", escalation)
        days = _working_days(on, deadline)
        text = ngettext("%(days)d working day left", "%(days)d working days left", days) % {
            "days": days
        }
        return DeadlineState("on_time", text, "oranje" if days <= 1 else "groen", escalation)
    if advice_request.status == Status.NEEDS_INFO:
        left = advice_request.triage_days_left or 0
        text = ngettext(
            "Paused: waiting for information (%(days)d working day left)",
            "Paused: waiting for information (%(days)d working days left)",
            left,
        ) % {"days": left}
        return DeadlineState("paused", text, "hemelblauw")
    if advice_request.status in OPEN and advice_request.decided_at:
        return DeadlineState("decided", _("Triage done"))
    return DeadlineState("none", "")


# --- an expert's answer to an assignment ------------------------------------------------------

ANSWER_WORKING_DAYS = 3  # an expert says yes or no within three working days of the proposal


def answer_by(proposed_at: dt.datetime) -> dt.date:
    """The day by which an expert is asked to accept or decline a proposed assignment. It
    moves nothing by itself: the page and the mail say it, so the coordinator knows when to
    look for someone else."""
    return add_working_days(local_date(proposed_at), ANSWER_WORKING_DAYS)
