"""What a dashboard is about: teams and a period, and the requests that belong to it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from core.workdays import AMSTERDAM
from requests_app.models import AdviceRequest


@dataclass(frozen=True)
class Scope:
    team_ids: tuple[int, ...]
    start: dt.date
    end: dt.date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_moment(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=AMSTERDAM)

    @property
    def end_moment(self) -> dt.datetime:
        """The first moment after the period."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=AMSTERDAM)


def requests_in(scope: Scope) -> QuerySet[AdviceRequest]:
    """The scope's requests: of its teams, submitted in its period."""
    return AdviceRequest.objects.filter(
        team_id__in=scope.team_ids,
        submitted_at__gte=scope.start_moment,
        submitted_at__lt=scope.end_moment,
    )


@dataclass(frozen=True)
class Row:
    """One line of a count table: what is counted and how many."""

    key: str
    label: str
    count: int
