"""Co-financing writes: offers and amendments, the requester's answer, hours and corrections,
closed months, and the 80% / 100% warnings (DESIGN §8).

Every write locks the request row first (the lock order of every service), re-checks inside
the transaction and records a timeline event; database constraints say no as well (one
agreement per request, one version number, one warning per level). Side effects: events
``agreement.*`` and ``hours.*``; outbox mail to the requester's people on an offer or
amendment, to the coordinators on an answer, and to the coordinators and the lead expert on a
warning.

Over 400 lines on purpose: every co-financing write, in the order of an agreement's life,
sharing one lock order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import require
from cofinancing import ledger, selectors
from cofinancing.models import (
    Agreement,
    AgreementVersion,
    BudgetWarning,
    ClosedPeriod,
    TeamTerms,
    TimeEntry,
)
from cofinancing.permissions import (
    can_answer_offer,
    can_close_period,
    can_log_time,
    can_manage_agreement,
)
from core.exceptions import Conflict
from core.workdays import local_date
from experts.models import Expert
from mail.services import queue_mail_to_each
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Assignment
from requests_app.services.audit import record_event
from requests_app.services.notifications import coordinators_of, others, requester_people

MAX_HOURS_A_DAY = Decimal("12")
WARNING_LEVELS = (80, 100)
# Work that has started, or is finished but not closed: late entries for past days still count.
LOGGABLE = frozenset({Status.IN_PROGRESS, Status.COMPLETED})


@dataclass(frozen=True)
class Offer:
    hours: Decimal
    hourly_rate: Decimal
    programme_hours: Decimal
    requester_share: Decimal  # 0.50 for half
    requester_cap: Decimal | None = None


def _decimal(value: object, field: str, *, places: int = 2) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", ".")) if value not in (None, "") else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError({field: _("Give a number.")})
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError({field: _("Use at most %(places)d decimals.") % {"places": places}})
    return number


def clean_offer(offer: Offer) -> Offer:
    """An offer whose every figure is in range; ValidationError with one message per field."""
    errors = {}
    checks = [
        ("hours", offer.hours, Decimal("0.25"), Decimal("10000")),
        ("hourly_rate", offer.hourly_rate, Decimal("0"), Decimal("1000")),
        ("programme_hours", offer.programme_hours, Decimal("0"), Decimal("10000")),
        ("requester_share", offer.requester_share, Decimal("0"), Decimal("1")),
    ]
    values = {}
    for field, value, low, high in checks:
        try:
            number = _decimal(value, field)
        except ValidationError as invalid:
            errors.update(invalid.message_dict)
            continue
        if not low <= number <= high:
            errors[field] = _("Give a number from %(low)s to %(high)s.") % {
                "low": low,
                "high": high,
            }
        values[field] = number
    cap = None
    if offer.requester_cap not in (None, ""):
        try:
            cap = _decimal(offer.requester_cap, "requester_cap")
            if cap < 0:
                errors["requester_cap"] = _("A cap is not negative.")
        except ValidationError as invalid:
            errors.update(invalid.message_dict)
    if errors:
        raise ValidationError(errors)
    if "hours" in values and not ledger.is_quarter_hour(values["hours"]):
        raise ValidationError({"hours": _("Agree hours in quarter hours (0.25).")})
    return Offer(**values, requester_cap=cap)


def default_offer(request: AdviceRequest) -> Offer:
    """The team's defaults, and the hours of the experts' budgets on the request."""
    terms = TeamTerms.objects.filter(team_id=request.team_id).first()
    hours = request.assignments.filter(status__in=Assignment.ACTIVE).aggregate(
        total=Coalesce(Sum("hours_budget"), Decimal("0"))
    )["total"]
    return Offer(
        hours=hours or Decimal("40"),
        hourly_rate=terms.hourly_rate if terms else Decimal("0"),
        programme_hours=terms.programme_hours if terms else Decimal("0"),
        requester_share=terms.requester_share if terms else Decimal("0"),
        requester_cap=terms.requester_cap if terms else None,
    )


def _locked(request_id: int) -> AdviceRequest:
    return AdviceRequest.objects.select_for_update().get(pk=request_id)


def _locked_agreement(request: AdviceRequest) -> Agreement | None:
    return Agreement.objects.select_for_update().filter(request=request).first()


def _url(request: AdviceRequest) -> str:
    return reverse("requests:detail", args=[request.pk])


# --- offer, amend, answer, close ----------------------------------------------------------------


def make_offer(*, actor: User, request_id: int, offer: Offer) -> Agreement:
    """Offer co-financing to the requester: the agreement's first version."""
    return _write_version(actor=actor, request_id=request_id, offer=offer, reason="")


def amend(*, actor: User, request_id: int, offer: Offer, reason: str) -> Agreement:
    """A new version of an offered, declined or accepted agreement, which the requester
    accepts again; earlier versions stay readable, and hours keep counting under the version
    in force until then."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the agreement changes.")})
    return _write_version(actor=actor, request_id=request_id, offer=offer, reason=reason)


def _write_version(*, actor: User, request_id: int, offer: Offer, reason: str) -> Agreement:
    offer = clean_offer(offer)
    with transaction.atomic():
        request = _locked(request_id)
        require(can_manage_agreement(actor, request))
        if request.status not in (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED):
            raise Conflict(_("Co-financing is agreed once a request is accepted and not closed."))
        agreement = _locked_agreement(request)
        if reason and agreement is None:
            raise Conflict(_("There is no agreement to amend yet; make an offer first."))
        if not reason and agreement is not None:
            raise Conflict(_("An offer was made already; change it with an amendment."))
        if agreement is None:
            agreement = Agreement.objects.create(request=request)
        if agreement.status == Agreement.Status.CLOSED:
            raise Conflict(_("This agreement is closed."))
        number = agreement.versions.count() + 1
        version = AgreementVersion.objects.create(
            agreement=agreement,
            number=number,
            created_by=actor,
            hours=offer.hours,
            hourly_rate=offer.hourly_rate,
            programme_hours=offer.programme_hours,
            requester_share=offer.requester_share,
            requester_cap=offer.requester_cap,
            reason=reason[:500],
        )
        agreement.status = Agreement.Status.OFFERED
        agreement.save(update_fields=["status"])
        record_event(
            request=request,
            actor=actor,
            action="agreement.amended" if reason else "agreement.offered",
            note=reason,
            data={"version": number, "hours": str(offer.hours)},
        )
        queue_mail_to_each(
            others(requester_people(request), actor.pk),
            key=f"agreement:{agreement.pk}:v{number}:offered",
            template="cofinancing/mail/offered",
            context={"advice_request": request, "version": version, "url": _url(request)},
        )
    return agreement


def answer_offer(*, actor: User, request_id: int, accept: bool) -> Agreement:
    """The requester accepts or declines the version on offer (who and when are kept)."""
    with transaction.atomic():
        request = _locked(request_id)
        require(can_answer_offer(actor, request))
        agreement = _locked_agreement(request)
        if agreement is None or agreement.status != Agreement.Status.OFFERED:
            raise Conflict(_("There is no offer waiting for an answer."))
        latest = agreement.versions.order_by("-number").first()
        now = timezone.now()
        agreement.decided_by, agreement.decided_at = actor, now
        if accept:
            agreement.status = Agreement.Status.ACCEPTED
            agreement.current = latest
            latest.accepted_at = now
            latest.save(update_fields=["accepted_at"])
        else:
            agreement.status = Agreement.Status.DECLINED
        agreement.save(update_fields=["status", "current", "decided_by", "decided_at"])
        record_event(
            request=request,
            actor=actor,
            action="agreement.accepted" if accept else "agreement.declined",
            data={"version": latest.number},
        )
        queue_mail_to_each(
            others(coordinators_of(request), actor.pk),
            key=f"agreement:{agreement.pk}:v{latest.number}:{agreement.status}",
            template="cofinancing/mail/answered",
            context={
                "advice_request": request,
                "accepted": accept,
                "version": latest,
                "url": reverse("requests:workspace", args=[request.pk]),
            },
        )
    return agreement


def close_agreement(*, actor: User, request_id: int) -> Agreement:
    with transaction.atomic():
        request = _locked(request_id)
        require(can_manage_agreement(actor, request))
        agreement = _locked_agreement(request)
        if agreement is None or agreement.status != Agreement.Status.ACCEPTED:
            raise Conflict(_("Only an accepted agreement can be closed."))
        agreement.status = Agreement.Status.CLOSED
        agreement.save(update_fields=["status"])
        record_event(request=request, actor=actor, action="agreement.closed")
        queue_mail_to_each(
            others(requester_people(request), actor.pk),
            key=f"agreement:{agreement.pk}:closed",
            template="cofinancing/mail/closed",
            context={
                "advice_request": request,
                "url": reverse("cofinancing:statement", args=[request.pk]),
            },
        )
    return agreement


# --- hours --------------------------------------------------------------------------------------


def hours_text(value: Decimal) -> str:
    """8 → "8", 7.5 → "7,50" in Dutch: hours as the reader writes them."""
    return floatformat(value, "-2")


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _closed(team_id: int | None, day: dt.date) -> bool:
    return ClosedPeriod.objects.filter(team_id=team_id, month=_month(day)).exists()


def _check_hours(hours: object, field: str = "hours") -> Decimal:
    value = _decimal(hours, field)
    if value <= 0 or not ledger.is_quarter_hour(value):
        raise ValidationError({field: _("Log time in quarter hours: 0.25, 0.5, 0.75, 1 …")})
    if value > MAX_HOURS_A_DAY:
        raise ValidationError({field: _("At most 12 hours a day.")})
    return value


def log_time(
    *, actor: User, assignment_id: int, day: dt.date, hours: object, description: str
) -> TimeEntry:
    """An expert logs time on their own assignment. Refused (400 with the field, or 409 for a
    state that forbids it): a future day, not a quarter hour, over 12 hours a day across all
    requests, not their accepted assignment, a closed month, beyond the agreed hours."""
    value = _check_hours(hours)
    description = " ".join((description or "").split())
    if not description:
        raise ValidationError({"description": _("Say briefly what you did.")})
    if len(description) > 300:
        raise ValidationError({"description": _("Keep it under 300 characters.")})
    if day > local_date(timezone.now()):
        raise ValidationError({"day": _("Time is logged for today or earlier, not ahead.")})
    assignment = Assignment.objects.select_related("request").filter(pk=assignment_id).first()
    if assignment is None:
        raise ValidationError({"assignment": _("No such assignment.")})
    require(can_log_time(actor, assignment))
    with transaction.atomic():
        request = _locked(assignment.request_id)
        # The expert's row too: the 12-hour day spans all their requests.
        Expert.objects.select_for_update().get(pk=assignment.expert_id)
        assignment.refresh_from_db()
        if assignment.status != Assignment.Status.ACCEPTED:
            raise Conflict(_("Time is logged on an assignment you accepted."))
        if request.status not in LOGGABLE:
            raise Conflict(_("Time is logged once the work has started and until it is closed."))
        if _closed(request.team_id, day):
            raise Conflict(_("That month is closed; its hours can no longer change."))
        that_day = TimeEntry.objects.filter(expert_id=assignment.expert_id, day=day).aggregate(
            total=selectors.sum_of_hours()
        )["total"] or Decimal("0")
        if that_day + value > MAX_HOURS_A_DAY:
            raise ValidationError(
                {
                    "hours": _("You already logged %(hours)s hours that day; at most 12 a day.")
                    % {"hours": hours_text(that_day)}
                }
            )
        agreement = Agreement.objects.select_related("current").filter(request=request).first()
        if agreement is not None and agreement.status == Agreement.Status.CLOSED:
            raise Conflict(_("The co-financing agreement is closed; no more hours are logged."))
        # The version in force: an amendment on offer counts once the requester accepts it.
        version = agreement.current if agreement is not None else None
        if version is None and not request.cofinancing_waived:
            raise Conflict(_("Time is logged once the co-financing agreement is accepted."))
        used = selectors.hours_used(request.pk)
        if version is not None and used + value > version.hours:
            raise Conflict(
                _(
                    "These hours would go beyond the %(agreed)s agreed hours (%(used)s used). "
                    "The coordinator can amend the agreement to raise them."
                )
                % {"agreed": hours_text(version.hours), "used": hours_text(used)}
            )
        entry = TimeEntry.objects.create(
            assignment=assignment,
            request=request,
            expert_id=assignment.expert_id,
            version=version,
            day=day,
            hours=value,
            description=description,
        )
        record_event(
            request=request,
            actor=actor,
            action="hours.logged",
            data={"hours": str(value), "day": day.isoformat()},
            internal=True,
        )
        if version is not None:
            _warn(request, version, used + value)
    return entry


def _warn(request: AdviceRequest, version: AgreementVersion, used: Decimal) -> None:
    """Warn the coordinators and the lead expert once at each level the hours reached."""
    share = used * 100 / version.hours
    for level in WARNING_LEVELS:
        if share < level:
            continue
        try:
            with transaction.atomic():  # a savepoint: the constraint says "sent already"
                BudgetWarning.objects.create(version=version, level=level)
        except IntegrityError:
            continue
        leads = [
            a.expert.user
            for a in request.assignments.filter(
                role=Assignment.Role.LEAD, status=Assignment.Status.ACCEPTED
            ).select_related("expert__user")
        ]
        people = {person.pk: person for person in [*coordinators_of(request), *leads]}
        record_event(
            request=request,
            actor=None,
            action="agreement.warning",
            data={"level": level, "hours": str(used), "agreed": str(version.hours)},
            internal=True,
        )
        queue_mail_to_each(
            people.values(),
            key=f"agreement-warning:{version.pk}:{level}",
            template="cofinancing/mail/warning",
            context={
                "advice_request": request,
                "level": level,
                "used": used,
                "version": version,
                "url": reverse("requests:workspace", args=[request.pk]),
            },
        )


def correct_entry(*, actor: User, entry_id: int, hours: object, reason: str) -> TimeEntry:
    """A coordinator corrects an entry; the original hours stay beside the correction."""
    value = _decimal(hours, "hours")
    if value < 0 or value > MAX_HOURS_A_DAY or (value and not ledger.is_quarter_hour(value)):
        raise ValidationError({"hours": _("Give 0 to 12 hours in quarter hours.")})
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Say why the hours are corrected.")})
    entry = TimeEntry.objects.select_related("request").filter(pk=entry_id).first()
    if entry is None:
        raise ValidationError({"entry": _("No such time entry.")})
    with transaction.atomic():
        request = _locked(entry.request_id)
        require(can_manage_agreement(actor, request))
        entry = TimeEntry.objects.select_for_update().get(pk=entry_id)
        if _closed(request.team_id, entry.day):
            raise Conflict(_("That month is closed; its hours can no longer change."))
        entry.corrected_hours = value
        entry.correction_reason = reason[:300]
        entry.corrected_by = actor
        entry.corrected_at = timezone.now()
        entry.save(
            update_fields=["corrected_hours", "correction_reason", "corrected_by", "corrected_at"]
        )
        record_event(
            request=request,
            actor=actor,
            action="hours.corrected",
            data={"from": str(entry.hours), "to": str(value), "day": entry.day.isoformat()},
            note=reason,
            internal=True,
        )
    return entry


def close_period(*, actor: User, team_id: int, month: dt.date) -> ClosedPeriod:
    """After this, the month's entries of the team are locked."""
    require(can_close_period(actor, team_id))
    month = _month(month)
    if month >= _month(local_date(timezone.now())):
        raise ValidationError({"month": _("Only a month that has ended can be closed.")})
    try:
        with transaction.atomic():
            return ClosedPeriod.objects.create(team_id=team_id, month=month, closed_by=actor)
    except IntegrityError:
        raise Conflict(_("That month is closed already.")) from None
