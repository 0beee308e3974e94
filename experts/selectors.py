"""Reads for the expert profile pages and the expert API."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from core.workdays import local_date
from experts.models import Absence, ConflictOfInterest, Expert, Skill, Theme


def today() -> dt.date:
    return local_date(timezone.now())


def _skills() -> Prefetch:
    return Prefetch(
        "skills", queryset=Skill.objects.select_related("theme").order_by("-level", "theme__name")
    )


def expert_for_profile(pk: int) -> Expert | None:
    """An expert with everything the profile pages show: teams, skills, absences that have
    not ended, and declared conflicts of interest."""
    return (
        Expert.objects.select_related("user")
        .prefetch_related(
            "teams",
            _skills(),
            Prefetch(
                "absences",
                queryset=Absence.objects.filter(end__gte=today()).order_by("start", "end"),
                to_attr="upcoming_absences",
            ),
            Prefetch(
                "conflicts_of_interest",
                queryset=ConflictOfInterest.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def themes_to_add(expert: Expert) -> QuerySet[Theme]:
    """Active themes the expert has no skill row for yet."""
    return Theme.objects.filter(active=True).exclude(skills__expert=expert).order_by("name")
