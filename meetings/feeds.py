"""Calendar feeds at token addresses (DESIGN §7): one expert's, one request's or one team's.

A feed answers in at most three queries: the token (with what it names), the meetings, and an
expert's absences when they chose to show them. Each meeting's VEVENT is serialised once per
version and kept (``CACHES["local"]``), so a feed whose meetings did not change costs the
queries and a join of bytes; the ETag is the hash of the versions in it, so an unchanged feed
answers 304 to a conditional GET.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.utils import timezone

from experts.models import Absence
from meetings import calendars
from meetings.models import FeedToken, Meeting
from meetings.selectors import (
    feed_meetings_of_expert,
    feed_meetings_of_request,
    feed_meetings_of_team,
)

TOKEN_BYTES = 32  # 256 random bits; only their SHA-256 is stored


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_token(token: str) -> FeedToken | None:
    """The live token with what it names (one query); None for an unknown or revoked one."""
    if not token or len(token) > 100:
        return None
    return (
        FeedToken.objects.select_related("expert__user", "request", "team", "owner")
        .filter(token_hash=token_hash(token), revoked_at=None)
        .first()
    )


@dataclass(frozen=True)
class FeedState:
    """What a feed holds now, read without serialising anything."""

    meetings: list[Meeting]
    absences: list[tuple[int, dt.date, dt.date]]
    etag: str
    last_modified: dt.datetime


def _name(token: FeedToken) -> str:
    if token.scope == FeedToken.Scope.EXPERT:
        return f"expertdesk - {token.expert}"
    if token.scope == FeedToken.Scope.REQUEST:
        return f"expertdesk - {token.request.reference or token.request.title}"
    return f"expertdesk - {token.team.display_name}"


def _meetings(token: FeedToken) -> list[Meeting]:
    if token.scope == FeedToken.Scope.EXPERT:
        meetings = feed_meetings_of_expert(token.expert)
    elif token.scope == FeedToken.Scope.REQUEST:
        meetings = feed_meetings_of_request(token.request_id)
    else:
        meetings = feed_meetings_of_team(token.team_id)
    return list(meetings.order_by("starts_at", "pk"))


def _vevent(meeting: Meeting) -> bytes:
    from meetings.services import meeting_data  # services build invitations from it too

    cache = caches["local"]
    key = f"meetings:vevent:{meeting.uid}:{meeting.version}"
    event = cache.get(key)
    if event is None:
        event = calendars.feed_event(meeting_data(meeting, []))
        cache.set(key, event, timeout=24 * 3600)
    return event


def feed_state(token: FeedToken) -> FeedState:
    meetings = _meetings(token)
    absences: list[tuple[int, dt.date, dt.date]] = []
    if token.scope == FeedToken.Scope.EXPERT and token.include_absences:
        since = timezone.localdate() - dt.timedelta(days=30)
        absences = list(
            Absence.objects.filter(expert=token.expert, end__gte=since).values_list(
                "pk", "start", "end"
            )
        )
    versions = ";".join(f"{m.uid}:{m.version}" for m in meetings)
    versions += "|" + ";".join(f"{pk}:{first}:{last}" for pk, first, last in absences)
    digest = hashlib.sha256(f"{token.pk}|{token.include_absences}|{versions}".encode())
    changed = [m.updated_at for m in meetings] or [token.created_at]
    return FeedState(meetings, absences, f'"{digest.hexdigest()[:32]}"', max(changed))


def render_feed(token: FeedToken, state: FeedState) -> bytes:
    events = [_vevent(m) for m in state.meetings] + [
        calendars.absence_event(f"absence-{pk}@expertdesk", first, last)
        for pk, first, last in state.absences
    ]
    return calendars.feed(f"feed-{token.pk}@expertdesk", _name(token), events)
