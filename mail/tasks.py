"""django-q2 tasks of the outbox: thin, take ids, safe to run twice."""

from __future__ import annotations

from mail import services


def deliver_mail(mail_id: int) -> bool:
    return services.deliver_mail(mail_id)


def redrive_outbox() -> int:
    return services.redrive()
