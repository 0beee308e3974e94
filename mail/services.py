"""The mail outbox: queue inside the transaction, deliver after commit, retry with backoff.

``queue_mail`` writes a row (idempotent on its key) and schedules delivery for after the
commit; ``deliver_mail`` claims a row with a conditional UPDATE so that a retry, a second
worker or the re-drive schedule never sends it twice; ``redrive`` picks up what a lost task
or a crashed worker left behind.

An outage of any length loses nothing: while the server cannot be reached or answers with a
temporary (4xx) error, the mail waits and is tried again, at most an hour apart. Only a
permanent rejection (SMTP 5xx, e.g. an unknown mailbox) fails it for good; ``resend`` sends such
a mail again, to a corrected address if need be.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mail.models import OutboundMail

logger = logging.getLogger(__name__)

# Minutes to wait after the n-th failed attempt; then every BACKOFF_MINUTES[-1] minutes.
BACKOFF_MINUTES = (1, 5, 15, 30, 60)
STALE_CLAIM = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = settings.LANGUAGE_CODE
    name: str = ""

    @classmethod
    def of(cls, person: Any) -> Recipient:
        """A signed-up person (anything with ``email``, ``language`` and ``get_full_name``)."""
        return cls(email=person.email, language=person.language, name=person.get_full_name())


def queue_mail(
    *,
    key: str,
    recipient: Recipient,
    template: str,
    context: dict,
    calendar: bytes = b"",
    calendar_method: str = "",
) -> OutboundMail | None:
    """Render ``template`` (``<template>_subject.txt``, ``.txt``, ``.html``, e.g.
    ``requests_app/mail/request_submitted``) in the recipient's language and put it in the
    outbox; the templates extend ``mail/base.txt`` and ``mail/base.html``.

    Returns None when a mail with this key exists already. Side effect: on commit, a
    delivery task is enqueued.
    """
    if OutboundMail.objects.filter(key=key).exists():
        return None
    base = template
    context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
    with translation.override(recipient.language):
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        body_text = render_to_string(f"{base}.txt", context)
        body_html = render_to_string(f"{base}.html", context)
    try:
        with transaction.atomic():  # a savepoint: a duplicate key must not spoil the caller
            mail = OutboundMail.objects.create(
                key=key,
                to=recipient.email,
                subject=subject[:250],
                body_text=body_text,
                body_html=body_html,
                calendar=calendar.decode(),
                calendar_method=calendar_method,
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return None  # queued concurrently by someone else: exactly one row wins
    transaction.on_commit(lambda: _enqueue_delivery(mail.pk))
    return mail


def queue_mail_to_each(people: Iterable[Any], *, key: str, template: str, context: dict) -> None:
    """The same mail to each signed-up person, in their own language; ``person`` in the context."""
    for person in people:
        queue_mail(
            key=f"{key}:{person.pk}",
            recipient=Recipient.of(person),
            template=template,
            context={**context, "person": person},
        )


def forget(key_prefixes: Iterable[str]) -> int:
    """Delete the outbox's copies of the mails whose key starts with one of ``key_prefixes``
    (the retention run: a mail's text repeats the personal data it was about). End each prefix
    with its separator (``request:12:``), or ``request:1`` would take ``request:12`` along."""
    query = Q()
    for prefix in key_prefixes:
        query |= Q(key__startswith=prefix)
    if not query:
        return 0
    return OutboundMail.objects.filter(query).delete()[0]


def _enqueue_delivery(mail_id: int) -> None:
    from django_q.tasks import async_task

    async_task("mail.tasks.deliver_mail", mail_id, group="mail")


def deliver_mail(mail_id: int) -> bool:
    """Send one queued mail if it is due and nobody else is sending it. True when sent."""
    now = timezone.now()
    claimed = OutboundMail.objects.filter(
        pk=mail_id, state=OutboundMail.State.PENDING, next_attempt_at__lte=now
    ).update(state=OutboundMail.State.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return False
    mail = OutboundMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    if mail.calendar:
        # Outlook shows its buttons only when the part's method equals the body's METHOD.
        message.attach_alternative(mail.calendar, f"text/calendar; method={mail.calendar_method}")
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP and network errors of every kind: retry later
        _schedule_retry(mail, exc)
        return False
    OutboundMail.objects.filter(pk=mail.pk).update(
        state=OutboundMail.State.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def is_permanent(exc: Exception) -> bool:
    """An SMTP 5xx answer: the server refuses this mail, and asking again will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    code = getattr(exc, "smtp_code", None)
    return isinstance(exc, smtplib.SMTPResponseException) and code is not None and code >= 500


def _schedule_retry(mail: OutboundMail, exc: Exception) -> None:
    error = f"{exc.__class__.__name__}: {exc}"[:2000]
    if is_permanent(exc):
        logger.error("Mail %s to %s refused for good: %s", mail.pk, mail.to, error)
        OutboundMail.objects.filter(pk=mail.pk).update(
            state=OutboundMail.State.FAILED, last_error=error
        )
        return
    delay = BACKOFF_MINUTES[min(mail.attempts, len(BACKOFF_MINUTES)) - 1]  # capped
    logger.warning(
        "Mail %s to %s failed (attempt %s), retry in %s min: %s",
        mail.pk,
        mail.to,
        mail.attempts,
        delay,
        error,
    )
    OutboundMail.objects.filter(pk=mail.pk).update(
        state=OutboundMail.State.PENDING,
        next_attempt_at=timezone.now() + dt.timedelta(minutes=delay),
        last_error=error,
    )


def redrive(*, limit: int = 200) -> int:
    """Release stale claims and send what is due. Returns the number of mails sent."""
    now = timezone.now()
    OutboundMail.objects.filter(
        state=OutboundMail.State.SENDING, claimed_at__lt=now - STALE_CLAIM
    ).update(state=OutboundMail.State.PENDING)
    due = list(
        OutboundMail.objects.filter(state=OutboundMail.State.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for mail_id in due if deliver_mail(mail_id))


def resend(*, mail_id: int, to: str = "") -> OutboundMail:
    """Send a refused mail again, to ``to`` when the address was wrong. Side effect: a delivery
    task after commit."""
    with transaction.atomic():
        mail = OutboundMail.objects.select_for_update().get(pk=mail_id)
        if mail.state != OutboundMail.State.FAILED:
            return mail
        if to:
            try:
                validate_email(to)
            except ValidationError:
                raise ValidationError({"to": _("Give a valid e-mail address.")}) from None
        mail.to = to or mail.to
        mail.state = OutboundMail.State.PENDING
        mail.attempts = 0
        mail.next_attempt_at = timezone.now()
        mail.save(update_fields=["to", "state", "attempts", "next_attempt_at"])
        transaction.on_commit(lambda: _enqueue_delivery(mail.pk))
    return mail
