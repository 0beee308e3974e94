"""The batch plan: a lead expert for every accepted, unassigned request at once (DESIGN §6).

Maximises the total match score under capacity and conflict constraints with SciPy's
``linear_sum_assignment`` (the Hungarian method): every expert contributes as many columns as
requests they can still take (their free hours per week over the planning horizon divided by
the load of a default assignment); a pair that fails a hard filter costs the same as leaving
the request unplanned (see ``cost_matrix``). The result is the optimum of that model — the
test compares it with brute force — and it is deterministic.

Computing a plan writes nothing; ``requests_app.services.planning.apply_plan`` assigns through
the same service as a single assignment, so applying can never overbook anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from scipy.optimize import linear_sum_assignment

from experts.models import Expert
from requests_app import capacity, matching
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Assignment
from requests_app.permissions import can_assign

MAX_SLOTS_PER_EXPERT = 10  # bounds the matrix; nobody leads more than ten requests at once


def unassigned_requests() -> QuerySet[AdviceRequest]:
    active = Assignment.objects.filter(request_id=OuterRef("pk"), status__in=Assignment.ACTIVE)
    return (
        AdviceRequest.objects.filter(status=Status.ACCEPTED)
        .exclude(Exists(active))
        .select_related("team", "lead_organisation")
        .prefetch_related("themes", "partners")
        .order_by("decided_at", "id")
    )


def plannable_requests(user: Any) -> list[AdviceRequest]:
    """Accepted requests without an active assignment that ``user`` coordinates (all for an
    admin), oldest decision first: what the page and the API plan for."""
    return [item for item in unassigned_requests() if can_assign(user, item)]


@dataclass
class PlannedItem:
    request: AdviceRequest
    expert: Expert | None
    score: float | None
    reasons: list[dict[str, Any]] = field(default_factory=list)
    unplanned_reason: str = ""
    # What applying the pair books: the default budget over the request's period.
    hours_budget: Decimal | None = None
    hours_per_week: Decimal | None = None
    period: capacity.Period | None = None


@dataclass
class Plan:
    items: list[PlannedItem]
    total_score: float

    @property
    def planned(self) -> list[PlannedItem]:
        return [item for item in self.items if item.expert is not None]

    @property
    def unplanned(self) -> list[PlannedItem]:
        return [item for item in self.items if item.expert is None]


def slots(pool: matching.ExpertPool, scores: matching.Scores) -> np.ndarray:
    """How many more default assignments each expert can take over the horizon."""
    standard = float(capacity.default_hours()) / capacity.default_weeks()
    free = scores.free.min(axis=0) if len(scores.specs) else pool.capacity
    return np.clip(np.floor((free + 1e-9) / standard), 0, MAX_SLOTS_PER_EXPERT).astype(int)


def cost_matrix(
    score: np.ndarray, eligible: np.ndarray, expert_slots: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Requests x expert slots, and the expert of each slot column.

    An eligible pair costs minus its score, any other pair 0 — the same as leaving the request
    unplanned, because such a pair is dropped from the plan. Scores are positive, so the
    minimum cost is the maximum total score over every plan that respects the slots (a
    matching that covers all rows or all columns loses nothing: each plan of eligible pairs
    extends to one at no cost).
    """
    columns = np.repeat(np.arange(len(expert_slots)), expert_slots)
    per_expert = np.where(eligible, -score, np.float32(0)).astype(np.float64)
    return np.take(per_expert, columns, axis=1), columns


def solve(score: np.ndarray, eligible: np.ndarray, expert_slots: np.ndarray) -> dict[int, int]:
    """Request row -> expert column of the optimal plan (rows left open are absent)."""
    if score.size == 0 or not expert_slots.any():
        return {}
    cost, columns = cost_matrix(score, eligible, expert_slots)
    rows, cols = linear_sum_assignment(cost)
    experts = columns[cols]
    kept = eligible[rows, experts]  # a pair it had to fill with a zero cost is no plan
    return dict(zip(rows[kept].tolist(), experts[kept].tolist(), strict=True))


def compute_plan(
    requests: list[AdviceRequest] | None = None, *, pool: matching.ExpertPool | None = None
) -> Plan:
    requests = list(unassigned_requests()) if requests is None else requests
    if not requests:
        return Plan(items=[], total_score=0.0)
    pool = pool or matching.load_pool()
    specs = [matching.spec_for(request) for request in requests]
    scores = matching.score(pool, specs, per_request_capacity=False)
    chosen = solve(scores.score, scores.eligible, slots(pool, scores))
    names = matching.organisation_names({o for s in specs for o in s.organisation_ids})
    budget = capacity.default_hours()  # what ``services.planning.apply_plan`` assigns
    items = []
    for r, request in enumerate(requests):
        e = chosen.get(r)
        if e is None:
            items.append(
                PlannedItem(request, None, None, unplanned_reason=unplanned_reason(scores, r))
            )
        else:
            period = capacity.request_period(request.desired_start, request.desired_end)
            items.append(
                PlannedItem(
                    request,
                    pool.experts[e],
                    round(float(scores.score[r, e]), 3),
                    matching.reasons_for(pool, scores, r, e, names),
                    hours_budget=budget,
                    hours_per_week=capacity.weekly_load(budget, period),
                    period=period,
                )
            )
    total = float(sum(item.score for item in items if item.score is not None))
    return Plan(items=items, total_score=round(total, 3))


def unplanned_reason(scores: matching.Scores, r: int) -> str:
    """Why request ``r`` stays open, in plain words; never a bare "no solution"."""
    covers = scores.covered[r] > 0
    if not covers.any():
        return _("No active expert has any of the requested themes.")
    possible = covers & ~scores.no_team[r]
    if not possible.any():
        return _("Only experts of a team these themes are not the business of cover them.")
    free_of_conflict = possible & ~scores.conflict[r]
    if not free_of_conflict.any():
        return _(
            "Every expert with these themes has a conflict of interest with an "
            "organisation of the request."
        )
    present = free_of_conflict & ~scores.too_absent[r]
    if not present.any():
        return _("Every expert with these themes is absent for most of the period.")
    if not (present & ~scores.no_capacity[r]).any():
        return _("Every expert with these themes has no capacity left in the period.")
    return _("The experts who fit are planned for requests where they score higher.")
