"""Changing an assignment's hour budget after assigning: the same capacity check as assigning,
under the same locks (the request, then the expert), so two changes at once never overbook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import Conflict
from core.workdays import AMSTERDAM
from requests_app.models import Assignment, Event
from requests_app.services import assignments, lifecycle
from tests.concurrency import at_once
from tests.factories import accept_request, file_request, skilled_expert

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def accepted(requester, weer_thuis, coordinator_weer_thuis):
    return accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )


def _assign(request, expert, coordinator, hours: str) -> Assignment:
    return assignments.assign_expert(
        actor=coordinator,
        request_id=request.pk,
        expert_id=expert.pk,
        hours_budget=Decimal(hours),
    )


def test_the_budget_and_the_weekly_load_change_and_the_timeline_says_so_internally(
    accepted, weer_thuis, coordinator_weer_thuis
):
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="8")
    assignment = _assign(accepted, expert, coordinator_weer_thuis, "24")  # 2 h/week, 12 weeks
    changed = assignments.change_assignment_hours(
        actor=coordinator_weer_thuis,
        assignment_id=assignment.pk,
        hours_budget=Decimal("60"),
        note="Meer gesprekken nodig",
    )
    assert (changed.hours_budget, changed.hours_per_week) == (Decimal("60"), Decimal("5.00"))
    assert (changed.period_start, changed.period_end) == (
        assignment.period_start,
        assignment.period_end,
    )
    event = Event.objects.get(request=accepted, action="request.expert_hours_changed")
    assert (event.internal, event.internal_note, event.data) == (
        True,
        "Meer gesprekken nodig",
        {"expert": str(expert), "from": "24.00", "to": "60"},
    )


def test_a_budget_that_does_not_fit_is_refused_with_the_free_hours_and_nothing_changes(
    requester, accepted, weer_thuis, coordinator_weer_thuis
):
    """8 h a week: 2 + 4 taken. Raising the first to 5 h/week needs 5 of the 4 left after the
    other one (its own 2 h are replaced, not added)."""
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="8")
    first = _assign(accepted, expert, coordinator_weer_thuis, "24")
    other = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    _assign(other, expert, coordinator_weer_thuis, "48")
    assert assignments.change_assignment_hours(
        actor=coordinator_weer_thuis, assignment_id=first.pk, hours_budget=Decimal("48")
    ).hours_per_week == Decimal("4.00")  # 4 of the 4 left: fits exactly
    with pytest.raises(Conflict) as refused:
        assignments.change_assignment_hours(
            actor=coordinator_weer_thuis, assignment_id=first.pk, hours_budget=Decimal("60")
        )
    assert refused.value.message == (
        f"{expert} has 4.00 hours per week free in this period; this assignment needs 5.00."
    )
    assert Assignment.objects.get(pk=first.pk).hours_budget == Decimal("48")


def test_refusals_name_the_rule(accepted, weer_thuis, coordinator_weer_thuis, requester, expert):
    sanne = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    assignment = _assign(accepted, sanne, coordinator_weer_thuis, "24")
    with pytest.raises(ValidationError) as zero:
        assignments.change_assignment_hours(
            actor=coordinator_weer_thuis, assignment_id=assignment.pk, hours_budget=Decimal("0")
        )
    assert zero.value.message_dict == {
        "hours_budget": ["Give the expert a budget of more than 0 hours."]
    }
    for outsider in (requester, expert):
        with pytest.raises(PermissionDenied):
            assignments.change_assignment_hours(
                actor=outsider, assignment_id=assignment.pk, hours_budget=Decimal("8")
            )
    assignments.decline_assignment(actor=sanne.user, assignment_id=assignment.pk, reason="Nee")
    with pytest.raises(Conflict) as declined:
        assignments.change_assignment_hours(
            actor=coordinator_weer_thuis, assignment_id=assignment.pk, hours_budget=Decimal("8")
        )
    assert declined.value.message == (
        "Only a proposed or accepted assignment can get other hours (this one is declined)."
    )
    lifecycle.transition(
        actor=requester, request_id=accepted.pk, action="withdraw", note="Niet meer nodig"
    )
    other = _assign_on_new(requester, weer_thuis, coordinator_weer_thuis, sanne)
    lifecycle.transition(actor=requester, request_id=other.request_id, action="withdraw")
    with pytest.raises(Conflict, match="while the request is accepted or in progress"):
        assignments.change_assignment_hours(
            actor=coordinator_weer_thuis, assignment_id=other.pk, hours_budget=Decimal("8")
        )


def _assign_on_new(requester, team, coordinator, expert) -> Assignment:
    request = accept_request(file_request(requester=requester, team=team), coordinator)
    return _assign(request, expert, coordinator, "12")


def test_weeks_already_past_do_not_count_against_a_new_budget(
    time_machine, requester, weer_thuis, coordinator_weer_thuis
):
    """March was busy (7 of 8 h a week elsewhere); in April only the weeks still to come are
    weighed, so the spring assignment can take all 8 h a week from now on."""
    time_machine.move_to(dt.datetime(2026, 3, 4, 10, 0, tzinfo=AMSTERDAM), tick=False)
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="8")
    march = file_request(
        requester=requester,
        team=weer_thuis,
        desired_start=dt.date(2026, 3, 4),
        desired_end=dt.date(2026, 3, 31),
    )
    busy = _assign(
        accept_request(march, coordinator_weer_thuis), expert, coordinator_weer_thuis, "28"
    )
    spring = accept_request(
        file_request(
            requester=requester,
            team=weer_thuis,
            desired_start=dt.date(2026, 3, 4),
            desired_end=dt.date(2026, 5, 26),
        ),
        coordinator_weer_thuis,
    )
    later = _assign(spring, expert, coordinator_weer_thuis, "12")  # 1 h/week, 12 weeks
    assert busy.hours_per_week == Decimal("7.00")  # with the spring one, March is full
    time_machine.move_to(dt.datetime(2026, 4, 8, 10, 0, tzinfo=AMSTERDAM), tick=False)
    changed = assignments.change_assignment_hours(
        actor=coordinator_weer_thuis, assignment_id=later.pk, hours_budget=Decimal("96")
    )
    assert changed.hours_per_week == Decimal("8.00")


ROUNDS = 12


@pytest.mark.django_db(transaction=True)
def test_two_budgets_raised_at_once_never_overbook(
    requester, weer_thuis, coordinator_weer_thuis, admin_user
):
    """8 h a week, two assignments of 2 h/week. Raising each to 5 h/week fits alone, not both:
    the expert's lock makes the second change see the first. Without it PostgreSQL lets both
    read the old 2 h and both pass."""
    for _ in range(ROUNDS):
        expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="8")
        pair = [
            _assign_on_new(requester, weer_thuis, coordinator_weer_thuis, expert) for _ in range(2)
        ]
        for assignment in pair:
            assignments.change_assignment_hours(
                actor=coordinator_weer_thuis,
                assignment_id=assignment.pk,
                hours_budget=Decimal("24"),
            )
        results = at_once(
            *(
                lambda actor=actor, assignment=assignment: assignments.change_assignment_hours(
                    actor=actor, assignment_id=assignment.pk, hours_budget=Decimal("60")
                )
                for actor, assignment in zip(
                    (coordinator_weer_thuis, admin_user), pair, strict=True
                )
            )
        )
        assert sum(isinstance(result, Assignment) for result in results) == 1, results
        assert sum(isinstance(result, Conflict) for result in results) == 1, results
        loads = Assignment.objects.filter(expert=expert).values_list("hours_per_week", flat=True)
        assert sorted(loads) == [Decimal("2.00"), Decimal("5.00")]


@pytest.mark.django_db(transaction=True)
def test_a_budget_raised_while_the_expert_is_assigned_elsewhere_never_overbooks(
    requester, weer_thuis, coordinator_weer_thuis, admin_user
):
    """Changing hours and assigning take the same expert lock: one of them waits and sees the
    other's hours."""
    for _ in range(ROUNDS):
        expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="8")
        first = _assign_on_new(requester, weer_thuis, coordinator_weer_thuis, expert)  # 1 h
        fresh = accept_request(
            file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
        )
        results = at_once(
            lambda first=first: assignments.change_assignment_hours(
                actor=coordinator_weer_thuis, assignment_id=first.pk, hours_budget=Decimal("60")
            ),
            lambda fresh=fresh, expert=expert: assignments.assign_expert(
                actor=admin_user,
                request_id=fresh.pk,
                expert_id=expert.pk,
                hours_budget=Decimal("48"),
            ),
        )
        assert sum(isinstance(result, Assignment) for result in results) == 1, results
        assert sum(isinstance(result, Conflict) for result in results) == 1, results
        total = sum(
            Assignment.objects.filter(expert=expert, status__in=Assignment.ACTIVE).values_list(
                "hours_per_week", flat=True
            )
        )
        assert total <= Decimal("8")
