"""Putting experts on requests, without ever overbooking anyone (DESIGN §6).

``assign_expert`` locks the expert's row before it reads their load, so two coordinators
assigning the same expert at the same moment are served one after the other: the second sees
the first's hours and is refused when they no longer fit (PostgreSQL: SELECT … FOR UPDATE;
SQLite: the write lock that BEGIN IMMEDIATE takes).
"""

from __future__ import annotations

from decimal import Decimal

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_admin, require
from core.exceptions import Conflict
from core.workdays import local_date
from experts.models import Expert
from experts.permissions import expert_id
from requests_app import capacity, matching
from requests_app.enums import ASSIGNABLE
from requests_app.models import AdviceRequest, Assignment
from requests_app.permissions import can_assign
from requests_app.services import notifications
from requests_app.services.audit import record_event

SIGNED_LINK_SALT = "expertdesk.assignment-answer"
SIGNED_LINK_MAX_AGE = 60 * 60 * 24 * 30  # a month


def commitments_of(expert: Expert, *, leaving_out: int | None = None) -> list[capacity.Commitment]:
    rows = (
        Assignment.objects.filter(expert=expert, status__in=Assignment.ACTIVE)
        .exclude(pk=leaving_out)
        .values_list("period_start", "period_end", "hours_per_week")
    )
    return [capacity.Commitment(capacity.Period(start, end), hours) for start, end, hours in rows]


def assign_expert(
    *,
    actor: User,
    request_id: int,
    expert_id: int,
    role: str = Assignment.Role.MEMBER,
    hours_budget: Decimal | None = None,
    note: str = "",
    pool: matching.ExpertPool | None = None,
) -> Assignment:
    """Propose ``expert`` for a request with an hour budget.

    Refuses (Conflict → 409) an inactive or conflicted expert, a second active assignment of
    the same expert, a second lead, and any budget that would push one week of the expert's
    load above their capacity. Side effects: a ``request.expert_assigned`` event, a mail to
    the expert with signed accept/decline links.
    """
    hours = _budget(hours_budget)
    if role not in Assignment.Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    request = (
        AdviceRequest.objects.select_related("team", "lead_organisation")
        .prefetch_related("themes", "partners")
        .get(pk=request_id)
    )
    require(can_assign(actor, request))
    if request.status not in ASSIGNABLE:
        raise Conflict(_("Experts can be assigned once the request is accepted."))
    score, reasons = _score(request, expert_id, pool)
    period = capacity.request_period(request.desired_start, request.desired_end)
    load = capacity.weekly_load(hours, period)
    with transaction.atomic():
        # The request first (its lead and its status are the rules about it; a close or a
        # withdrawal takes the same lock), then the expert (their capacity): always this order.
        status = (
            AdviceRequest.objects.select_for_update(of=("self",))
            .values_list("status", flat=True)
            .get(pk=request_id)
        )
        if status not in ASSIGNABLE:
            raise Conflict(_("Experts can be assigned once the request is accepted."))
        expert = _locked_expert(expert_id)
        _check_assignable(request, expert, role)
        _check_capacity(expert, period, load)
        try:
            with transaction.atomic():  # a savepoint: the constraint's "no" becomes a Conflict
                assignment = Assignment.objects.create(
                    request=request,
                    expert=expert,
                    role=role,
                    hours_budget=hours,
                    period_start=period.start,
                    period_end=period.end,
                    hours_per_week=load,
                    match_score=score,
                    match_reasons=reasons,
                    assigned_by=actor,
                )
        except IntegrityError:
            # Someone else got there first (the lock makes this rare): say what was taken.
            if role == Assignment.Role.LEAD:
                raise Conflict(_("This request already has a lead expert.")) from None
            raise Conflict(_("%s is already on this request.") % expert) from None
        record_event(
            request=request,
            actor=actor,
            action="request.expert_assigned",
            internal_note=note,
            data={
                "expert": str(expert),
                "role": role,
                "hours": str(hours),
                "score": str(score) if score is not None else None,
            },
        )
        notifications.expert_assigned(assignment=assignment, actor=actor)
    return assignment


def _locked_expert(expert_id: int) -> Expert:
    """The expert, their row locked until the caller's transaction ends: whoever reads their
    load to add to it holds this lock, so two bookings are weighed one after the other."""
    return Expert.objects.select_for_update().select_related("user").get(pk=expert_id)


def _check_capacity(
    expert: Expert, period: capacity.Period, load: Decimal, *, leaving_out: int | None = None
) -> None:
    """Refuse ``load`` hours per week in ``period`` when a week of it has less free; the caller
    holds the expert's lock. ``leaving_out``: the assignment whose own hours are being
    replaced."""
    commitments = commitments_of(expert, leaving_out=leaving_out)
    free = capacity.free_hours(expert.weekly_capacity_hours, commitments, period)
    if load > free:
        raise Conflict(
            _(
                "%(expert)s has %(free)s hours per week free in this period; this assignment "
                "needs %(load)s."
            )
            % {
                "expert": expert,
                "free": number_format(max(free, 0), 2),  # 3,00 in Dutch
                "load": number_format(load, 2),
            }
        )


def change_assignment_hours(
    *, actor: User, assignment_id: int, hours_budget: Decimal, note: str = ""
) -> Assignment:
    """Give a proposed or accepted assignment another hour budget, over the same period.

    The same rules as assigning: the coordinators of the request (and admins), while the
    request takes experts, and never past the expert's capacity in any week still to come —
    checked under the same locks in the same order (the request, then the expert). The
    budget's share of weeks already past counts as before. Side effects: an internal
    ``request.expert_hours_changed`` event, a mail to the expert (unless they made the change
    themselves).
    """
    hours = _budget(hours_budget)
    ids = Assignment.objects.filter(pk=assignment_id).values_list("request_id", "expert_id").first()
    if ids is None:
        raise ValidationError({"assignment": _("Unknown assignment.")})
    request_id, expert_id_ = ids
    with transaction.atomic():
        request = (
            AdviceRequest.objects.select_for_update(of=("self",))
            .select_related("team")
            .get(pk=request_id)
        )
        require(can_assign(actor, request))
        if request.status not in ASSIGNABLE:
            raise Conflict(_("The hours can change while the request is accepted or in progress."))
        expert = _locked_expert(expert_id_)
        assignment = _locked(assignment_id)  # answered or released meanwhile?
        if assignment.status not in Assignment.ACTIVE:
            raise Conflict(
                _("Only a proposed or accepted assignment can get other hours (this one is %s).")
                % assignment.get_status_display().lower()
            )
        previous = assignment.hours_budget
        if hours == previous:
            return assignment
        period = capacity.Period(assignment.period_start, assignment.period_end)
        load = capacity.weekly_load(hours, period)
        today = local_date(timezone.now())
        if period.end >= today:
            ahead = capacity.Period(max(period.start, today), period.end)
            _check_capacity(expert, ahead, load, leaving_out=assignment.pk)
        assignment.hours_budget = hours
        assignment.hours_per_week = load
        assignment.save(update_fields=["hours_budget", "hours_per_week"])
        record_event(
            request=request,
            actor=actor,
            action="request.expert_hours_changed",
            internal=True,  # budgets are internal (DESIGN §9)
            internal_note=note,
            data={"expert": str(expert), "from": str(previous), "to": str(hours)},
        )
        notifications.assignment_hours_changed(assignment=assignment, actor=actor)
    return assignment


def _budget(hours_budget: Decimal | None) -> Decimal:
    hours = Decimal(hours_budget if hours_budget is not None else capacity.default_hours())
    if hours <= 0:
        raise ValidationError({"hours_budget": _("Give the expert a budget of more than 0 hours.")})
    return hours


def _score(
    request: AdviceRequest, expert_id: int, pool: matching.ExpertPool | None
) -> tuple[Decimal | None, list[dict]]:
    expert = Expert.objects.filter(pk=expert_id).first()
    if expert is None:
        raise ValidationError({"expert": _("Unknown expert.")})
    return matching.score_one(request, expert, pool=pool)


def _check_assignable(request: AdviceRequest, expert: Expert, role: str) -> None:
    if not expert.active:
        raise Conflict(_("%s is not an active expert.") % expert)
    orgs = [request.lead_organisation_id, *(org.id for org in request.partners.all())]
    if expert.conflicts_of_interest.filter(organisation_id__in=orgs).exists():
        raise Conflict(
            _("%s declared a conflict of interest with an organisation of this request.") % expert
        )
    active = Assignment.objects.filter(request=request, status__in=Assignment.ACTIVE)
    if active.filter(expert=expert).exists():
        raise Conflict(_("%s is already on this request.") % expert)
    if role == Assignment.Role.LEAD and active.filter(role=Assignment.Role.LEAD).exists():
        raise Conflict(_("This request already has a lead expert."))


def _locked(assignment_id: int) -> Assignment:
    """The assignment, its row locked until the caller's transaction ends."""
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("request", "expert__user")
        .get(pk=assignment_id)
    )


def _answerable(actor: User, assignment: Assignment) -> None:
    if expert_id(actor) != assignment.expert_id and not is_admin(actor):
        raise PermissionDenied
    if assignment.status != Assignment.Status.PROPOSED:
        raise Conflict(
            _("This assignment was already answered (%s).") % assignment.get_status_display()
        )


def accept_assignment(*, actor: User, assignment_id: int) -> Assignment:
    """The expert accepts. Side effects: an event, a mail to the request's coordinators."""
    with transaction.atomic():
        assignment = _locked(assignment_id)
        _answerable(actor, assignment)
        assignment.status = Assignment.Status.ACCEPTED
        assignment.decided_at = timezone.now()
        assignment.save(update_fields=["status", "decided_at"])
        record_event(
            request=assignment.request,
            actor=actor,
            action="request.expert_accepted",
            data={"expert": str(assignment.expert)},
        )
        notifications.assignment_answered(assignment=assignment, actor=actor)
    return assignment


def decline_assignment(*, actor: User, assignment_id: int, reason: str) -> Assignment:
    """The expert declines, with a reason. Frees the hours at once."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the coordinator why you decline.")})
    with transaction.atomic():
        assignment = _locked(assignment_id)
        _answerable(actor, assignment)
        assignment.status = Assignment.Status.DECLINED
        assignment.decided_at = timezone.now()
        assignment.decline_reason = reason
        assignment.save(update_fields=["status", "decided_at", "decline_reason"])
        record_event(
            request=assignment.request,
            actor=actor,
            action="request.expert_declined",
            internal_note=reason,  # for the coordinator: it may name a conflict of interest
            data={"expert": str(assignment.expert)},
        )
        notifications.assignment_answered(assignment=assignment, actor=actor)
    return assignment


def release_assignment(*, actor: User, assignment_id: int, note: str = "") -> Assignment:
    """The coordinator takes an expert off a request (the hours become free again)."""
    with transaction.atomic():
        assignment = _locked(assignment_id)
        require(can_assign(actor, assignment.request))
        if assignment.status not in Assignment.ACTIVE:
            raise Conflict(_("Only a proposed or accepted assignment can be released."))
        assignment.status = Assignment.Status.RELEASED
        assignment.decided_at = timezone.now()
        assignment.save(update_fields=["status", "decided_at"])
        record_event(
            request=assignment.request,
            actor=actor,
            action="request.expert_released",
            internal_note=note,
            data={"expert": str(assignment.expert)},
        )
        notifications.expert_released(assignment=assignment, actor=actor)
    return assignment


# --- signed links in the assignment mail ----------------------------------------------------------


def answer_token(assignment: Assignment) -> str:
    """A token that lets the assigned expert answer without signing in first."""
    return signing.dumps({"a": assignment.pk, "e": assignment.expert_id}, salt=SIGNED_LINK_SALT)


def assignment_from_token(token: str) -> Assignment:
    """The assignment a mail link is about; ValidationError for a forged or expired link."""
    try:
        data = signing.loads(token, salt=SIGNED_LINK_SALT, max_age=SIGNED_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired; answer from your expert page.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    assignment = (
        Assignment.objects.select_related(
            "request__lead_organisation", "expert__user", "assigned_by"
        )
        .prefetch_related("request__themes", "request__partners", "request__attachments")
        .filter(pk=data.get("a"), expert_id=data.get("e"))
        .first()
    )
    if assignment is None:
        raise ValidationError(_("This link is not valid."))
    return assignment
