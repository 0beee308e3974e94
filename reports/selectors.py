"""The coordinator dashboard's figures for a scope (teams and a period), each a fixed number of
aggregate queries whatever the volume (bench/bench_reports.py; asserted at two sizes in
tests/reports/test_dashboard_queries.py).

What counts where:

- Figures about requests (status, triage deadline, lead times, demand, regional share,
  satisfaction) count the requests of the scope's teams *submitted* in the period (Amsterdam
  days). Requests no coordinator has routed to a team yet belong to no team's figures.
- Hours and money count what was logged in the period, on the teams' requests; committed money
  is what agreements accepted in the period promise (``cofinancing.selectors``).
- The triage deadline and the lead times: ``reports.selectors_timing``.

The scope is ``reports.scope``; the database expressions are ``reports.expressions``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Sum,
)
from django.utils.translation import gettext_lazy as _

from cofinancing import selectors as money_selectors
from cofinancing.models import TimeEntry
from experts.models import Expert, Theme
from organisations.models import Organisation, Province
from reports import stats
from reports.expressions import CentiPerWeek, OverlapDays
from reports.models import SatisfactionResponse
from reports.scope import Row, Scope, requests_in
from reports.selectors_timing import Timing, timing
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Assignment

ZERO = Decimal("0")


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
