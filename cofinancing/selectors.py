"""Reads for co-financing: the agreement in force, a request's ledger, an expert's own hours and
the programme view, each with a fixed number of aggregate queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    DecimalField,
    Expression,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce

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


class Centihours(Func):
    """An entry's hours (the correction where there is one) x 100, rounded to a whole number:
    exact, as hours are quarter hours. Written out, not composed: Django wraps a decimal
    product in casts on SQLite that cost a third of a 100,000-entry sum."""

    template = "CAST(ROUND(COALESCE(%(expressions)s) * 100) AS INTEGER)"
    output_field = IntegerField()

    def __init__(self) -> None:
        super().__init__(F("corrected_hours"), F("hours"))


def sum_of_centihours(**extra) -> Sum:
    """Hours x 100 summed as whole numbers: exact (quarter hours are 25s), and the database
    hands back integers, not decimals it would pass through floating point (SQLite)."""
    return Sum(Centihours(), **extra)


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


@dataclass(frozen=True)
class Accepted:
    """The version in force of an accepted (or closed) agreement, as the money needs it."""

    terms: ledger.Terms
    hours: Decimal  # agreed
    decided_within: bool = False  # accepted within the ``decided_within`` asked for


def _decimal(value: object) -> Decimal:
    # SQLite hands decimals back as floats; their shortest repr is the stored number.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def accepted_terms(
    requests: QuerySet[AdviceRequest],
    *,
    decided_within: tuple[dt.datetime, dt.datetime] | None = None,
) -> dict[int, Accepted]:
    """Every accepted (or closed) agreement of ``requests`` by request, marked when it was
    accepted from the first moment of ``decided_within`` up to (not including) the second:
    one query. The terms are read as plain numbers and made Decimal once per distinct set
    (most agreements share their team's), not once per agreement."""
    within = (
        Q(agreement__decided_at__gte=decided_within[0], agreement__decided_at__lt=decided_within[1])
        if decided_within
        else Q(pk__in=[])
    )
    raw = FloatField() if connection.vendor == "sqlite" else DecimalField()
    rows = (
        AgreementVersion.objects.filter(
            agreement__request__in=requests.values("pk"),
            agreement__status__in=(Agreement.Status.ACCEPTED, Agreement.Status.CLOSED),
            agreement__current=F("pk"),
        )
        .annotate(
            **{
                f"raw_{name}": ExpressionWrapper(F(name), output_field=raw) for name in TERMS_FIELDS
            },
            within=ExpressionWrapper(within, output_field=BooleanField()),
        )
        .values_list("agreement__request_id", "within", *(f"raw_{name}" for name in TERMS_FIELDS))
    )
    made: dict[tuple, tuple[ledger.Terms, Decimal]] = {}
    result = {}
    for request_id, decided, *values in rows:
        key = tuple(values)
        if key not in made:
            rate, free, share, cap, hours = (
                None if value is None else _decimal(value) for value in values
            )
            made[key] = (ledger.Terms(rate, free, share, cap, hours), hours)
        terms, hours = made[key]
        result[request_id] = Accepted(terms, hours, bool(decided))
    return result


TERMS_FIELDS = ("hourly_rate", "programme_hours", "requester_share", "requester_cap", "hours")


@dataclass(frozen=True)
class Spending:
    """Hours logged in one bucket (a month, or "inside the period") and what they cost."""

    centihours: int
    programme: Decimal
    requester: Decimal

    @property
    def hours(self) -> Decimal:
        return Decimal(self.centihours).scaleb(-2)


class _Splitter:
    """Each request's hours split cumulatively, bucket after bucket in time order: the
    programme part is not linear in hours (the first hours are the programme's)."""

    def __init__(self, accepted: dict[int, Accepted]) -> None:
        self.accepted = accepted
        self.cumulative: dict[int, Decimal] = defaultdict(lambda: ZERO)
        # The split at the end of each request's previous bucket: one split per row, not two.
        self.previous: dict[int, ledger.Split] = {}

    def add(self, request_id: int, centihours: int) -> tuple[Decimal, Decimal]:
        """The programme and requester parts of ``centihours`` more on the request; nothing
        for a request without an agreement (programme-paid hours, counted as hours only)."""
        total = Decimal(centihours).scaleb(-2)
        after = self.cumulative[request_id] + total
        self.cumulative[request_id] = after
        agreement = self.accepted.get(request_id)
        if agreement is None or not centihours:
            return ZERO, ZERO
        now = ledger.split(agreement.terms, after)
        then = self.previous.get(request_id)
        if then is None:
            if after == total:  # the request's first hours: nothing was split before
                self.previous[request_id] = now
                return now.programme_part, now.requester_part
            then = ledger.split(agreement.terms, after - total)
        self.previous[request_id] = now
        return now.programme_part - then.programme_part, now.requester_part - then.requester_part


def spending(
    requests: QuerySet[AdviceRequest],
    bucket: Expression,
    *,
    before: dt.date,
    accepted: dict[int, Accepted] | None = None,
) -> dict[str, Spending]:
    """Hours of ``requests`` logged before ``before``, summed per ``bucket`` (an expression on
    the entry whose values sort in time order, e.g. ``MonthKey("day")``) with their programme
    and requester parts: one query (two without ``accepted``) whatever the volume."""
    splitter = _Splitter(accepted_terms(requests) if accepted is None else accepted)
    rows = (
        TimeEntry.objects.filter(request__in=requests.values("pk"), day__lt=before)
        .annotate(bucket=bucket)
        .values_list("request_id", "bucket")
        .annotate(centihours=sum_of_centihours())
        .order_by("request_id", "bucket")
    )
    totals: dict[str, list] = defaultdict(lambda: [0, ZERO, ZERO])
    for request_id, key, centihours in rows:
        programme_part, requester_part = splitter.add(request_id, centihours)
        into = totals[key]
        into[0] += centihours
        into[1] += programme_part
        into[2] += requester_part
    return {key: Spending(*values) for key, values in totals.items()}


def spending_between(
    requests: QuerySet[AdviceRequest],
    start: dt.date,
    end: dt.date,
    *,
    accepted: dict[int, Accepted] | None = None,
) -> Spending:
    """``spending`` of the days ``start`` to ``end`` (both included): per request the hours
    before ``start`` and those in the period, each one plain sum over a range of the covering
    index (two queries; three without ``accepted``), then split cumulatively."""
    splitter = _Splitter(accepted_terms(requests) if accepted is None else accepted)
    entries = TimeEntry.objects.filter(request__in=requests.values("pk"))

    def per_request(days: Q) -> dict[int, int]:
        return dict(
            entries.filter(days)
            .values_list("request_id")
            .annotate(centihours=sum_of_centihours())
            .order_by("request_id")
        )

    before = per_request(Q(day__lt=start))
    inside = per_request(Q(day__gte=start, day__lte=end))
    centihours, programme_total, requester_total = 0, ZERO, ZERO
    for request_id, hours in inside.items():
        splitter.add(request_id, before.get(request_id, 0))
        programme_part, requester_part = splitter.add(request_id, hours)
        centihours += hours
        programme_total += programme_part
        requester_total += requester_part
    return Spending(centihours, programme_total, requester_total)


@dataclass(frozen=True)
class Committed:
    """What accepted agreements promise: their agreed hours and the two parts of their cost."""

    hours: Decimal
    programme: Decimal
    requester: Decimal


def committed(accepted: dict[int, Accepted]) -> Committed:
    splits = [ledger.split(agreement.terms, agreement.hours) for agreement in accepted.values()]
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
        requests, MonthKey("day"), before=dt.date(year + 1, 1, 1), accepted=versions
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
