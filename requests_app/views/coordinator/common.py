"""What the coordinator pages share: the triage deadline as people read it, and access."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.roles import is_admin, is_coordinator, require
from core.workdays import local_date, working_days_between
from requests_app import permissions
from requests_app.enums import (
    OPEN,
    TRIAGE,
    Status,
)
from requests_app.models import AdviceRequest

# --- deadlines ----------------------------------------------------------------------------------


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


def deadline_state(advice_request: AdviceRequest, today: dt.date) -> DeadlineState:
    escalation = ""
    if advice_request.escalation_level and advice_request.status in TRIAGE:
        escalation = _("Escalated: %(level)s") % {
            "level": advice_request.get_escalation_level_display().lower()
        }
    deadline = advice_request.triage_deadline
    if advice_request.status in TRIAGE and deadline is not None:
        if deadline < today:
            days = _working_days(deadline, today)
            text = ngettext(
                "Overdue by %(days)d working day",
                "Overdue by %(days)d working days",
                days,
            ) % {"days": days}
            return DeadlineState("overdue", text, "rood", escalation)
        if deadline == today:
            return DeadlineState("due", _("Due today"), "oranje", escalation)
        days = _working_days(today, deadline)
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


def _today() -> dt.date:
    return local_date(timezone.now())


# --- access -------------------------------------------------------------------------------------


def _require_inbox_access(user: User) -> None:
    require(is_admin(user) or is_coordinator(user))


def _coordinated_request_or_404(user: User, pk: int) -> AdviceRequest:
    """404 for who may not see the request, 403 for who sees it but may not coordinate it."""
    advice_request = permissions.get_visible_request_or_404(user, pk)
    require(is_admin(user) or permissions.coordinates_request(user, advice_request))
    return advice_request
