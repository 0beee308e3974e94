"""Reads for the expert pages: a profile, an expert's assignments, and expert load week by week.

Load is ``requests_app.capacity``'s: every active (proposed or accepted) assignment puts its
hours per week on each calendar week of its period; capacity is the expert's weekly hours.
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
    """One calendar week of one expert: hours committed against capacity."""

    week: dt.date  # its Monday
    committed: Decimal
    capacity: Decimal

    @property
    def sunday(self) -> dt.date:
        return self.week + dt.timedelta(days=6)

    @property
    def number(self) -> int:
        return self.week.isocalendar().week

    @property
    def free(self) -> Decimal:
        return max(self.capacity - self.committed, Decimal("0"))

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


def loads_of(experts: Sequence[Expert], weeks: list[dt.date]) -> list[ExpertLoad]:
    """Each expert's load in ``weeks``: one query for all of them."""
    commitments: dict[int, list[capacity.Commitment]] = defaultdict(list)
    rows = Assignment.objects.filter(
        expert_id__in=[expert.pk for expert in experts], status__in=Assignment.ACTIVE
    ).values_list("expert_id", "period_start", "period_end", "hours_per_week")
    for expert_id, start, end, hours in rows:
        commitments[expert_id].append(capacity.Commitment(capacity.Period(start, end), hours))
    result = []
    for expert in experts:
        loads = capacity.load_by_week(commitments[expert.pk], weeks)
        hours = Decimal(expert.weekly_capacity_hours)
        result.append(
            ExpertLoad(
                expert=expert,
                weeks=[WeekLoad(week, loads[week], hours) for week in weeks],
                active_assignments=len(commitments[expert.pk]),
            )
        )
    return result


def home_load(expert: Expert) -> ExpertLoad:
    """One expert's load in the weeks their home page shows."""
    return loads_of([expert], coming_weeks(HOME_WEEKS))[0]


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
        .select_related("request__lead_organisation")
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
