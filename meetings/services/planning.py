"""Plan, change, invite, take people off and cancel meetings: each locks the request, then the
meeting, writes its event and queues the invitations in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import require
from core.exceptions import Conflict
from meetings import calendars
from meetings.models import Attendee, Meeting
from meetings.permissions import can_change_meeting, can_plan_meetings
from meetings.services.common import (
    PLANNABLE,
    Invitee,
    _active,
    _check_place,
    _check_when,
    _clean_invitees,
    _event_data,
    _locked_meeting,
    _locked_request,
)
from meetings.services.invitations import _invite
from requests_app.services.audit import record_event

# --- planning -----------------------------------------------------------------------------------


def schedule_meeting(
    *,
    actor: User,
    request_id: int,
    title: str,
    start: dt.datetime,
    end: dt.datetime,
    invitees: Sequence[Invitee],
    kind: str = Meeting.Kind.INTAKE,
    location: str = "",
    online_url: str = "",
) -> Meeting:
    """Plan a meeting and invite everyone (see the module's side effects)."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the meeting a title.")})
    if kind not in Meeting.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of meeting.")})
    _check_when(start, end)
    _check_place(location, online_url)
    people = _clean_invitees(invitees)
    if not people:
        raise ValidationError({"attendees": _("Invite at least one person.")})
    with transaction.atomic():
        request = _locked_request(request_id)
        require(can_plan_meetings(actor, request))
        if request.status not in PLANNABLE:
            raise Conflict(_("Meetings are planned once a request is accepted and not finished."))
        meeting = Meeting.objects.create(
            request=request,
            kind=kind,
            title=title[:200],
            starts_at=start,
            ends_at=end,
            location=location.strip(),
            online_url=online_url,
            created_by=actor,
        )
        attendees = Attendee.objects.bulk_create(
            [_attendee(meeting, invitee) for invitee in people]
        )
        record_event(
            request=request,
            actor=actor,
            action="meeting.scheduled",
            data=_event_data(meeting),
        )
        _invite(meeting, attendees, calendars.Method.REQUEST)
    return meeting


def _attendee(meeting: Meeting, invitee: Invitee) -> Attendee:
    return Attendee(
        meeting=meeting,
        user=invitee.user,
        kind=invitee.kind,
        email=invitee.email,
        name=invitee.name[:200],
        language=invitee.language,
        required=invitee.required,
        by_mail=invitee.by_mail,
    )


def change_meeting(
    *,
    actor: User,
    meeting_id: int,
    start: dt.datetime,
    end: dt.datetime,
    location: str,
    online_url: str = "",
    title: str | None = None,
) -> Meeting:
    """Move the meeting or change its place: everyone invited gets the update (SEQUENCE + 1).
    Nothing changes, and nothing is sent, when time and place stay the same."""
    _check_when(start, end)
    _check_place(location, online_url)
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        require(can_change_meeting(actor, meeting))
        _refuse_if_cancelled(meeting)
        changes = {
            "starts_at": start,
            "ends_at": end,
            "location": location.strip(),
            "online_url": online_url,
        }
        if title is not None and " ".join(title.split()):
            changes["title"] = " ".join(title.split())[:200]
        changed = [name for name, value in changes.items() if getattr(meeting, name) != value]
        if not changed:
            return meeting
        for name in changed:
            setattr(meeting, name, changes[name])
        meeting.sequence += 1
        meeting.version += 1
        meeting.save(update_fields=[*changed, "sequence", "version", "updated_at"])
        # A new time or place asks everyone again.
        meeting.attendees.filter(removed_at=None).update(
            answer=Attendee.Answer.NEEDS_ACTION, answered_at=None, answered_via=""
        )
        record_event(
            request=meeting.request,
            actor=actor,
            action="meeting.changed",
            data=_event_data(meeting),
        )
        _invite(meeting, _active(meeting), calendars.Method.REQUEST)
    return meeting


def add_attendee(*, actor: User, meeting_id: int, invitee: Invitee) -> Attendee:
    """Invite one more person; the others get the updated list of attendees."""
    (invitee,) = _clean_invitees([invitee])
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        require(can_change_meeting(actor, meeting))
        _refuse_if_cancelled(meeting)
        attendee = meeting.attendees.filter(email=invitee.email).first()
        if attendee is not None and attendee.active:
            raise Conflict(_("%s is invited already.") % invitee.email)
        if attendee is None:
            attendee = _attendee(meeting, invitee)
            attendee.save()
        else:  # taken off earlier and invited again
            attendee.removed_at = None
            attendee.answer = Attendee.Answer.NEEDS_ACTION
            attendee.answered_at = None
            attendee.answered_via = ""
            attendee.save(update_fields=["removed_at", "answer", "answered_at", "answered_via"])
        _bump(meeting)
        record_event(
            request=meeting.request,
            actor=actor,
            action="meeting.attendee_added",
            data={**_event_data(meeting), "name": attendee.name or attendee.email},
        )
        _invite(meeting, _active(meeting), calendars.Method.REQUEST)
    return attendee


def remove_attendee(*, actor: User, meeting_id: int, attendee_id: int) -> None:
    """Take one person off: they get a CANCEL, the others the updated list."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        require(can_change_meeting(actor, meeting))
        _refuse_if_cancelled(meeting)
        attendee = meeting.attendees.filter(pk=attendee_id, removed_at=None).first()
        if attendee is None:
            raise Conflict(_("This person is not invited (any more)."))
        attendee.removed_at = timezone.now()
        attendee.save(update_fields=["removed_at"])
        _bump(meeting)
        record_event(
            request=meeting.request,
            actor=actor,
            action="meeting.attendee_removed",
            data={**_event_data(meeting), "name": attendee.name or attendee.email},
        )
        _invite(meeting, [attendee], calendars.Method.CANCEL, only=[attendee])
        _invite(meeting, _active(meeting), calendars.Method.REQUEST)


def cancel_meeting(*, actor: User, meeting_id: int, reason: str = "") -> Meeting:
    """Cancel: everyone gets a CANCEL, feeds keep the meeting as cancelled for 30 days."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        require(can_change_meeting(actor, meeting))
        _refuse_if_cancelled(meeting)
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.sequence += 1
        meeting.version += 1
        meeting.save(update_fields=["status", "cancelled_at", "sequence", "version", "updated_at"])
        record_event(
            request=meeting.request,
            actor=actor,
            action="meeting.cancelled",
            note=reason.strip()[:2000],
            data=_event_data(meeting),
        )
        _invite(meeting, _active(meeting), calendars.Method.CANCEL)
    return meeting


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise Conflict(_("This meeting was cancelled."))


def _bump(meeting: Meeting) -> None:
    meeting.sequence += 1
    meeting.version += 1
    meeting.save(update_fields=["sequence", "version", "updated_at"])
