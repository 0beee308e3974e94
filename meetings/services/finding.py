"""Finding a time that suits everyone invited (``suggest_slots``), over ``meetings.slots``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import require
from meetings import selectors, slots
from meetings.permissions import can_plan_meetings
from meetings.services.common import MAX_DURATION
from requests_app.models import AdviceRequest

# --- finding a time -----------------------------------------------------------------------------

DEFAULT_BUFFER = dt.timedelta(minutes=15)
MAX_WINDOW_DAYS = 92


@dataclass(frozen=True)
class SlotAdvice:
    slots: list[slots.Slot]
    reasons: list[str]  # plain words when nothing fits
    calendar_problems: list[str]  # experts whose own calendar could not be read


def suggest_slots(
    *,
    actor: User,
    request_id: int,
    people: Sequence[selectors.SlotPerson],
    first_day: dt.date,
    last_day: dt.date,
    duration: dt.timedelta,
    buffer: dt.timedelta = DEFAULT_BUFFER,
    limit: int = 10,
) -> SlotAdvice:
    """Free times for a meeting of the request: working hours on working days, every required
    person free, earliest first; optional people who are busy lower a slot's rank."""
    request = AdviceRequest.objects.get(pk=request_id)
    require(can_plan_meetings(actor, request))
    if not people:
        raise ValidationError({"attendees": _("Choose who must be there.")})
    if not dt.timedelta(minutes=15) <= duration <= MAX_DURATION:
        raise ValidationError({"duration": _("A meeting lasts between 15 minutes and 8 hours.")})
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day comes after the first.")})
    if (last_day - first_day).days > MAX_WINDOW_DAYS:
        raise ValidationError({"last_day": _("Look at most three months ahead at once.")})
    busy = selectors.busy_times(people, first_day, last_day)
    search = slots.find_slots(
        [
            slots.Person(p.email, p.name or p.email, p.required, busy.get(p.email, []))
            for p in people
        ],
        first_day=first_day,
        last_day=last_day,
        duration=duration,
        buffer=buffer,
        not_before=timezone.now(),
        limit=limit,
    )
    problems = selectors.calendar_problems([p.expert_id for p in people if p.expert_id])
    return SlotAdvice(
        slots=search.slots,
        reasons=_reasons(search, first_day, last_day),
        calendar_problems=[
            _(
                "The own calendar of %(name)s could not be read (%(error)s); "
                "last good fetch: %(when)s."
            )
            % {
                "name": problem.expert,
                "error": problem.error,
                "when": date_format(problem.last_success_at, "DATETIME_FORMAT")
                if problem.last_success_at
                else _("never"),
            }
            for problem in problems
        ],
    )


def _reasons(search: slots.SlotSearch, first_day: dt.date, last_day: dt.date) -> list[str]:
    if search.slots:
        return []
    if not search.candidates:
        return [_("There are no working hours left between these days.")]
    reasons = []
    for blocker in search.blockers:
        for first, last in blocker.absences:
            reasons.append(
                _("%(name)s is absent %(first)s to %(last)s.")
                % {
                    "name": blocker.name,
                    "first": date_format(first, "MONTH_DAY_FORMAT"),
                    "last": date_format(last, "MONTH_DAY_FORMAT"),
                }
            )
        if blocker.never_free and not blocker.absences:
            reasons.append(_("%(name)s has no free time in these days.") % {"name": blocker.name})
    if not reasons:
        never_together = _(
            "The required people are never free at the same time between %(first)s and "
            "%(last)s; try a longer period or a shorter meeting."
        )
        reasons.append(
            never_together
            % {
                "first": date_format(first_day, "MONTH_DAY_FORMAT"),
                "last": date_format(last_day, "MONTH_DAY_FORMAT"),
            }
        )
    return reasons
