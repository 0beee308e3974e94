"""The audit timeline: written by services inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
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
    internal_note: str = "",
    data: dict[str, Any] | None = None,
    internal: bool = False,
) -> Event:
    """Append one event; ``actor`` None means expertdesk itself acted.

    ``note`` is read by everyone who sees the event (on a public event: the requester);
    ``internal_note`` only by coordinators and experts (``selectors.timeline``).

    Once the change is committed, the list version moves on, so no list count kept from
    before it is used again (``selectors.ListRows``)."""
    # After the commit, not inside the transaction: there the version's row lock would be
    # held to the end, and a transaction that locks more rows after its first event (a
    # batch plan) could deadlock with one that waits for the version on PostgreSQL.
    transaction.on_commit(_move_list_version_on)
    return Event.objects.create(
        request=request,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        note=note,
        internal_note=internal_note,
        data=data or {},
        internal=internal,
    )


def lists_changed() -> None:
    """A change no event records (a draft deleted): no list count kept from before it is used
    again, once it is committed."""
    transaction.on_commit(_move_list_version_on)


def _move_list_version_on() -> None:
    ListVersion.objects.filter(pk=1).update(value=F("value") + 1)
