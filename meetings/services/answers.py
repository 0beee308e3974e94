"""Answers to invitations: the signed link in the mail, and what an answer (by link or by IMAP
REPLY) changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import Conflict
from meetings.models import Attendee, Meeting
from meetings.services.common import RSVP_MAX_AGE, RSVP_SALT, _event_data, _locked_meeting
from requests_app.services.audit import record_event

# --- answers ------------------------------------------------------------------------------------


def answer_token(attendee: Attendee, answer: str) -> str:
    """The signed part of an answer link: who, which meeting, which version, which answer."""
    return signing.dumps(
        {"a": attendee.pk, "m": attendee.meeting_id, "s": attendee.meeting.sequence, "r": answer},
        salt=RSVP_SALT,
        compress=True,
    )


@dataclass(frozen=True)
class AnswerLink:
    attendee: Attendee
    answer: str
    sequence: int


def read_answer_token(token: str) -> AnswerLink:
    """The attendee and answer of a link; ValidationError with a reason people understand."""
    try:
        data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    attendee = (
        Attendee.objects.select_related("meeting__request")
        .filter(pk=data.get("a"), meeting_id=data.get("m"))
        .first()
    )
    if attendee is None or data.get("r") not in Attendee.Answer.values:
        raise ValidationError(_("This link is not valid."))
    return AnswerLink(attendee=attendee, answer=data["r"], sequence=int(data.get("s", -1)))


def record_answer(
    *, attendee_id: int, answer: str, via: str, sequence: int, at: dt.datetime | None = None
) -> Attendee:
    """Store an attendee's answer (a link in the mail, or their calendar app's REPLY).

    The same answer twice changes nothing. An answer to an older version of the meeting, to a
    cancelled meeting or from someone taken off is refused (Conflict): it no longer applies.
    """
    if answer not in (
        Attendee.Answer.ACCEPTED,
        Attendee.Answer.TENTATIVE,
        Attendee.Answer.DECLINED,
    ):
        raise ValidationError({"answer": _("Answer accept, tentative or decline.")})
    with transaction.atomic():
        meeting_id = Attendee.objects.filter(pk=attendee_id).values_list("meeting_id", flat=True)
        meeting = _locked_meeting(meeting_id.get())
        attendee = Attendee.objects.select_for_update().get(pk=attendee_id)
        check_answer_applies(meeting, attendee, sequence)
        if attendee.answer == answer:
            return attendee
        attendee.answer = answer
        attendee.answered_at = at or timezone.now()
        attendee.answered_via = via
        attendee.answered_sequence = sequence
        attendee.save(update_fields=["answer", "answered_at", "answered_via", "answered_sequence"])
        Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
        record_event(
            request=meeting.request,
            actor=attendee.user,
            action="meeting.answered",
            data={
                **_event_data(meeting),
                "name": attendee.name or attendee.email,
                "answer": answer,
                "via": via,
            },
            internal=True,  # who comes is the organiser's business
        )
    return attendee


def check_answer_applies(meeting: Meeting, attendee: Attendee, sequence: int) -> None:
    """Conflict when an answer no longer applies: the meeting was cancelled or changed since,
    or the person was taken off."""
    if meeting.is_cancelled:
        raise Conflict(_("This meeting was cancelled."))
    if not attendee.active:
        raise Conflict(_("You are no longer invited to this meeting."))
    if sequence < meeting.sequence:
        raise Conflict(_("The meeting was changed after this invitation; answer the newest one."))
