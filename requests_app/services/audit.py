"""The audit timeline: written by services inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db.models import F

from accounts.models import User
from requests_app.models import AdviceRequest, Event, ListVersion


def record_event(
    *,
    request: AdviceRequest,
    actor: User | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
    internal: bool = False,
) -> Event:
    """Append one event; ``actor`` None means expertdesk itself acted.

    Also moves the list version on, in the same transaction, so no list count kept from
    before this change is used again (``selectors.ListRows``)."""
    ListVersion.objects.filter(pk=1).update(value=F("value") + 1)
    return Event.objects.create(
        request=request,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
        internal=internal,
    )
