"""Shared by the meeting services: who is invited (``Invitee``), the checks of time, place and
invitees, and the lock order (the request first, then the meeting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from experts.models import Expert, InvitationPreference
from meetings.models import Attendee, Meeting
from requests_app.enums import Status
from requests_app.models import AdviceRequest

# Meetings are about work that was taken on.
PLANNABLE = frozenset({Status.ACCEPTED, Status.IN_PROGRESS})
MAX_DURATION = dt.timedelta(hours=8)
RSVP_SALT = "meetings.rsvp"
RSVP_MAX_AGE = dt.timedelta(days=180)
_http_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str = ""
    kind: str = Attendee.Kind.GUEST
    required: bool = True
    user: User | None = None
    language: str = settings.LANGUAGE_CODE
    by_mail: bool = True


def invitee_for_expert(expert: Expert, *, required: bool = True) -> Invitee:
    """An expert, invited by e-mail unless they chose the calendar feed only."""
    return Invitee(
        email=expert.user.email,
        name=expert.user.get_full_name(),
        kind=Attendee.Kind.EXPERT,
        required=required,
        user=expert.user,
        language=expert.user.language,
        by_mail=expert.invitation_preference != InvitationPreference.FEED,
    )


def invitee_for_person(user: User, kind: str, *, required: bool = False) -> Invitee:
    return Invitee(
        email=user.email,
        name=user.get_full_name(),
        kind=kind,
        required=required,
        user=user,
        language=user.language,
    )


# --- checks -------------------------------------------------------------------------------------


def _check_when(start: dt.datetime, end: dt.datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValidationError({"start": _("Give the time with its time zone.")})
    if end <= start:
        raise ValidationError({"end": _("The meeting must end after it starts.")})
    if end - start > MAX_DURATION:
        raise ValidationError({"end": _("A meeting lasts at most eight hours.")})
    if start < timezone.now():
        raise ValidationError({"start": _("Choose a time in the future.")})


def _check_place(location: str, online_url: str) -> None:
    errors = {}
    if len(location) > 200:
        errors["location"] = _("Keep the place under 200 characters.")
    if online_url:
        try:
            _http_url(online_url)
        except ValidationError:
            errors["online_url"] = _("Give the video link as a web address (https://…).")
    if not location.strip() and not online_url:
        errors["location"] = _("Give a place or a video link.")
    if errors:
        raise ValidationError(errors)


def _clean_invitees(invitees: Iterable[Invitee]) -> list[Invitee]:
    cleaned: dict[str, Invitee] = {}
    for invitee in invitees:
        email = invitee.email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"attendees": _("%s is not an e-mail address.") % invitee.email}
            ) from None
        if email not in cleaned:  # the first mention wins: an expert before a guest copy
            cleaned[email] = Invitee(**{**invitee.__dict__, "email": email})
    return list(cleaned.values())


def _locked_request(request_id: int) -> AdviceRequest:
    return AdviceRequest.objects.select_for_update().get(pk=request_id)


def _locked_meeting(meeting_id: int) -> Meeting:
    request_id = Meeting.objects.filter(pk=meeting_id).values_list("request_id", flat=True).first()
    if request_id is None:
        raise Meeting.DoesNotExist
    _locked_request(request_id)  # the request first, always: the lock order of every service
    return Meeting.objects.select_for_update().select_related("request").get(pk=meeting_id)


def _event_data(meeting: Meeting) -> dict:
    return {
        "meeting": meeting.pk,
        "title": meeting.title,
        "start": meeting.starts_at.isoformat(),
        "end": meeting.ends_at.isoformat(),
    }


def _active(meeting: Meeting) -> list[Attendee]:
    return list(meeting.attendees.filter(removed_at=None))
