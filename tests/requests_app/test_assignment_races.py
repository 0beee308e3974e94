"""Rules two coordinators (or a coordinator and a requester) can break at the same moment:
one lead per request, and no assignment landing on a request that is being withdrawn. Real
threads on the real database (SQLite and PostgreSQL in CI)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from core.exceptions import Conflict, IllegalTransition
from requests_app.models import Assignment, Event
from requests_app.services import assignments, lifecycle
from tests.concurrency import at_once
from tests.factories import accept_request, file_request, skilled_expert

ROUNDS = 12


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_assigning_two_leads_at_once_leave_one(
    requester, weer_thuis, coordinator_weer_thuis, admin_user
):
    """The request lock and the constraint assignment_one_active_lead each stop the twin."""
    experts = [skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}) for _ in range(2)]
    for _ in range(ROUNDS):
        request = accept_request(
            file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
        )
        results = at_once(
            *(
                lambda actor=actor, expert=expert, request=request: assignments.assign_expert(
                    actor=actor,
                    request_id=request.pk,
                    expert_id=expert.pk,
                    role="lead",
                    hours_budget=Decimal("4"),
                )
                for actor, expert in zip((coordinator_weer_thuis, admin_user), experts, strict=True)
            )
        )
        assert sum(isinstance(result, Assignment) for result in results) == 1
        assert sum(isinstance(result, Conflict) for result in results) == 1
        assert Assignment.objects.filter(request=request, role="lead").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_assignment_never_lands_on_a_request_withdrawn_at_that_moment(
    requester, weer_thuis, coordinator_weer_thuis
):
    """Assigning locks the request before it checks the status; without that lock PostgreSQL
    lets an assignment in after the withdrawal committed."""
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="40")
    for _ in range(ROUNDS):
        request = accept_request(
            file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
        )
        results = at_once(
            lambda request=request: assignments.assign_expert(
                actor=coordinator_weer_thuis,
                request_id=request.pk,
                expert_id=expert.pk,
                hours_budget=Decimal("1"),
            ),
            lambda request=request: lifecycle.transition(
                actor=requester, request_id=request.pk, action="withdraw"
            ),
        )
        assert not any(
            isinstance(r, BaseException) and not isinstance(r, Conflict | IllegalTransition)
            for r in results
        ), results
        order = list(
            Event.objects.filter(
                request=request, action__in=("request.expert_assigned", "request.withdrawn")
            )
            .order_by("pk")
            .values_list("action", flat=True)
        )
        assert order in (
            ["request.withdrawn"],  # the assignment came too late and was refused
            ["request.expert_assigned", "request.withdrawn"],  # assigned, then withdrawn
        ), order


@pytest.mark.django_db
def test_the_database_refuses_a_second_active_lead_written_past_the_service(
    requester, weer_thuis, coordinator_weer_thuis
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    first, second = (
        skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}) for _ in range(2)
    )
    lead = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=request.pk, expert_id=first.pk, role="lead"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            request=request,
            expert=second,
            role="lead",
            hours_budget=Decimal("4"),
            period_start=lead.period_start,
            period_end=lead.period_end,
            hours_per_week=Decimal("1"),
            assigned_by=coordinator_weer_thuis,
        )


@pytest.mark.django_db(transaction=True)
def test_two_batch_plans_applied_at_once_give_one_lead_and_overbook_nobody(
    requester, weer_thuis, coordinator_weer_thuis, admin_user
):
    """Two coordinators apply crossing plans: each request ends with one lead and each expert
    within capacity; what no longer fits is skipped with a reason, never an error."""
    from requests_app import capacity
    from requests_app.services import planning

    for _ in range(ROUNDS // 2):
        requests = [
            accept_request(
                file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
            )
            for _ in range(2)
        ]
        period = capacity.request_period(requests[0].desired_start, requests[0].desired_end)
        one_lead = capacity.weekly_load(capacity.default_hours(), period)
        # Room for one default assignment a week, not for two.
        experts = [
            skilled_expert(
                teams=[weer_thuis], skills={"anders-wonen": 3}, capacity=str(one_lead * 3 / 2)
            )
            for _ in range(2)
        ]
        (r1, r2), (e1, e2) = ((r.pk for r in requests), (e.pk for e in experts))
        plans = (
            (coordinator_weer_thuis, [(r1, e1), (r2, e2)]),
            # the same expert first on the other request: only her lock keeps her within capacity
            (admin_user, [(r2, e1), (r1, e2)]),
        )
        results = at_once(
            *(
                lambda actor=actor, pairs=pairs: planning.apply_plan(actor=actor, pairs=pairs)
                for actor, pairs in plans
            )
        )
        assert not any(isinstance(r, BaseException) for r in results), results
        assert sum(len(r.assigned) for r in results) == 2
        assert sum(len(r.skipped) for r in results) == 2
        for request in requests:
            assert Assignment.objects.filter(request=request, role="lead").count() == 1
        for expert in experts:
            assert Assignment.objects.filter(expert=expert).count() == 1
