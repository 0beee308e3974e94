"""Answers from calendar apps: the iTIP REPLY a person's Accept button mails to the ORGANIZER
address, read from that mailbox over IMAP by a django-q2 schedule (``IMAP_*`` settings).

Each unread message with a ``text/calendar`` REPLY is matched to a meeting by UID and to an
attendee by address; the sender must be that attendee. Stale versions, unknown senders and
unknown UIDs are logged and left alone, never a crash. Calendar messages that were looked at
are filed in ``IMAP_DONE_FOLDER``; other mail stays where it is, marked read, for a person.
"""

from __future__ import annotations

import contextlib
import email
import imaplib
import logging
from dataclasses import dataclass, field
from email.message import Message
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from icalendar import Calendar

from core.exceptions import Conflict
from meetings import services
from meetings.models import Attendee, Meeting

logger = logging.getLogger(__name__)

ANSWERS = {"ACCEPTED", "TENTATIVE", "DECLINED"}


@dataclass
class ReplyReport:
    applied: int = 0
    ignored: list[str] = field(default_factory=list)  # why, per REPLY that changed nothing
    other_mail: int = 0


def _calendar_parts(message: Message) -> list[bytes]:
    parts = []
    for part in message.walk():
        name = (part.get_filename() or "").lower()
        if part.get_content_type() in ("text/calendar", "application/ics") or name.endswith(".ics"):
            payload = part.get_payload(decode=True)
            if payload:
                parts.append(payload)
    return parts


def _address(value: object) -> str:
    return str(value).removeprefix("mailto:").removeprefix("MAILTO:").strip().lower()


def handle_message(raw: bytes, report: ReplyReport) -> bool:
    """Apply the REPLYs in one message; False when it holds no calendar REPLY at all."""
    message = email.message_from_bytes(raw)
    sender = parseaddr(message.get("From", ""))[1].lower()
    found = False
    for data in _calendar_parts(message):
        try:
            calendar = Calendar.from_ical(data)
        except Exception:
            report.ignored.append(f"unreadable calendar from {sender}")
            continue
        if str(calendar.get("METHOD", "")).upper() != "REPLY":
            continue
        found = True
        for event in calendar.walk("VEVENT"):
            _apply(event, sender, report)
    return found


def _apply(event, sender: str, report: ReplyReport) -> None:
    uid = str(event.get("UID", ""))
    sequence = int(event.get("SEQUENCE", 0))
    meeting = Meeting.objects.filter(uid=uid).first()
    if meeting is None:
        logger.info("REPLY for unknown meeting UID %s from %s ignored", uid, sender)
        report.ignored.append(f"unknown meeting {uid}")
        return
    attendees = event.get("ATTENDEE", [])
    for address in attendees if isinstance(attendees, list) else [attendees]:
        who = _address(address)
        answer = str(address.params.get("PARTSTAT", "")).upper()
        attendee = meeting.attendees.filter(email__iexact=who).first()
        if attendee is None or who != sender:
            logger.info("REPLY on meeting %s from unknown sender %s ignored", meeting.pk, sender)
            report.ignored.append(f"unknown sender {sender}")
            continue
        if answer not in ANSWERS:
            report.ignored.append(f"no answer from {who}")
            continue
        try:
            services.record_answer(
                attendee_id=attendee.pk,
                answer=answer,
                via=Attendee.Via.CALENDAR,
                sequence=sequence,
            )
        except (Conflict, ValidationError) as refused:
            logger.info("REPLY from %s on meeting %s not applied: %s", who, meeting.pk, refused)
            report.ignored.append(f"{who}: {getattr(refused, 'message', refused)}")
            continue
        report.applied += 1


def _connect() -> imaplib.IMAP4:
    cls = imaplib.IMAP4_SSL if settings.IMAP_SSL else imaplib.IMAP4
    imap = cls(settings.IMAP_HOST, settings.IMAP_PORT, timeout=30)
    imap.login(settings.IMAP_USER, settings.IMAP_PASSWORD)
    return imap


def read_replies() -> ReplyReport:
    """Read the unread messages in the organizer's mailbox once. Nothing when IMAP is not set."""
    report = ReplyReport()
    if not settings.IMAP_HOST:
        return report
    imap = _connect()
    try:
        imap.create(settings.IMAP_DONE_FOLDER)  # "already exists" is fine
        imap.select(settings.IMAP_FOLDER)
        _status, found = imap.uid("SEARCH", None, "UNSEEN")
        for uid in found[0].split():
            _status, data = imap.uid("FETCH", uid, "(RFC822)")  # marks the message read
            raw = next((item[1] for item in data if isinstance(item, tuple)), b"")
            if handle_message(raw, report):
                imap.uid("COPY", uid, settings.IMAP_DONE_FOLDER)
                imap.uid("STORE", uid, "+FLAGS", "(\\Deleted)")
            else:
                report.other_mail += 1
        imap.expunge()
    finally:
        with contextlib.suppress(OSError, imaplib.IMAP4.error):
            imap.logout()
    return report
