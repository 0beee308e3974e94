"""The Foodvalley kick-off for the demo (DESIGN §3 step 5), through the real services: planned
by the Weer Thuis coordinator with both experts and the requester, answered once by the link in
the mail and once by a calendar app's REPLY, and a feed address for the demo expert."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from core.workdays import AMSTERDAM, add_working_days, local_date
from experts.models import Expert
from meetings import replies, services
from meetings.models import Attendee, FeedToken, Meeting
from requests_app.models import AdviceRequest

KICK_OFF = "Kick-off Anders Wonen Foodvalley"


def _reply(meeting: Meeting, attendee: Attendee, answer: str) -> bytes:
    """What Outlook mails to the organizer when its Accept button is pressed."""
    calendar = Calendar.new(
        prodid="-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN", method="REPLY"
    )
    event = Event.new(uid=meeting.uid, sequence=meeting.sequence, summary=meeting.title)
    event.add("attendee", vCalAddress.new(attendee.email, partstat=answer, cn=attendee.name))
    calendar.add_component(event)
    message = EmailMessage()
    message["From"] = attendee.email
    message["To"] = settings.DEFAULT_FROM_EMAIL
    message["Subject"] = f"Geaccepteerd: {meeting.title}"
    message.set_content("")
    message.add_alternative(
        calendar.to_ical(), maintype="text", subtype="calendar", params={"method": "REPLY"}
    )
    return message.as_bytes()


def seed_meetings(demo_expert: Expert) -> list[str]:
    """Idempotent on the meeting's title; returns lines worth printing."""
    request = AdviceRequest.objects.filter(title="Anders Wonen in Regio Foodvalley").first()
    if request is None or Meeting.objects.filter(request=request, title=KICK_OFF).exists():
        return []
    coordinator = request.team.coordinators.order_by("pk").first()
    experts = Expert.objects.filter(
        assignments__request=request, assignments__status="accepted"
    ).select_related("user")
    day = add_working_days(local_date(timezone.now()), 6)
    start = dt.datetime.combine(day, dt.time(10, 0), tzinfo=AMSTERDAM)
    meeting = services.schedule_meeting(
        actor=coordinator,
        request_id=request.pk,
        title=KICK_OFF,
        kind=Meeting.Kind.INTAKE,
        start=start,
        end=start + dt.timedelta(hours=1, minutes=30),
        location="Stadhuis Veenendaal, Markt 1",
        online_url="https://video.rvo.example/foodvalley",
        invitees=[
            *(services.invitee_for_expert(expert) for expert in experts),
            services.invitee_for_person(request.created_by, Attendee.Kind.REQUESTER),
        ],
    )
    lead = meeting.attendees.get(email=demo_expert.user.email)
    services.record_answer(
        attendee_id=lead.pk, answer="ACCEPTED", via=Attendee.Via.LINK, sequence=meeting.sequence
    )
    helper = meeting.attendees.filter(kind=Attendee.Kind.EXPERT).exclude(pk=lead.pk).first()
    if helper is not None:
        replies.handle_message(_reply(meeting, helper, "ACCEPTED"), replies.ReplyReport())
    lines = []
    if not FeedToken.objects.filter(owner=demo_expert.user, revoked_at=None).exists():
        feed = services.create_feed(
            actor=demo_expert.user, expert=demo_expert, include_absences=True
        )
        url = settings.SITE_URL + reverse("meetings:feed", args=[feed.secret])
        lines.append(f"calendar feed of {demo_expert}: {url}")
        lines.append("  (subscribe with webcal://" + url.split("://", 1)[1] + ")")
    return lines
