"""Reads for co-financing: the agreement in force, a request's ledger, an expert's own hours and
the programme view, each with a fixed number of aggregate queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    CharField,
    DecimalField,
    Expression,
    F,
    Func,
    IntegerField,
    QuerySet,
    Sum,
)
from django.db.models.functions import Cast, Coalesce

from cofinancing import ledger
from cofinancing.models import Agreement, AgreementVersion, AnnualBudget, TimeEntry
from requests_app.models import AdviceRequest

ZERO = Decimal("0")


def _hours():
    return Coalesce("corrected_hours", "hours")


def sum_of_hours() -> Sum:
    """Hours summed with room to grow: a team-year passes the 99,999.99 of one entry's column."""
    return Sum(_hours(), output_field=DecimalField(max_digits=14, decimal_places=2))


class MonthKey(Func):
    """ "2026-03" of a date, by the database's own string functions: Django's month truncation
    on SQLite calls back into Python for every row, which a team-year of 100,000 entries feels."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 7)")

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'YYYY-MM')")


def sum_of_centihours() -> Sum:
    """Hours x 100 summed as whole numbers: exact (quarter hours are 25s), and the database
    hands back integers, not decimals it would pass through floating point (SQLite)."""
    return Sum(Cast(_hours() * 100, output_field=IntegerField()))


def agreement_accepted(request: AdviceRequest) -> bool:
    """Accepted at least once (an amendment on offer leaves the accepted version in force)."""
    return Agreement.objects.filter(request=request, current__isnull=False).exists()


def terms_of(version: AgreementVersion) -> ledger.Terms:
    return ledger.Terms(
        hourly_rate=version.hourly_rate,
        programme_hours=version.programme_hours,
        requester_share=version.requester_share,
        requester_cap=version.requester_cap,
        agreed_hours=version.hours,
    )


def hours_used(request_id: int) -> Decimal:
    total = TimeEntry.objects.filter(request_id=request_id).aggregate(total=sum_of_hours())["total"]
    return total or ZERO


@dataclass(frozen=True)
class Ledger:
    agreement: Agreement | None
    version: AgreementVersion | None  # in force
    split: ledger.Split | None
    hours_used: Decimal
    by_expert: list[tuple[str, Decimal]]


def request_ledger(request: AdviceRequest) -> Ledger:
    """Three queries whatever the number of entries: the agreement with its version in force,
    the total, and the hours per expert."""
    agreement = (
        Agreement.objects.select_related("current", "decided_by").filter(request=request).first()
    )
    used = hours_used(request.pk)
    per_expert = (
        TimeEntry.objects.filter(request=request)
        .values("expert__user__first_name", "expert__user__last_name", "expert__user__email")
        .annotate(total=sum_of_hours())
        .order_by("expert__user__last_name", "expert__user__email")
    )
    by_expert = [
        (
            f"{row['expert__user__first_name']} {row['expert__user__last_name']}".strip()
            or row["expert__user__email"],
            row["total"],
        )
        for row in per_expert
    ]
    version = agreement.current if agreement else None
    split = ledger.split(terms_of(version), used) if version else None
    return Ledger(agreement, version, split, used, by_expert)


def entries_of_request(request: AdviceRequest) -> QuerySet[TimeEntry]:
    return (
        TimeEntry.objects.filter(request=request)
        .select_related("expert__user", "version", "corrected_by")
        .order_by("day", "pk")
    )


def entries_of_expert(expert_id: int, *, limit: int = 200) -> QuerySet[TimeEntry]:
    return (
        TimeEntry.objects.filter(expert_id=expert_id)
        .select_related("request")
        .order_by("-day", "-pk")[:limit]
    )


# --- the programme view -------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    month: dt.date
    spent: Decimal  # programme part of the hours logged in the month
    requester: Decimal  # requester part of them


@dataclass(frozen=True)
class Programme:
    team_id: int
    year: int
    budget: Decimal | None
    committed: Decimal  # programme part of the accepted agreements' hours
    spent: Decimal
    months: list[Month]

    @property
    def remaining(self) -> Decimal | None:
        return None if self.budget is None else self.budget - self.committed


def accepted_terms(requests: QuerySet[AdviceRequest]) -> dict[int, AgreementVersion]:
    """The version in force of every accepted (or closed) agreement of ``requests``, by request:
    one query."""
    return {
        row.agreement.request_id: row
        for row in AgreementVersion.objects.filter(
            agreement__request__in=requests.values("pk"),
            agreement__status__in=(Agreement.Status.ACCEPTED, Agreement.Status.CLOSED),
            agreement__current=F("pk"),
        ).select_related("agreement")
    }


@dataclass(frozen=True)
class Spending:
    """Hours logged in one bucket (a month, or "inside the period") and what they cost."""

    centihours: int
    programme: Decimal
    requester: Decimal

    @property
    def hours(self) -> Decimal:
        return Decimal(self.centihours).scaleb(-2)


def spending(
    requests: QuerySet[AdviceRequest],
    bucket: Expression,
    *,
    before: dt.date,
    versions: dict[int, AgreementVersion] | None = None,
) -> dict[str, Spending]:
    """Hours of ``requests`` logged before ``before``, summed per ``bucket`` (an expression on
    the entry whose values sort in time order, e.g. ``MonthKey("day")``) with their programme
    and requester parts: one query (two without ``versions``) whatever the volume.

    The programme part is not linear in hours (the first hours are the programme's), so each
    request's buckets are summed first and split cumulatively. Hours of a request without an
    accepted agreement are counted as hours, not as money."""
    if versions is None:
        versions = accepted_terms(requests)
    terms = {request_id: terms_of(version) for request_id, version in versions.items()}
    rows = (
        TimeEntry.objects.filter(request__in=requests.values("pk"), day__lt=before)
        .annotate(bucket=bucket)
        .values_list("request_id", "bucket")
        .annotate(centihours=sum_of_centihours())
        .order_by("request_id", "bucket")
    )
    totals: dict[str, list] = defaultdict(lambda: [0, ZERO, ZERO])
    cumulative: dict[int, Decimal] = defaultdict(lambda: ZERO)
    # The split at the end of each request's previous bucket: one split per row, not two.
    previous: dict[int, ledger.Split] = {}
    for request_id, key, centihours in rows:
        total = Decimal(centihours).scaleb(-2)
        after = cumulative[request_id] + total
        cumulative[request_id] = after
        into = totals[key]
        into[0] += centihours
        request_terms = terms.get(request_id)
        if request_terms is None:
            continue  # no agreement: programme-paid hours, counted with the team's own figures
        now = ledger.split(request_terms, after)
        then = previous.get(request_id) or ledger.split(request_terms, after - total)
        previous[request_id] = now
        into[1] += now.programme_part - then.programme_part
        into[2] += now.requester_part - then.requester_part
    return {key: Spending(*values) for key, values in totals.items()}


@dataclass(frozen=True)
class Committed:
    """What accepted agreements promise: their agreed hours and the two parts of their cost."""

    hours: Decimal
    programme: Decimal
    requester: Decimal


def committed(versions: dict[int, AgreementVersion]) -> Committed:
    splits = [ledger.split(terms_of(version), version.hours) for version in versions.values()]
    return Committed(
        hours=sum((s.hours_used for s in splits), ZERO),
        programme=sum((s.programme_part for s in splits), ZERO),
        requester=sum((s.requester_part for s in splits), ZERO),
    )


def programme(team_id: int, year: int) -> Programme:
    """Budget, committed and spent for a team's year: three queries whatever the volume."""
    budget = (
        AnnualBudget.objects.filter(team_id=team_id, year=year)
        .values_list("amount", flat=True)
        .first()
    )
    requests = AdviceRequest.objects.filter(team_id=team_id)
    versions = accepted_terms(requests)
    by_month = spending(
        requests, MonthKey("day"), before=dt.date(year + 1, 1, 1), versions=versions
    )
    nothing = Spending(0, ZERO, ZERO)
    months = [
        Month(
            dt.date(year, number, 1),
            by_month.get(f"{year:04d}-{number:02d}", nothing).programme,
            by_month.get(f"{year:04d}-{number:02d}", nothing).requester,
        )
        for number in range(1, 13)
    ]
    return Programme(
        team_id=team_id,
        year=year,
        budget=budget,
        committed=committed(versions).programme,
        spent=sum((m.spent for m in months), ZERO),
        months=months,
    )
