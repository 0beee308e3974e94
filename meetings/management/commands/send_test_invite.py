"""Send one complete invitation (text, HTML and a METHOD:REQUEST calendar part) to an address,
so that an operator can see how Outlook, Gmail or Apple Calendar shows it."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email
from django.utils import timezone

from core.workdays import AMSTERDAM, add_working_days, local_date
from mail import services as outbox
from meetings import calendars
from meetings.services import organizer


class Command(BaseCommand):
    help = "Send a test invitation to EMAIL through the outbox and report what the server said."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args, email: str, **options) -> None:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email} is not an e-mail address.") from None
        day = add_working_days(local_date(timezone.now()), 1)
        start = dt.datetime.combine(day, dt.time(10, 0), tzinfo=AMSTERDAM)
        name, sender = organizer()
        data = calendars.MeetingData(
            uid=f"test-{uuid.uuid4()}@expertdesk",
            sequence=0,
            summary="expertdesk test invitation",
            description="A test of how your calendar shows invitations from expertdesk.",
            start=start,
            end=start + dt.timedelta(hours=1),
            location="Online",
            url=settings.SITE_URL,
            cancelled=False,
            organizer_email=sender,
            organizer_name=name,
            guests=[calendars.Guest(email, email)],
            stamp=timezone.now(),
            created=timezone.now(),
        )
        mail = outbox.queue_mail(
            key=f"test-invite:{email}:{timezone.now().isoformat()}",
            recipient=outbox.Recipient(email=email),
            template="meetings/mail/test_invitation",
            context={"start": start},
            calendar=calendars.invitation(data, calendars.Method.REQUEST),
            calendar_method=calendars.Method.REQUEST,
        )
        if outbox.deliver_mail(mail.pk):
            self.stdout.write(self.style.SUCCESS(f"Sent a test invitation to {email}."))
            return
        mail.refresh_from_db()
        raise CommandError(f"Not sent ({mail.get_state_display()}): {mail.last_error}")
