"""Every iCalendar object expertdesk writes: invitations, cancellations and feeds (DESIGN §7).

Built with icalendar 7 only; the mail and the feed views call this module and never write
``.ics`` text themselves. The rules real clients punish (STACK.md, DESIGN §7):

- one UID per meeting for life, SEQUENCE raised on every change of time or place, once;
- METHOD:REQUEST / METHOD:CANCEL in the body, and the same ``method=`` on the MIME part
  (``mail.services`` reads it from here);
- ORGANIZER is the sending address; every ATTENDEE has CN, ROLE, PARTSTAT and RSVP;
- a full Europe/Amsterdam VTIMEZONE with RRULEs (not the RDATE list icalendar would write);
- feeds carry no METHOD, ORGANIZER or RSVP (some apps would then send replies), refresh hints
  for every client, and cancelled meetings as STATUS:CANCELLED.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vDuration,
    vRecur,
)

from core.workdays import AMSTERDAM

PRODID = "-//RVO//expertdesk//NL"
TZID = "Europe/Amsterdam"
FEED_REFRESH = dt.timedelta(hours=1)


class Method:
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class Guest:
    email: str
    name: str
    required: bool = True
    partstat: str = "NEEDS-ACTION"  # ACCEPTED, TENTATIVE, DECLINED


@dataclass(frozen=True)
class MeetingData:
    """What a calendar needs to know about one meeting, independent of the models."""

    uid: str
    sequence: int
    summary: str
    description: str
    start: dt.datetime
    end: dt.datetime
    location: str
    url: str
    cancelled: bool
    organizer_email: str
    organizer_name: str
    guests: Sequence[Guest]
    stamp: dt.datetime  # when this version was made: DTSTAMP and LAST-MODIFIED
    created: dt.datetime


def amsterdam_timezone() -> Timezone:
    """The Europe/Amsterdam VTIMEZONE as RRULEs: CEST from the last Sunday of March 02:00,
    CET from the last Sunday of October 03:00 (the EU rule since 1996)."""
    standard = TimezoneStandard()
    # VTIMEZONE onsets are local wall-clock times, so naive by definition (RFC 5545 3.6.5).
    standard.add("dtstart", dt.datetime(1970, 10, 25, 3, 0, 0))  # noqa: DTZ001
    standard.add("tzoffsetfrom", dt.timedelta(hours=2))
    standard.add("tzoffsetto", dt.timedelta(hours=1))
    standard.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    standard.add("tzname", "CET")
    daylight = TimezoneDaylight()
    daylight.add("dtstart", dt.datetime(1970, 3, 29, 2, 0, 0))  # noqa: DTZ001
    daylight.add("tzoffsetfrom", dt.timedelta(hours=1))
    daylight.add("tzoffsetto", dt.timedelta(hours=2))
    daylight.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    daylight.add("tzname", "CEST")
    timezone = Timezone()
    timezone.add("tzid", TZID)
    timezone.add_component(standard)
    timezone.add_component(daylight)
    return timezone


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(AMSTERDAM)


def _event(meeting: MeetingData, *, cancelled: bool, with_people: bool) -> Event:
    event = Event.new(
        uid=meeting.uid,
        sequence=meeting.sequence,
        stamp=meeting.stamp.astimezone(dt.UTC),
        created=meeting.created.astimezone(dt.UTC),
        last_modified=meeting.stamp.astimezone(dt.UTC),
        start=_local(meeting.start),
        end=_local(meeting.end),
        summary=meeting.summary,
        description=meeting.description,
        location=meeting.location or None,
        url=meeting.url or None,
        status="CANCELLED" if cancelled else "CONFIRMED",
        transparency="OPAQUE",
    )
    if with_people:
        event.add(
            "organizer",
            vCalAddress.new(meeting.organizer_email, cn=meeting.organizer_name),
        )
        for guest in meeting.guests:
            event.add(
                "attendee",
                vCalAddress.new(
                    guest.email,
                    cn=guest.name or guest.email,
                    cutype="INDIVIDUAL",
                    role="REQ-PARTICIPANT" if guest.required else "OPT-PARTICIPANT",
                    partstat=guest.partstat,
                    rsvp=not cancelled,
                ),
            )
    if with_people and not cancelled:  # a reminder for invitees; feeds leave that to the app
        event.add_component(
            Alarm.new_display(description=meeting.summary, trigger=-dt.timedelta(minutes=15))
        )
    return event


def invitation(
    meeting: MeetingData, method: str, *, guests: Iterable[Guest] | None = None
) -> bytes:
    """An iTIP message for e-mail (iMIP): REQUEST for a new or changed meeting, CANCEL for a
    cancelled one or for ``guests`` taken off it (then they alone are named)."""
    if method not in (Method.REQUEST, Method.CANCEL):
        raise ValueError(f"unknown method {method}")
    cancelled = method == Method.CANCEL
    if guests is not None:
        meeting = _with_guests(meeting, list(guests))
    calendar = Calendar.new(prodid=PRODID, method=method)
    del calendar["UID"]  # the meeting's UID is the one that counts; keep iTIP messages plain
    calendar.add_component(amsterdam_timezone())
    calendar.add_component(_event(meeting, cancelled=cancelled, with_people=True))
    return calendar.to_ical()


def _with_guests(meeting: MeetingData, guests: list[Guest]) -> MeetingData:
    return MeetingData(**{**meeting.__dict__, "guests": tuple(guests)})


def feed_event(meeting: MeetingData) -> bytes:
    """One VEVENT as it appears in a subscribed feed: no organizer, attendees or alarm."""
    return _event(meeting, cancelled=meeting.cancelled, with_people=False).to_ical()


def absence_event(uid: str, first: dt.date, last: dt.date) -> bytes:
    """An expert's leave as an all-day busy block in their own feed."""
    event = Event.new(
        uid=uid,
        summary="Afwezig / Absent",
        start=first,
        end=last + dt.timedelta(days=1),
        transparency="OPAQUE",
        stamp=dt.datetime.combine(first, dt.time.min, tzinfo=dt.UTC),
    )
    return event.to_ical()


def feed(uid: str, name: str, events: Iterable[bytes]) -> bytes:
    """A subscribable calendar from VEVENTs made by ``feed_event`` (kept per meeting version,
    so an unchanged meeting is not serialised again); ``uid`` stays the same for the feed."""
    calendar = Calendar.new(prodid=PRODID, name=name, uid=uid)
    # Outlook reads X-PUBLISHED-TTL, most others REFRESH-INTERVAL, which needs VALUE=DURATION.
    calendar.add("refresh-interval", vDuration(FEED_REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(amsterdam_timezone())
    head = calendar.to_ical()
    closing = b"END:VCALENDAR\r\n"
    return head[: -len(closing)] + b"".join(events) + closing
