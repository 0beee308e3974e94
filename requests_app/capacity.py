"""Expert load and capacity (DESIGN §6): hours per week, week by week.

An assignment's hour budget is spread evenly over its request's period (the desired period;
from today for the default number of weeks when the requester gave none). An expert's load
in a week is the sum over their active (proposed or accepted) assignments whose period
covers that week. Capacity is the expert's weekly hours. Assigning never lets any week's load
exceed the capacity (``requests_app.services.assignments``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal

from django.conf import settings
from django.utils import timezone

from core.workdays import local_date

ZERO = Decimal("0")


def default_weeks() -> int:
    return getattr(settings, "EXPERTDESK_DEFAULT_PERIOD_WEEKS", 12)


def default_hours() -> Decimal:
    return Decimal(str(getattr(settings, "EXPERTDESK_DEFAULT_ASSIGNMENT_HOURS", 40)))


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def weeks(self) -> list[dt.date]:
        """The Mondays of the weeks the period touches."""
        first, last = monday(self.start), monday(self.end)
        count = (last - first).days // 7 + 1
        return [first + dt.timedelta(weeks=index) for index in range(count)]

    @property
    def length_weeks(self) -> int:
        """Whole weeks the period lasts (a 12-week period starting on a Wednesday is 12, even
        though it touches 13 calendar weeks). Loads are spread over this many weeks and
        counted in every calendar week touched: cautious, never optimistic."""
        return max(1, math.ceil(((self.end - self.start).days + 1) / 7))

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def request_period(
    desired_start: dt.date | None, desired_end: dt.date | None, *, today: dt.date | None = None
) -> Period:
    """The period a request's work is planned in; past parts of it are not planned any more."""
    today = today or local_date(timezone.now())
    start = max(desired_start or today, today)
    end = desired_end or start + dt.timedelta(weeks=default_weeks()) - dt.timedelta(days=1)
    return Period(start, max(start, end))


def weekly_load(hours_budget: Decimal, period: Period) -> Decimal:
    return (Decimal(hours_budget) / period.length_weeks).quantize(
        Decimal("0.01"), rounding=ROUND_UP
    )


@dataclass(frozen=True)
class Commitment:
    """One active assignment as capacity sees it."""

    period: Period
    hours_per_week: Decimal


def load_by_week(commitments: list[Commitment], weeks: list[dt.date]) -> dict[dt.date, Decimal]:
    load: dict[dt.date, Decimal] = defaultdict(lambda: ZERO)
    wanted = set(weeks)
    for commitment in commitments:
        for week in commitment.period.weeks:
            if week in wanted:
                load[week] += commitment.hours_per_week
    return {week: load[week] for week in weeks}


def free_hours(capacity: Decimal, commitments: list[Commitment], period: Period) -> Decimal:
    """Hours per week still free in the busiest week of ``period``."""
    loads = load_by_week(commitments, period.weeks)
    return Decimal(capacity) - max(loads.values(), default=ZERO)
