"""Reads for the expert pages: a profile, an expert's assignments, and expert load week by week.

Load is ``requests_app.capacity``'s: every active (proposed or accepted) assignment puts its
hours per week on each calendar week of its period; capacity is the expert's weekly hours,
and what is free in a week leaves out the working days the expert is absent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Value, When

from accounts.models import User
from accounts.roles import is_admin
from core.workdays import is_working_day
from experts import permissions as expert_permissions
from experts.models import Absence, Expert
from experts.selectors import expert_for_profile, today
from requests_app import capacity
from requests_app.models import Assignment

HOME_WEEKS = 12  # the expert home looks a quarter ahead
TEAM_WEEKS = 8  # the coordinators' load page: two months


def coming_weeks(count: int, *, start: dt.date | None = None) -> list[dt.date]:
    """The Mondays of this week and the ``count - 1`` weeks after it."""
    first = capacity.monday(start or today())
    return [first + dt.timedelta(weeks=index) for index in range(count)]


@dataclass(frozen=True)
class WeekLoad:
    """One calendar week of one expert: hours committed against capacity, and the working days
    they are absent that week."""

    week: dt.date  # its Monday
    committed: Decimal
    capacity: Decimal
    working_days: int = 5  # Monday to Friday less public holidays
    absent_days: int = 0  # of those working days

    @property
    def sunday(self) -> dt.date:
        return self.week + dt.timedelta(days=6)

    @property
    def number(self) -> int:
        return self.week.isocalendar().week

    @property
    def available(self) -> Decimal:
        """The capacity of the working days the expert is there: a week of leave has none."""
        if not self.absent_days or not self.working_days:
            return self.capacity
        present = max(self.working_days - self.absent_days, 0)
        return (self.capacity * present / self.working_days).quantize(Decimal("0.01"))

    @property
    def free(self) -> Decimal:
        return max(self.available - self.committed, Decimal("0"))

    @property
    def over_capacity(self) -> bool:
        # Assigning never overbooks; a capacity lowered afterwards can.
        return self.committed > self.capacity

    @property
    def meter_max(self) -> Decimal:
        """The scale of a <meter>: the capacity, or the load when that is larger."""
        return max(self.capacity, self.committed, Decimal("0.25"))


@dataclass(frozen=True)
class ExpertLoad:
    expert: Expert
    weeks: list[WeekLoad]
    active_assignments: int

    @property
    def weeks_over_capacity(self) -> int:
        return sum(1 for week in self.weeks if week.over_capacity)


def _working_days(week: dt.date) -> list[dt.date]:
    return [
        day
        for day in (week + dt.timedelta(days=offset) for offset in range(5))
        if is_working_day(day)
    ]


def loads_of(experts: Sequence[Expert], weeks: list[dt.date]) -> list[ExpertLoad]:
    """Each expert's load and absences in ``weeks``: two queries for all of them."""
    ids = [expert.pk for expert in experts]
    commitments: dict[int, list[capacity.Commitment]] = defaultdict(list)
    rows = Assignment.objects.filter(expert_id__in=ids, status__in=Assignment.ACTIVE).values_list(
        "expert_id", "period_start", "period_end", "hours_per_week"
    )
    for expert_id, start, end, hours in rows:
        commitments[expert_id].append(capacity.Commitment(capacity.Period(start, end), hours))
    absent: dict[int, set[dt.date]] = defaultdict(set)
    if weeks:
        last = weeks[-1] + dt.timedelta(days=6)
        for expert_id, start, end in Absence.objects.filter(
            expert_id__in=ids, start__lte=last, end__gte=weeks[0]
        ).values_list("expert_id", "start", "end"):
            first_day, last_day = max(start, weeks[0]), min(end, last)
            absent[expert_id].update(
                first_day + dt.timedelta(days=offset)
                for offset in range((last_day - first_day).days + 1)
            )
    working = {week: _working_days(week) for week in weeks}
    result = []
    for expert in experts:
        loads = capacity.load_by_week(commitments[expert.pk], weeks)
        hours = Decimal(expert.weekly_capacity_hours)
        away = absent[expert.pk]
        result.append(
            ExpertLoad(
                expert=expert,
                weeks=[
                    WeekLoad(
                        week,
                        loads[week],
                        hours,
                        working_days=len(working[week]),
                        absent_days=sum(1 for day in working[week] if day in away),
                    )
                    for week in weeks
                ],
                active_assignments=len(commitments[expert.pk]),
            )
        )
    return result


MAX_HOME_WEEKS = 104  # two years: further plans are not a week-by-week matter


def home_weeks(expert: Expert) -> list[dt.date]:
    """This week and the next ``HOME_WEEKS - 1``, or as far as the expert's last active
    assignment reaches when that is later (an assignment in March shows in December)."""
    first = capacity.monday(today())
    last_end = (
        Assignment.objects.filter(expert=expert, status__in=Assignment.ACTIVE)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    count = HOME_WEEKS
    if last_end is not None and last_end >= first:
        count = max(count, (capacity.monday(last_end) - first).days // 7 + 1)
    return coming_weeks(min(count, MAX_HOME_WEEKS), start=first)


def home_load(expert: Expert) -> ExpertLoad:
    """One expert's load in the weeks their home page shows."""
    return loads_of([expert], home_weeks(expert))[0]


# --- one expert's pages ---------------------------------------------------------------------


def own_expert(user: User) -> Expert | None:
    """The signed-in person's active expert profile, ready for the profile pages."""
    pk = expert_permissions.expert_id(user)
    return expert_for_profile(pk) if pk is not None else None


def active_assignments(expert: Expert) -> QuerySet[Assignment]:
    """The expert's proposed assignments first (they wait for an answer), then accepted ones."""
    waiting_first = Case(
        When(status=Assignment.Status.PROPOSED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Assignment.objects.filter(expert=expert, status__in=Assignment.ACTIVE)
        .select_related("request__lead_organisation", "assigned_by")
        # What the expert needs to decide (``expert/partials/assignment_facts.html``).
        .prefetch_related("request__themes", "request__partners", "request__attachments")
        .order_by(waiting_first, "period_start", "pk")
    )


def own_assignment(user: User, pk: int) -> Assignment | None:
    """One of the signed-in expert's own assignments; None for anybody else's."""
    expert = expert_permissions.expert_id(user)
    if expert is None:
        return None
    return Assignment.objects.filter(pk=pk, expert_id=expert).first()


# --- the coordinators' load page ------------------------------------------------------------


def experts_for_load(user: User, weeks: list[dt.date]) -> QuerySet[Expert]:
    """Active experts of the teams ``user`` coordinates (every team for an admin), with their
    teams and the absences that touch ``weeks``."""
    experts = Expert.objects.filter(active=True)
    if not is_admin(user):
        in_my_teams = Expert.teams.through.objects.filter(
            expert_id=OuterRef("pk"), team_id__in=expert_permissions.coordinated_team_ids(user)
        )
        experts = experts.filter(Exists(in_my_teams))
    horizon = Absence.objects.filter(
        end__gte=max(weeks[0], today()), start__lte=weeks[-1] + dt.timedelta(days=6)
    ).order_by("start", "end")
    return experts.select_related("user").prefetch_related(
        "teams", Prefetch("absences", queryset=horizon, to_attr="upcoming_absences")
    )
