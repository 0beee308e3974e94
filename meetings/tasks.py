"""django-q2 tasks of meetings: thin, take ids, safe to run twice."""

from __future__ import annotations

import logging

from experts.models import Expert
from meetings import services

logger = logging.getLogger(__name__)


def refresh_external_calendar(expert_id: int) -> None:
    services.refresh_external_calendar(expert_id=expert_id)


def refresh_external_calendars() -> int:
    """Every active expert with an own calendar; one broken calendar never stops the rest."""
    experts = list(
        Expert.objects.filter(active=True).exclude(free_busy_url="").values_list("pk", flat=True)
    )
    for expert_id in experts:
        try:
            services.refresh_external_calendar(expert_id=expert_id)
        except Exception:  # a bug for one expert must not starve the others
            logger.exception("Reading the own calendar of expert %s failed", expert_id)
    return len(experts)


def read_calendar_replies() -> int:
    """Answers that calendar apps mailed to the organizer address (nothing without IMAP)."""
    from meetings import replies

    return replies.read_replies().applied
