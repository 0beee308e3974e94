"""Reads: every query a page or endpoint needs, with its joins built in."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from experts.models import Absence, Expert, Skill, Team
from requests_app.models import ConflictOfInterest, Membership


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def teams_with_themes() -> QuerySet[Team]:
    return Team.objects.prefetch_related("themes").order_by("name")


def coordinated_teams(user: User) -> QuerySet[Team]:
    today = timezone.localdate()
    return (
        Team.objects.filter(coordinators=user)
        .annotate(
            active_experts=Count("experts", filter=Q(experts__active=True), distinct=True),
            experts_absent_today=Count(
                "experts",
                filter=Q(
                    experts__active=True,
                    experts__absences__start__lte=today,
                    experts__absences__end__gte=today,
                ),
                distinct=True,
            ),
        )
        .prefetch_related("themes")
        .order_by("name")
    )


def team_experts(team: Team, *, horizon_days: int = 28) -> QuerySet[Expert]:
    """Active experts of ``team`` with their skills and absences in the coming weeks."""
    today = timezone.localdate()
    upcoming = Absence.objects.filter(
        end__gte=today, start__lte=today + dt.timedelta(days=horizon_days)
    ).order_by("start")
    return (
        Expert.objects.filter(teams=team, active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=Skill.objects.select_related("theme").order_by("-level", "theme__name"),
            ),
            Prefetch("absences", queryset=upcoming, to_attr="upcoming_absences"),
        )
    )


def expert_profile(user: User) -> Expert | None:
    today = timezone.localdate()
    return (
        Expert.objects.filter(user=user)
        .prefetch_related(
            "teams",
            Prefetch(
                "skills",
                queryset=Skill.objects.select_related("theme").order_by("-level", "theme__name"),
            ),
            Prefetch(
                "absences",
                queryset=Absence.objects.filter(end__gte=today),
                to_attr="upcoming_absences",
            ),
            Prefetch(
                "conflicts_of_interest",
                queryset=ConflictOfInterest.objects.select_related("organisation"),
            ),
        )
        .first()
    )
