"""Invitations as iTIP over the outbox: one mail per (meeting, attendee, sequence, method), so a
retry never sends one twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mail.services import Recipient, queue_mail
from meetings import calendars
from meetings.models import Attendee, Meeting
from meetings.services.answers import answer_token
from meetings.services.common import _active

# --- invitations --------------------------------------------------------------------------------


def meeting_data(meeting: Meeting, attendees: Sequence[Attendee]) -> calendars.MeetingData:
    sender_name, sender = organizer()
    request = meeting.request
    url = settings.SITE_URL + reverse("requests:detail", args=[request.pk])
    place = meeting.location or meeting.online_url
    description = "\n".join(
        filter(
            None,
            [
                f"{request.reference or ''} {request.title}".strip(),
                url,
                meeting.online_url and f"Video: {meeting.online_url}",
            ],
        )
    )
    return calendars.MeetingData(
        uid=meeting.uid,
        sequence=meeting.sequence,
        summary=meeting.title,
        description=description,
        start=meeting.starts_at,
        end=meeting.ends_at,
        location=place,
        url=url,
        cancelled=meeting.is_cancelled,
        organizer_email=sender,
        organizer_name=sender_name,
        guests=[calendars.Guest(a.email, a.name, a.required, a.answer) for a in attendees],
        stamp=meeting.updated_at or timezone.now(),
        created=meeting.created_at or timezone.now(),
    )


def organizer() -> tuple[str, str]:
    """ORGANIZER must be the address that sends, so that replies come back to expertdesk."""
    from email.utils import parseaddr

    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "expertdesk", address


def _invite(
    meeting: Meeting,
    recipients: Sequence[Attendee],
    method: str,
    *,
    only: Sequence[Attendee] | None = None,
) -> None:
    everyone = _active(meeting) if only is None else list(only)
    data = meeting_data(meeting, everyone)
    template = (
        "meetings/mail/invitation"
        if method == calendars.Method.REQUEST
        else "meetings/mail/cancellation"
    )
    for attendee in recipients:
        if not attendee.by_mail:
            continue
        links = {
            answer.lower(): settings.SITE_URL
            + reverse("meetings:answer", args=[answer_token(attendee, answer)])
            for answer in ("ACCEPTED", "TENTATIVE", "DECLINED")
        }
        queue_mail(
            key=f"meeting:{meeting.pk}:{attendee.email}:{meeting.sequence}:{method}",
            recipient=Recipient(
                email=attendee.email, language=attendee.language, name=attendee.name
            ),
            template=template,
            context={
                "meeting": meeting,
                "advice_request": meeting.request,
                "attendee": attendee,
                "links": links,
                "removed": only is not None,
                "request_url": data.url,
            },
            calendar=calendars.invitation(data, method),
            calendar_method=method,
        )
