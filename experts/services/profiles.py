"""Experts keep their own profile up to date: capacity, how they receive meetings, firm,
free/busy feed, skills, absences and declared conflicts of interest (DESIGN §1, §4).

Who may: the expert themself, a coordinator of one of the expert's teams, an admin
(``permissions.can_edit_expert``). Bad input raises ValidationError with one message per field.
These are no request events, so nothing lands on a request's timeline; every change is logged
at INFO on this module's logger (who, which expert, what) — ids and dates only, never a free/busy
URL (it often holds a private token) nor an absence's reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import require
from core.workdays import local_date
from experts.models import Absence, ConflictOfInterest, Expert, InvitationPreference, Skill, Theme
from experts.permissions import can_edit_expert
from organisations.models import Organisation

logger = logging.getLogger(__name__)

MAX_CAPACITY = Decimal("60")
TEXT_LIMIT = 200  # firm, feed URL, absence reason, conflict note: the models' column sizes
_http_url = URLValidator(schemes=["http", "https"])


def _today() -> dt.date:
    return local_date(timezone.now())


def _editable_expert(actor: User, expert_id: int, *, lock: bool = False) -> Expert:
    experts = Expert.objects.select_related("user").prefetch_related("teams")
    if lock:
        # One change at a time per expert: two open tabs cannot both add the same skill.
        experts = experts.select_for_update(of=("self",))
    expert = experts.filter(pk=expert_id).first()
    if expert is None:
        raise ValidationError({"expert": _("Unknown expert.")})
    require(can_edit_expert(actor, expert))
    return expert


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _level(value: Any, errors: dict[str, str]) -> int | None:
    level = _as_int(value)
    if level is None or level not in Skill.Level.values:
        errors["level"] = _("Choose a level from 1 to 3.")
        return None
    return level


def _capacity(value: Any, errors: dict[str, str]) -> Decimal | None:
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        hours = None
    if hours is None or not hours.is_finite():
        errors["weekly_capacity_hours"] = _("Give your capacity as a number of hours per week.")
        return None
    if not Decimal("0") <= hours <= MAX_CAPACITY:
        errors["weekly_capacity_hours"] = _(
            "Capacity must be between 0 and %(max)s hours per week."
        ) % {"max": MAX_CAPACITY}
        return None
    if (hours * 4) % 1:
        errors["weekly_capacity_hours"] = _("Use whole, half or quarter hours, e.g. 7.25.")
        return None
    return hours.quantize(Decimal("0.01"))


def _text(value: Any, field: str, errors: dict[str, str]) -> str:
    text = str(value or "").strip()
    if len(text) > TEXT_LIMIT:
        errors[field] = _("Use at most %(limit)d characters (you used %(used)d).") % {
            "limit": TEXT_LIMIT,
            "used": len(text),
        }
    return text


# --- the profile itself -------------------------------------------------------------------------


def update_profile(
    *,
    actor: User,
    expert_id: int,
    weekly_capacity_hours: Decimal | str | None = None,
    invitation_preference: str | None = None,
    organisation_name: str | None = None,
    free_busy_url: str | None = None,
) -> Expert:
    """Change capacity (0 to 60 hours, quarter hours), meeting preference, firm and free/busy
    feed; a field given as None stays as it is. An empty firm or feed clears it.

    A capacity below the hours already committed is allowed (the coordinators' load page then
    shows the expert as over capacity); new assignments never overbook. Side effect: a log line.
    """
    _editable_expert(actor, expert_id)
    errors: dict[str, str] = {}
    new: dict[str, Any] = {}
    if weekly_capacity_hours is not None:
        new["weekly_capacity_hours"] = _capacity(weekly_capacity_hours, errors)
    if invitation_preference is not None:
        if invitation_preference not in InvitationPreference.values:
            errors["invitation_preference"] = _("Choose how you want to receive meetings.")
        new["invitation_preference"] = invitation_preference
    if organisation_name is not None:
        new["organisation_name"] = _text(organisation_name, "organisation_name", errors)
    if free_busy_url is not None:
        url = new["free_busy_url"] = _text(free_busy_url, "free_busy_url", errors)
        if url and "free_busy_url" not in errors:
            try:
                _http_url(url)
            except ValidationError:
                errors["free_busy_url"] = _(
                    "Give a web address that starts with https:// or http://, or leave this empty."
                )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        expert = _editable_expert(actor, expert_id, lock=True)
        changed = [field for field, value in new.items() if getattr(expert, field) != value]
        if not changed:
            return expert
        described = []
        for field in changed:
            if field == "free_busy_url":
                described.append("free_busy_url changed")
            else:
                described.append(f"{field} {getattr(expert, field)!s} -> {new[field]!s}")
            setattr(expert, field, new[field])
        expert.save(update_fields=changed)
    logger.info(
        "Expert %s profile changed by user %s: %s", expert.pk, actor.pk, "; ".join(described)
    )
    return expert


# --- skills ---------------------------------------------------------------------------------------


def add_skill(*, actor: User, expert_id: int, theme_id: int | str, level: int | str) -> Skill:
    """Add an active theme at level 1 to 3; one row per theme."""
    _editable_expert(actor, expert_id)
    errors: dict[str, str] = {}
    theme_pk = _as_int(theme_id)
    theme = Theme.objects.filter(pk=theme_pk, active=True).first() if theme_pk else None
    if theme is None:
        errors["theme"] = _("Choose a theme from the list.")
    checked_level = _level(level, errors)
    if errors:
        raise ValidationError(errors)
    duplicate = ValidationError(
        {
            "theme": _("%(theme)s is already on the profile; change its level instead.")
            % {"theme": theme.display_name}
        }
    )
    with transaction.atomic():
        expert = _editable_expert(actor, expert_id, lock=True)
        if expert.skills.filter(theme=theme).exists():
            raise duplicate
        try:
            with transaction.atomic():
                skill = Skill.objects.create(expert=expert, theme=theme, level=checked_level)
        except IntegrityError:  # the unique (expert, theme) constraint, if the lock was missed
            raise duplicate from None
    logger.info(
        "Expert %s skill added by user %s: theme %s level %s",
        expert.pk,
        actor.pk,
        theme.pk,
        checked_level,
    )
    return skill


def _skill_of(expert: Expert, skill_id: int | str) -> Skill:
    skill = expert.skills.select_related("theme").filter(pk=_as_int(skill_id) or 0).first()
    if skill is None:
        raise ValidationError({"skill": _("This skill is no longer on the profile.")})
    return skill


def change_skill_level(
    *, actor: User, expert_id: int, skill_id: int | str, level: int | str
) -> Skill:
    _editable_expert(actor, expert_id)
    errors: dict[str, str] = {}
    checked_level = _level(level, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        expert = _editable_expert(actor, expert_id, lock=True)
        skill = _skill_of(expert, skill_id)
        old = skill.level
        if old == checked_level:
            return skill
        skill.level = checked_level
        skill.save(update_fields=["level"])
    logger.info(
        "Expert %s skill level changed by user %s: theme %s level %s -> %s",
        expert.pk,
        actor.pk,
        skill.theme_id,
        old,
        checked_level,
    )
    return skill


def remove_skill(*, actor: User, expert_id: int, skill_id: int | str) -> None:
    with transaction.atomic():
        expert = _editable_expert(actor, expert_id, lock=True)
        skill = _skill_of(expert, skill_id)
        theme_id = skill.theme_id
        skill.delete()
    logger.info("Expert %s skill removed by user %s: theme %s", expert.pk, actor.pk, theme_id)


# --- absences -------------------------------------------------------------------------------------


def add_absence(
    *,
    actor: User,
    expert_id: int,
    start: dt.date | None,
    end: dt.date | None,
    reason: str = "",
) -> Absence:
    """Whole days away. The last day is on or after the first, and not before today (an absence
    entirely in the past plans nothing); it may not overlap another absence of the expert."""
    _editable_expert(actor, expert_id)
    errors: dict[str, str] = {}
    if not isinstance(start, dt.date):
        errors["start"] = _("Give the first day you are away.")
    if not isinstance(end, dt.date):
        errors["end"] = _("Give the last day you are away.")
    if not errors:
        if end < start:
            errors["end"] = _("The last day cannot be before the first day.")
        elif end < _today():
            errors["end"] = _("This absence is entirely in the past; give a date from today on.")
    reason = _text(reason, "reason", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        expert = _editable_expert(actor, expert_id, lock=True)
        overlapping = expert.absences.filter(start__lte=end, end__gte=start).first()
        if overlapping is not None:
            raise ValidationError(
                {
                    "start": _(
                        "This overlaps the absence from %(start)s to %(end)s; remove that one "
                        "first or choose other days."
                    )
                    % {
                        "start": date_format(overlapping.start, "DATE_FORMAT"),
                        "end": date_format(overlapping.end, "DATE_FORMAT"),
                    }
                }
            )
        absence = Absence.objects.create(expert=expert, start=start, end=end, reason=reason)
    logger.info("Expert %s absence added by user %s: %s to %s", expert.pk, actor.pk, start, end)
    return absence


def remove_absence(*, actor: User, expert_id: int, absence_id: int | str) -> None:
    """Only absences that have not begun yet; the ones that have are history."""
    with transaction.atomic():
        expert = _editable_expert(actor, expert_id, lock=True)
        absence = expert.absences.filter(pk=_as_int(absence_id) or 0).first()
        if absence is None:
            raise ValidationError({"absence": _("This absence is no longer on the profile.")})
        if absence.start <= _today():
            raise ValidationError(
                {"absence": _("An absence that has begun cannot be removed any more.")}
            )
        start, end = absence.start, absence.end
        absence.delete()
    logger.info("Expert %s absence removed by user %s: %s to %s", expert.pk, actor.pk, start, end)


# --- conflicts of interest ------------------------------------------------------------------------


def declare_conflict(
    *, actor: User, expert_id: int, organisation_id: int | str, note: str = ""
) -> ConflictOfInterest:
    """The expert is tied to an organisation and will not be suggested or assigned for its
    requests from now on. Assignments the expert already has are left to the coordinator."""
    _editable_expert(actor, expert_id)
    errors: dict[str, str] = {}
    organisation_pk = _as_int(organisation_id)
    organisation = (
        Organisation.objects.filter(pk=organisation_pk, active=True).first()
        if organisation_pk
        else None
    )
    if organisation is None:
        errors["organisation"] = _("Choose an organisation from the search results.")
    note = _text(note, "note", errors)
    if errors:
        raise ValidationError(errors)
    duplicate = ValidationError(
        {
            "organisation": _("A conflict of interest with %(organisation)s is already declared.")
            % {"organisation": organisation}
        }
    )
    with transaction.atomic():
        expert = _editable_expert(actor, expert_id, lock=True)
        if expert.conflicts_of_interest.filter(organisation=organisation).exists():
            raise duplicate
        try:
            with transaction.atomic():
                conflict = ConflictOfInterest.objects.create(
                    expert=expert, organisation=organisation, note=note
                )
        except IntegrityError:
            raise duplicate from None
    logger.info(
        "Expert %s conflict of interest declared by user %s: organisation %s",
        expert.pk,
        actor.pk,
        organisation.pk,
    )
    return conflict


def withdraw_conflict(*, actor: User, expert_id: int, conflict_id: int | str) -> None:
    with transaction.atomic():
        expert = _editable_expert(actor, expert_id, lock=True)
        conflict = expert.conflicts_of_interest.filter(pk=_as_int(conflict_id) or 0).first()
        if conflict is None:
            raise ValidationError(
                {"conflict": _("This conflict of interest is no longer on the profile.")}
            )
        organisation_id = conflict.organisation_id
        conflict.delete()
    logger.info(
        "Expert %s conflict of interest withdrawn by user %s: organisation %s",
        expert.pk,
        actor.pk,
        organisation_id,
    )
