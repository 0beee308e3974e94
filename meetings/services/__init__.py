"""Meetings: plan, change, invite, take people off, cancel and record answers (DESIGN §7).

Every change locks the request first, then the meeting (the order the assignment services use
too), writes a timeline event through ``record_event`` and queues the invitations in the same
transaction: through the outbox, once per (meeting, attendee, sequence, method), so a retry or a
second worker never sends one twice. ``sequence`` goes up whenever invitees must replace their
copy: time, place, who is invited, cancellation.

Side effects: outbox mail with a ``text/calendar`` part (REQUEST or CANCEL) to every attendee
who takes invitations by e-mail; events ``meeting.scheduled``, ``meeting.changed``,
``meeting.attendee_added``, ``meeting.attendee_removed``, ``meeting.cancelled``,
``meeting.answered``.

One module per part (``common``: invitees, checks and the lock order; ``finding``, ``planning``,
``answers``, ``invitations``, ``own_calendars``, ``feed_addresses``); callers import from here.
"""

from meetings.services.answers import (
    AnswerLink,
    answer_token,
    check_answer_applies,
    read_answer_token,
    record_answer,
)
from meetings.services.common import (
    MAX_DURATION,
    PLANNABLE,
    RSVP_MAX_AGE,
    RSVP_SALT,
    Invitee,
    invitee_for_expert,
    invitee_for_person,
)
from meetings.services.feed_addresses import NewFeed, create_feed, may_own_feed, revoke_feed
from meetings.services.finding import DEFAULT_BUFFER, MAX_WINDOW_DAYS, SlotAdvice, suggest_slots
from meetings.services.invitations import meeting_data, organizer
from meetings.services.own_calendars import (
    EXTERNAL_DAYS_AHEAD,
    EXTERNAL_DAYS_BACK,
    refresh_external_calendar,
)
from meetings.services.planning import (
    add_attendee,
    cancel_meeting,
    change_meeting,
    remove_attendee,
    schedule_meeting,
)

__all__ = [
    "DEFAULT_BUFFER",
    "EXTERNAL_DAYS_AHEAD",
    "EXTERNAL_DAYS_BACK",
    "MAX_DURATION",
    "MAX_WINDOW_DAYS",
    "PLANNABLE",
    "RSVP_MAX_AGE",
    "RSVP_SALT",
    "AnswerLink",
    "Invitee",
    "NewFeed",
    "SlotAdvice",
    "add_attendee",
    "answer_token",
    "cancel_meeting",
    "change_meeting",
    "check_answer_applies",
    "create_feed",
    "invitee_for_expert",
    "invitee_for_person",
    "may_own_feed",
    "meeting_data",
    "organizer",
    "read_answer_token",
    "record_answer",
    "refresh_external_calendar",
    "remove_attendee",
    "revoke_feed",
    "schedule_meeting",
    "suggest_slots",
]
