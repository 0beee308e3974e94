"""Rules two coordinators (or a coordinator and a requester) can break at the same moment:
one lead per request, and no assignment landing on a request that is being withdrawn. Real
threads on the real database (SQLite and PostgreSQL in CI)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, connections, transaction

from core.exceptions import Conflict, IllegalTransition
from requests_app.models import Assignment, Event
from requests_app.services import assignments, lifecycle
from tests.factories import accept_request, file_request, skilled_expert

ROUNDS = 12


def _at_once(*jobs) -> list[object]:
    """Run the jobs in threads released together; each one's result or exception."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except BaseException as problem:  # kept: the test reads it
            results[index] = problem
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


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
        results = _at_once(
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
        results = _at_once(
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
