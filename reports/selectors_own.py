"""Own figures: an organisation's requests, hours and co-financing over the years, and an
expert's hours, load and the satisfaction scores of the requests they led. A few aggregate
queries each, whatever the history's length.

Years are calendar years: requests count in the year they were submitted (Amsterdam), hours and
money in the year they were logged; money is ``cofinancing.selectors``' split.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractYear

from cofinancing import selectors as money_selectors
from cofinancing.models import TimeEntry
from core.workdays import AMSTERDAM
from experts.models import Expert
from organisations.models import Organisation
from reports.models import SatisfactionResponse
from requests_app import selectors_experts
from requests_app.models import AdviceRequest, Assignment

ZERO = Decimal("0")
LATER = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class OrganisationYear:
    year: int
    led: int  # requests submitted as lead organisation
    partnered: int  # requests submitted with the organisation as partner
    hours: Decimal  # hours logged on the requests it led
    requester_part: Decimal  # what the organisation co-finances of those hours
    programme_part: Decimal


@dataclass(frozen=True)
class OrganisationFigures:
    organisation: Organisation
    years: list[OrganisationYear]

    @property
    def totals(self) -> OrganisationYear | None:
        if not self.years:
            return None
        return OrganisationYear(
            year=0,
            led=sum(y.led for y in self.years),
            partnered=sum(y.partnered for y in self.years),
            hours=sum((y.hours for y in self.years), ZERO),
            requester_part=sum((y.requester_part for y in self.years), ZERO),
            programme_part=sum((y.programme_part for y in self.years), ZERO),
        )


def _per_year(requests) -> dict[int, int]:
    return dict(
        requests.filter(submitted_at__isnull=False)
        .annotate(year=ExtractYear("submitted_at", tzinfo=AMSTERDAM))
        .values_list("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("year")
    )


def organisation_figures(organisation: Organisation) -> OrganisationFigures:
    """Four queries: requests led and partnered per year, the agreements, the hours split."""
    led = _per_year(AdviceRequest.objects.filter(lead_organisation=organisation))
    partnered = _per_year(AdviceRequest.objects.filter(partners=organisation))
    by_month = money_selectors.spending(
        AdviceRequest.objects.filter(lead_organisation=organisation),
        money_selectors.MonthKey("day"),
        before=LATER,
    )
    money: dict[int, list] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for month, spent in by_month.items():
        into = money[int(month[:4])]
        into[0] += spent.hours
        into[1] += spent.requester
        into[2] += spent.programme
    years = sorted(set(led) | set(partnered) | set(money))
    return OrganisationFigures(
        organisation,
        [
            OrganisationYear(
                year, led.get(year, 0), partnered.get(year, 0), *money.get(year, (ZERO,) * 3)
            )
            for year in years
        ],
    )


@dataclass(frozen=True)
class ExpertYear:
    year: int
    hours: Decimal
    requests: int  # requests they logged hours on


@dataclass(frozen=True)
class LedScore:
    reference: str
    title: str
    score: int
    answered_at: dt.datetime


@dataclass(frozen=True)
class ExpertFigures:
    expert: Expert
    years: list[ExpertYear]
    load: selectors_experts.ExpertLoad
    scores: list[LedScore]

    @property
    def average_score(self) -> Decimal | None:
        if not self.scores:
            return None
        return Decimal(sum(s.score for s in self.scores)) / len(self.scores)


def expert_figures(expert: Expert) -> ExpertFigures:
    """Three queries: hours and requests per year, the coming weeks' load, the scores."""
    years = (
        TimeEntry.objects.filter(expert=expert)
        .annotate(year=ExtractYear("day"))
        .values_list("year")
        .annotate(
            centihours=money_selectors.sum_of_centihours(), n=Count("request_id", distinct=True)
        )
        .order_by("year")
    )
    scores = [
        LedScore(reference or "", title, score, answered)
        for reference, title, score, answered in SatisfactionResponse.objects.filter(
            score__isnull=False,
            request__in=Assignment.objects.filter(
                expert=expert, role=Assignment.Role.LEAD, status=Assignment.Status.ACCEPTED
            ).values("request_id"),
        )
        .values_list("request__reference", "request__title", "score", "answered_at")
        .order_by("-answered_at", "pk")
    ]
    return ExpertFigures(
        expert=expert,
        years=[ExpertYear(year, Decimal(c).scaleb(-2), n) for year, c, n in years],
        load=selectors_experts.home_load(expert),
        scores=scores,
    )
