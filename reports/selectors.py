"""The coordinator dashboard's figures for a scope (teams and a period), each a fixed number of
aggregate queries whatever the volume (bench/bench_reports.py; asserted at two sizes in
tests/reports/test_dashboard_queries.py).

What counts where:

- Figures about requests (status, triage deadline, lead times, demand, regional share,
  satisfaction) count the requests of the scope's teams *submitted* in the period (Amsterdam
  days). Requests no coordinator has routed to a team yet belong to no team's figures.
- Hours and money count what was logged in the period, on the teams' requests; committed money
  is what agreements accepted in the period promise (``cofinancing.selectors``).
- Triage deadline: a decision (accepted or declined) is on time when it was taken on or before
  the request's deadline by ``requests_app.deadlines`` (the clock paused while information was
  asked); a request still waiting past its deadline counts as late.
- Lead times run from submission to the first triage answer (accepted, declined or information
  asked: the audit Events), to the first meeting that was not cancelled, and to completion;
  median and 90th percentile per ``reports.stats``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from cofinancing import selectors as money_selectors
from cofinancing.models import TimeEntry
from core.workdays import AMSTERDAM
from experts.models import Expert, Theme
from meetings.models import Meeting
from organisations.models import Organisation, Province
from reports import stats
from reports.models import SatisfactionResponse
from requests_app import deadlines
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Assignment, Event

ZERO = Decimal("0")
MEDIAN = Decimal("0.5")
P90 = Decimal("0.9")
SECONDS_A_DAY = 86400
# The first answer of triage: the coordinator accepted, declined or asked for information.
TRIAGE_ANSWERS = (Status.ACCEPTED, Status.DECLINED, Status.NEEDS_INFO)


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


# --- requests by status --------------------------------------------------------------------------


def status_counts(scope: Scope) -> list[Row]:
    """Every status a submitted request can have, in lifecycle order, zeros included."""
    counts = dict(
        requests_in(scope).values_list("status").annotate(n=Count("pk")).order_by("status")
    )
    return [
        Row(status.value, str(status.label), counts.get(status.value, 0))
        for status in Status
        if status != Status.DRAFT
    ]


# --- triage deadline and lead times --------------------------------------------------------------


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


class EpochSeconds(Func):
    """A moment as whole seconds since 1970 (UTC), by the database: ten thousand requests'
    five moments each are read as integers instead of parsed as datetimes one by one. (The
    doubled %% survives both the template and the query's own placeholders.)"""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)",
        )


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
    first_answer = (
        Event.objects.filter(request=OuterRef("pk"), to_status__in=TRIAGE_ANSWERS)
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    first_meeting = (
        Meeting.objects.filter(request=OuterRef("pk"))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at", "pk")
        .values("starts_at")[:1]
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


# --- demand --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    province: str
    count: int


@dataclass(frozen=True)
class Demand:
    themes: list[Row]
    municipalities: list[MunicipalityRow]
    provinces: list[Row]
    kinds: list[Row]
    total: int
    regional: int  # with at least one partner municipality

    @property
    def regional_percentage(self) -> Decimal | None:
        return stats.share(self.regional, self.total)


def demand(scope: Scope) -> Demand:
    """Grouped counts by theme and by lead organisation (with its names) and one total: five
    queries. A request with two themes counts for both themes; municipalities, provinces and
    kinds are those of the lead organisation."""
    requests = requests_in(scope)
    by_theme = dict(
        AdviceRequest.themes.through.objects.filter(advicerequest__in=requests.values("pk"))
        .values_list("theme_id")
        .annotate(n=Count("pk"))
        .order_by("theme_id")
    )
    themes = sorted(
        (
            Row(theme.slug, theme.display_name, by_theme[theme.pk])
            for theme in Theme.objects.filter(pk__in=list(by_theme))
        ),
        key=lambda row: (-row.count, row.label),
    )
    by_lead = dict(
        requests.values_list("lead_organisation_id")
        .annotate(n=Count("pk"))
        .order_by("lead_organisation_id")
    )
    leads = Organisation.objects.filter(pk__in=list(by_lead)).values_list(
        "pk", "kind", "cbs_code", "name", "province"
    )
    by_province: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    municipalities = []
    for pk, kind, code, name, province in leads:
        n = by_lead[pk]
        by_province[province] += n
        by_kind[kind] += n
        if kind == Organisation.Kind.MUNICIPALITY:
            label = Province(province).label if province else ""
            municipalities.append(MunicipalityRow(code, name, label, n))
    municipalities.sort(key=lambda row: (-row.count, row.name))
    provinces = [Row(code, label, by_province.get(code, 0)) for code, label in Province.choices]
    if by_province.get(""):
        provinces.append(Row("", str(_("No province")), by_province[""]))
    kinds = [
        Row(kind, str(label), by_kind.get(kind, 0)) for kind, label in Organisation.Kind.choices
    ]
    partner_municipality = AdviceRequest.partners.through.objects.filter(
        advicerequest_id=OuterRef("pk"), organisation__kind=Organisation.Kind.MUNICIPALITY
    )
    totals = requests.aggregate(
        total=Count("pk"), regional=Count("pk", filter=Q(Exists(partner_municipality)))
    )
    return Demand(themes, municipalities, provinces, kinds, totals["total"], totals["regional"])


# --- expert utilisation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Utilisation:
    expert_id: int
    name: str
    capacity: Decimal  # weekly hours x weeks of the period
    committed: Decimal  # active assignments' hours per week over the part of the period they cover
    logged: Decimal  # hours written in the period

    @property
    def logged_percentage(self) -> Decimal | None:
        return stats.share(self.logged, self.capacity)

    @property
    def committed_percentage(self) -> Decimal | None:
        return stats.share(self.committed, self.capacity)


class OverlapDays(Func):
    """The days a date range (two date fields) shares with the period [start, end], by the
    database; never negative when the caller keeps only the ranges that touch the period."""

    output_field = IntegerField()
    templates = {
        # julianday of whole dates is a whole number; MIN and MAX of two are scalar here.
        "sqlite": "CAST(julianday(MIN({1}, {3})) - julianday(MAX({0}, {2})) + 1 AS INTEGER)",
        "postgresql": "(LEAST({1}, {3}) - GREATEST({0}, {2}) + 1)",
    }
    order = {"sqlite": (1, 3, 0, 2), "postgresql": (1, 3, 0, 2)}

    def __init__(self, first: str, last: str, start: dt.date, end: dt.date) -> None:
        super().__init__(
            F(first),
            F(last),
            Value(start, output_field=DateField()),
            Value(end, output_field=DateField()),
        )

    def as_sql(self, compiler, connection, **extra):
        compiled = [compiler.compile(part) for part in self.get_source_expressions()]
        sql = self.templates[connection.vendor].format(*(part for part, _ in compiled))
        params = [p for index in self.order[connection.vendor] for p in compiled[index][1]]
        return sql, params


class CentiPerWeek(Func):
    """An assignment's hours per week x 100 as a whole number (they are in hundredths)."""

    template = "CAST(ROUND(%(expressions)s * 100) AS INTEGER)"
    output_field = IntegerField()


def utilisation(scope: Scope) -> list[Utilisation]:
    """The active experts of the scope's teams: three queries. An expert's capacity is one, so
    their commitments and hours on any request count, also another team's. Capacity and
    commitments are spread evenly over days (a week is seven): 14 days hold two weeks."""
    experts = list(
        Expert.objects.filter(
            active=True,
            pk__in=Expert.teams.through.objects.filter(team_id__in=scope.team_ids).values(
                "expert_id"
            ),
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    ids = [expert.pk for expert in experts]
    # Hundredths of hours per week x days, summed exactly; / 7 / 100 gives the hours.
    committed = dict(
        Assignment.objects.filter(
            expert_id__in=ids,
            status__in=Assignment.ACTIVE,
            period_start__lte=scope.end,
            period_end__gte=scope.start,
        )
        .values_list("expert_id")
        .annotate(
            centi_days=Sum(
                CentiPerWeek("hours_per_week")
                * OverlapDays("period_start", "period_end", scope.start, scope.end)
            )
        )
        .order_by("expert_id")
    )
    logged = dict(
        TimeEntry.objects.filter(
            expert_id__in=ids,
            day__gte=scope.start,
            day__lte=scope.end,
        )
        .values_list("expert_id")
        .annotate(centihours=money_selectors.sum_of_centihours())
        .order_by("expert_id")
    )
    return [
        Utilisation(
            expert_id=expert.pk,
            name=expert.user.get_full_name() or expert.user.email,
            capacity=expert.weekly_capacity_hours * scope.days / 7,
            committed=Decimal(committed.get(expert.pk, 0)) / 700,
            logged=Decimal(logged.get(expert.pk, 0)).scaleb(-2),
        )
        for expert in experts
    ]


# --- money ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    committed_programme: Decimal  # programme part of the agreements accepted in the period
    committed_requester: Decimal
    spent_programme: Decimal  # programme part of the hours logged in the period
    spent_requester: Decimal
    hours: Decimal  # hours logged in the period


def money(scope: Scope) -> Money:
    """Two queries (``cofinancing.selectors``): the agreements in force, the hours split."""
    requests = AdviceRequest.objects.filter(team_id__in=scope.team_ids)
    accepted = money_selectors.accepted_terms(
        requests, decided_within=(scope.start_moment, scope.end_moment)
    )
    promised = money_selectors.committed(
        {request_id: terms for request_id, terms in accepted.items() if terms.decided_within}
    )
    inside = money_selectors.spending_between(requests, scope.start, scope.end, accepted=accepted)
    return Money(
        committed_programme=promised.programme,
        committed_requester=promised.requester,
        spent_programme=inside.programme,
        spent_requester=inside.requester,
        hours=inside.hours,
    )


# --- satisfaction --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Satisfaction:
    invited: int
    scores: dict[int, int]  # 1..5 → answers

    @property
    def answered(self) -> int:
        return sum(self.scores.values())

    @property
    def response_percentage(self) -> Decimal | None:
        return stats.share(self.answered, self.invited)

    @property
    def average(self) -> Decimal | None:
        if not self.answered:
            return None
        return Decimal(sum(score * n for score, n in self.scores.items())) / self.answered


def satisfaction(scope: Scope) -> Satisfaction:
    """One query: the survey's rows of the scope's requests, counted per score."""
    counts = dict(
        SatisfactionResponse.objects.filter(request__in=requests_in(scope).values("pk"))
        .values_list("score")
        .annotate(n=Count("pk"))
        .order_by("score")
    )
    return Satisfaction(
        invited=sum(counts.values()),
        scores={score: counts.get(score, 0) for score in range(1, 6)},
    )


# --- all of it -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    scope: Scope
    statuses: list[Row]
    timing: Timing
    demand: Demand
    utilisation: list[Utilisation]
    money: Money
    satisfaction: Satisfaction


def dashboard(scope: Scope, *, today: dt.date | None = None) -> Dashboard:
    return Dashboard(
        scope=scope,
        statuses=status_counts(scope),
        timing=timing(scope, today=today),
        demand=demand(scope),
        utilisation=utilisation(scope),
        money=money(scope),
        satisfaction=satisfaction(scope),
    )
