"""The Accept button of a calendar app: an iTIP REPLY mailed to the organizer, read over IMAP
from a real local dovecot."""

from __future__ import annotations

from email.message import EmailMessage

import icalendar
import pytest

from meetings import replies, services
from meetings.models import Attendee
from requests_app.models import Event
from tests.imap import PASSWORD, USER, imap_server
from tests.meetings.conftest import HOUR, WINTER, plan

pytestmark = pytest.mark.django_db


def reply_mail(*, sender: str, uid: str, sequence: int, answer: str, attendee: str = "") -> bytes:
    calendar = icalendar.Calendar.new(prodid="-//Apple Inc.//Mac OS X//EN", method="REPLY")
    event = icalendar.Event.new(uid=uid, sequence=sequence, summary="Intake")
    event.add(
        "attendee", icalendar.vCalAddress.new(attendee or sender, partstat=answer, cn="Someone")
    )
    event.add("organizer", icalendar.vCalAddress.new("expertdesk@rvo.example"))
    calendar.add_component(event)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "expertdesk@rvo.example"
    message["Subject"] = f"{answer.title()}: Intake"
    message.set_content("Answer from my calendar")
    message.add_alternative(
        calendar.to_ical(), maintype="text", subtype="calendar", params={"method": "REPLY"}
    )
    return message.as_bytes()


@pytest.fixture
def mailbox(settings):
    with imap_server() as box:
        settings.IMAP_HOST = "127.0.0.1"
        settings.IMAP_PORT = box.port
        settings.IMAP_SSL = False
        settings.IMAP_USER, settings.IMAP_PASSWORD = USER, PASSWORD
        yield box


def test_replies_from_calendar_apps_are_applied_and_filed(
    mailbox, story, coordinator_weer_thuis, requester_ede
):
    meeting = plan(story, coordinator_weer_thuis)
    first_uid, first_sequence = meeting.uid, meeting.sequence
    services.change_meeting(
        actor=coordinator_weer_thuis,
        meeting_id=meeting.pk,
        start=WINTER,
        end=WINTER + HOUR,
        location="Ede",
    )
    meeting.refresh_from_db()
    sanne = "sanne@experts.example"
    for raw in [
        reply_mail(sender=sanne, uid=meeting.uid, sequence=meeting.sequence, answer="ACCEPTED"),
        # an answer to the invitation before it was moved
        reply_mail(
            sender="rik@veenendaal.nl", uid=first_uid, sequence=first_sequence, answer="DECLINED"
        ),
        # somebody answering for somebody else
        reply_mail(
            sender="esther@ede.nl",
            attendee="rik@veenendaal.nl",
            uid=meeting.uid,
            sequence=meeting.sequence,
            answer="ACCEPTED",
        ),
        reply_mail(sender=sanne, uid="unknown@elsewhere", sequence=0, answer="ACCEPTED"),
        b"From: rik@veenendaal.nl\r\nSubject: Vraag\r\n\r\nKan het ook later?\r\n",
    ]:
        mailbox.deliver(raw)

    report = replies.read_replies()

    assert report.applied == 1
    assert report.other_mail == 1
    assert sorted(report.ignored) == [
        "rik@veenendaal.nl: The meeting was changed after this invitation; answer the newest one.",
        "unknown meeting unknown@elsewhere",
        "unknown sender esther@ede.nl",
    ]
    answers = dict(meeting.attendees.values_list("email", "answer"))
    assert answers == {sanne: "ACCEPTED", "rik@veenendaal.nl": "NEEDS-ACTION"}
    applied = Attendee.objects.get(email=sanne)
    assert applied.answered_via == "calendar"
    assert applied.answered_at is not None
    assert Event.objects.filter(action="meeting.answered").count() == 1
    # Calendar messages are filed; the person's question stays in the inbox, read.
    assert mailbox.count("expertdesk-verwerkt") == 4
    assert mailbox.count("INBOX") == 1
    assert mailbox.count("INBOX", "UNSEEN") == 0
    # Reading again finds nothing new and changes nothing.
    assert replies.read_replies().applied == 0


def test_without_imap_settings_nothing_is_read(settings):
    settings.IMAP_HOST = ""
    assert replies.read_replies() == replies.ReplyReport()
