"""The triage deadline and the lead times of a scope's requests: one query.

Triage deadline: a decision (accepted or declined) is on time when it was taken on or before
the request's deadline by ``requests_app.deadlines`` (the clock paused while information was
asked); a request still waiting past its deadline counts as late. Lead times run from
submission to the first triage answer (accepted, declined or information asked: the audit
Events), to the first meeting that was not cancelled, and to completion; median and 90th
percentile per ``reports.stats``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.db.models import CharField, Min, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from core.workdays import AMSTERDAM
from meetings.models import Meeting
from reports import stats
from reports.expressions import EpochSeconds
from reports.scope import Scope, requests_in
from requests_app import deadlines
from requests_app.enums import Status
from requests_app.models import Event

MEDIAN = Decimal("0.5")
P90 = Decimal("0.9")
SECONDS_A_DAY = 86400
# The first answer of triage: the coordinator accepted, declined or asked for information.
TRIAGE_ANSWERS = (Status.ACCEPTED, Status.DECLINED, Status.NEEDS_INFO)


@dataclass(frozen=True)
class Compliance:
    on_time: int  # decided on or before the deadline
    late: int  # decided after it
    waiting_late: int  # still waiting for triage, past the deadline

    @property
    def counted(self) -> int:
        return self.on_time + self.late + self.waiting_late

    @property
    def percentage(self) -> Decimal | None:
        return stats.share(self.on_time, self.counted)


@dataclass(frozen=True)
class LeadTime:
    key: str
    label: str
    count: int
    median_days: Decimal | None
    p90_days: Decimal | None


@dataclass(frozen=True)
class Timing:
    compliance: Compliance
    lead_times: list[LeadTime]


@lru_cache(maxsize=4096)
def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


@lru_cache(maxsize=4096)
def _local_date(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, AMSTERDAM).date()


def _days(seconds: list[int], p: Decimal) -> Decimal | None:
    value = stats.percentile(seconds, p)
    return None if value is None else value / SECONDS_A_DAY


def timing(scope: Scope, *, today: dt.date | None = None) -> Timing:
    """One query: each request's moments, with its first triage answer and first meeting."""
    today = today or deadlines.today()
    # The earliest of each, as an aggregate: no sort per request.
    first_answer = (
        Event.objects.filter(request=OuterRef("pk"), to_status__in=TRIAGE_ANSWERS)
        .values("request")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    first_meeting = (
        Meeting.objects.filter(request=OuterRef("pk"))
        .exclude(status=Meeting.Status.CANCELLED)
        .values("request")
        .annotate(first=Min("starts_at"))
        .values("first")
    )
    rows = (
        requests_in(scope)
        .annotate(
            # The deadline as its ISO text: a few hundred distinct days, parsed once each.
            deadline=Cast("triage_deadline", CharField()),
            submitted=EpochSeconds("submitted_at"),
            decided=EpochSeconds("decided_at"),
            done=EpochSeconds("completed_at"),
            answer=EpochSeconds(Subquery(first_answer)),
            meeting=EpochSeconds(Subquery(first_meeting)),
        )
        .values_list("status", "deadline", "submitted", "decided", "done", "answer", "meeting")
        .order_by()
    )
    on_time = late = waiting_late = 0
    triaged: list[int] = []
    met: list[int] = []
    completed: list[int] = []
    for status, day, submitted, decided, done, answer, meeting in rows:
        deadline = None if day is None else _date(str(day))
        if decided is not None:
            # "Was it overdue on the day it was decided, while it waited for triage?" Declined
            # while information was asked, it had no deadline: the clock was paused.
            if deadlines.is_overdue(Status.SUBMITTED, deadline, _local_date(decided)):
                late += 1
            else:
                on_time += 1
        elif deadlines.is_overdue(status, deadline, today):
            waiting_late += 1
        if answer is not None:
            triaged.append(answer - submitted)
        if meeting is not None:
            met.append(meeting - submitted)
        if done is not None:
            completed.append(done - submitted)
    stages = [
        ("triaged", _("Submitted → triaged (first answer)"), triaged),
        ("first_meeting", _("Submitted → first meeting"), met),
        ("completed", _("Submitted → completed"), completed),
    ]
    return Timing(
        Compliance(on_time, late, waiting_late),
        [
            LeadTime(key, str(label), len(values), _days(values, MEDIAN), _days(values, P90))
            for key, label, values in stages
        ],
    )
