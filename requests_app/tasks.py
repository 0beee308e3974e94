"""django-q2 tasks: thin, take ids, re-fetch, and call a service. Safe to run twice."""

from __future__ import annotations

from requests_app.services import outbox, triage


def deliver_mail(mail_id: int) -> bool:
    return outbox.deliver_mail(mail_id)


def redrive_outbox() -> int:
    return outbox.redrive()


def escalate_overdue_requests() -> int:
    return triage.escalate_overdue_requests()
