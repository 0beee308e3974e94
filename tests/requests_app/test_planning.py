import itertools
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from experts.models import Theme
from requests_app import planning
from requests_app.models import Assignment
from tests.factories import ConflictOfInterestFactory, accept_request, file_request, skilled_expert


def brute_force(score: np.ndarray, eligible: np.ndarray, slots: np.ndarray) -> float:
    """The best total over every way to give each request one expert or none."""
    n_req, n_exp = score.shape
    best = 0.0
    for choice in itertools.product([None, *range(n_exp)], repeat=n_req):
        used = np.zeros(n_exp, dtype=int)
        total = 0.0
        for r, e in enumerate(choice):
            if e is None:
                continue
            if not eligible[r, e]:
                break
            used[e] += 1
            total += score[r, e]
        else:
            if (used <= slots).all():
                best = max(best, total)
    return best


@st.composite
def instances(draw):
    n_req = draw(st.integers(1, 5))
    n_exp = draw(st.integers(1, 3))
    score = np.array(
        draw(st.lists(st.integers(1, 100), min_size=n_req * n_exp, max_size=n_req * n_exp)),
        dtype=float,
    ).reshape(n_req, n_exp)
    eligible = np.array(
        draw(st.lists(st.booleans(), min_size=n_req * n_exp, max_size=n_req * n_exp))
    ).reshape(n_req, n_exp)
    slots = np.array(draw(st.lists(st.integers(0, 2), min_size=n_exp, max_size=n_exp)))
    return score, eligible, slots


@settings(max_examples=150, deadline=None)
@given(instances())
def test_the_plan_equals_the_brute_force_optimum(instance):
    score, eligible, slots = instance
    plan = planning.solve(score, eligible, slots)
    used = np.bincount(list(plan.values()), minlength=len(slots)) if plan else np.zeros(0)
    assert all(eligible[r, e] for r, e in plan.items())
    assert (used <= slots[: len(used)]).all()
    total = sum(score[r, e] for r, e in plan.items())
    assert total == pytest.approx(brute_force(score, eligible, slots))
    assert planning.solve(score, eligible, slots) == plan  # deterministic


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_a_backlog_is_planned_and_what_cannot_be_covered_says_why(
    requester, weer_thuis, coordinator_weer_thuis, veenendaal
):
    def accepted(*slugs):
        request = file_request(
            requester=requester, team=weer_thuis, themes=list(Theme.objects.filter(slug__in=slugs))
        )
        return accept_request(request, coordinator_weer_thuis)

    housing_first = accepted("housing-first")
    outflow = accepted("uitstroom")
    nobody = accepted("monitoring")
    conflicted_only = accepted("dakloosheid")
    # 10 h/week: three default assignments (40 h over 12 weeks = 3.34 h/week each)
    star = skilled_expert(
        teams=[weer_thuis], skills={"housing-first": 3, "uitstroom": 3}, capacity="10"
    )
    shy = skilled_expert(teams=[weer_thuis], skills={"dakloosheid": 3})
    ConflictOfInterestFactory(expert=shy, organisation=veenendaal)

    plan = planning.compute_plan()
    by_request = {item.request.pk: item for item in plan.items}
    assert by_request[housing_first.pk].expert == star
    assert by_request[outflow.pk].expert == star
    assert by_request[nobody.pk].unplanned_reason == (
        "No active expert has any of the requested themes."
    )
    assert by_request[conflicted_only.pk].unplanned_reason.startswith(
        "Every expert with these themes has a conflict of interest"
    )
    assert plan.total_score == pytest.approx(
        by_request[housing_first.pk].score + by_request[outflow.pk].score
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_applying_a_plan_assigns_leads_with_the_same_rules(
    requester, weer_thuis, coordinator_weer_thuis
):
    from requests_app.services.planning import apply_plan

    for _ in range(3):
        accept_request(file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis)
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="7")
    plan = planning.compute_plan()
    assert len(plan.planned) == 2  # 7 h/week holds two default assignments
    assert len(plan.unplanned) == 1
    # Meanwhile 4 of the 7 hours are taken by hand: applying re-checks, it never overbooks.
    elsewhere = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    today = elsewhere.decided_at.date()
    Assignment.objects.create(
        request=elsewhere,
        expert=expert,
        status="accepted",
        assigned_by=coordinator_weer_thuis,
        period_start=today,
        period_end=today.replace(year=today.year + 1),
        hours_per_week=Decimal("4"),
    )
    result = apply_plan(
        actor=coordinator_weer_thuis,
        pairs=[(item.request.pk, item.expert.pk) for item in plan.planned],
    )
    assert result.assigned == []
    assert [why for _, _, why in result.skipped] == [
        f"{expert} has 3.00 hours per week free in this period; this assignment needs 3.34."
    ] * 2
    # With the hand-made assignment released, the same plan applies in full.
    Assignment.objects.filter(request=elsewhere).update(status="released")
    result = apply_plan(
        actor=coordinator_weer_thuis,
        pairs=[(item.request.pk, item.expert.pk) for item in plan.planned],
    )
    assert [a.role for a in result.assigned] == ["lead", "lead"]
    assert result.skipped == []
