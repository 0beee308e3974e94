"""django-q2 tasks: thin, take ids, re-fetch, and call a service. Safe to run twice."""

from __future__ import annotations

from requests_app.services import anonymise, triage


def escalate_overdue_requests() -> int:
    return triage.escalate_overdue_requests()


def anonymise_requests() -> int:
    """The yearly retention run; the number of requests anonymised."""
    return len(anonymise.anonymise_due())
