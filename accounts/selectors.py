"""Reads about people: their API tokens."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import ApiToken, User


def idle_cutoff(now: dt.datetime | None = None) -> dt.datetime:
    """A token last used (or, never used, made) at or before this moment no longer works."""
    return (now or timezone.now()) - dt.timedelta(days=settings.API_TOKEN_IDLE_DAYS)


def live_api_tokens(user: User) -> QuerySet[ApiToken]:
    """The person's tokens that still work: not revoked, not idle too long; oldest first."""
    return (
        ApiToken.objects.filter(user=user, revoked_at=None)
        .alias(idle_since=Coalesce("last_used_at", "created_at"))
        .filter(idle_since__gt=idle_cutoff())
        .order_by("created_at", "pk")
    )
