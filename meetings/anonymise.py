"""Retention for meetings: titles, places, video links and attendees' names and addresses of a
request that is anonymised (registered with ``requests_app.services.anonymise``)."""

from __future__ import annotations

from mail.services import forget
from meetings.models import Attendee, Meeting
from requests_app.models import AdviceRequest, Event

# What meeting events write that names a person or says what the meeting was about.
PERSONAL_EVENT_DATA = ("name", "title")
ANONYMOUS_DOMAIN = "anonymised.invalid"  # reserved: never a real address (RFC 2606)


def anonymise_meetings(request: AdviceRequest) -> None:
    meetings = Meeting.objects.filter(request=request)
    meeting_ids = list(meetings.values_list("pk", flat=True))
    # update(): the meetings' own timestamps are figures and stay as they were.
    meetings.update(title="", location="", online_url="")
    attendees = Attendee.objects.filter(meeting__request=request).exclude(
        email__endswith=f"@{ANONYMOUS_DOMAIN}"
    )
    for attendee_id in attendees.values_list("pk", flat=True):
        # Unique per meeting, as the address was: the kind, answer and times stay.
        Attendee.objects.filter(pk=attendee_id).update(
            name="", user=None, email=f"attendee-{attendee_id}@{ANONYMOUS_DOMAIN}"
        )
    for event in Event.objects.filter(request=request, action__startswith="meeting."):
        data = {k: v for k, v in (event.data or {}).items() if k not in PERSONAL_EVENT_DATA}
        if data != event.data:
            Event.objects.filter(pk=event.pk).update(data=data)
    forget(f"meeting:{pk}:" for pk in meeting_ids)
