"""Calendar feeds at token addresses (DESIGN §7): one expert's, one request's or one team's.

A feed answers in at most three queries: the token (with what it names), the meetings, and an
expert's absences when they chose to show them. Each meeting's VEVENT is serialised once per
version and kept (``CACHES["local"]``), so a feed whose meetings did not change costs the
queries and a join of bytes. A conditional GET first asks one aggregate query for the ETag
(count, versions and ids of the meetings in the feed), so an unchanged feed answers 304
without reading a meeting; a changed one then reads the rows (one query more).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import caches
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from experts.models import Absence
from meetings import calendars
from meetings.models import FeedToken, Meeting
from meetings.selectors import (
    feed_meetings_of_expert,
    feed_meetings_of_request,
    feed_meetings_of_team,
)
from requests_app.models import AdviceRequest

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

    meetings: list[tuple]  # rows of FEED_FIELDS, not model instances: 2,000 of them are cheap
    absences: list[tuple[int, dt.date, dt.date]]
    etag: str
    last_modified: dt.datetime


def _name(token: FeedToken) -> str:
    if token.scope == FeedToken.Scope.EXPERT:
        return f"expertdesk - {token.expert}"
    if token.scope == FeedToken.Scope.REQUEST:
        return f"expertdesk - {token.request.reference or token.request.title}"
    return f"expertdesk - {token.team.display_name}"


# What a feed reads of each meeting; the first two name its cached VEVENT.
FEED_FIELDS = (
    "uid",
    "version",
    "updated_at",
    "pk",
    "sequence",
    "title",
    "starts_at",
    "ends_at",
    "location",
    "online_url",
    "status",
    "created_at",
    "request_id",
    "request__reference",
    "request__title",
)
_KEEP_SECONDS = 24 * 3600


def _meetings_query(token: FeedToken) -> QuerySet[Meeting]:
    if token.scope == FeedToken.Scope.EXPERT:
        return feed_meetings_of_expert(token.expert)
    if token.scope == FeedToken.Scope.REQUEST:
        return feed_meetings_of_request(token.request_id)
    return feed_meetings_of_team(token.team_id)


def _cache_key(row: tuple) -> str:
    return f"meetings:vevent:{row[0]}:{row[1]}"


def _serialise(row: tuple) -> bytes:
    from meetings.services import meeting_data  # invitations are built from it too

    values = dict(zip(FEED_FIELDS, row, strict=True))
    values["id"] = values.pop("pk")
    request = AdviceRequest(
        pk=values.pop("request_id"),
        reference=values.pop("request__reference"),
        title=values.pop("request__title"),
    )
    return calendars.feed_event(meeting_data(Meeting(request=request, **values), []))


def _vevents(rows: list[tuple]) -> list[bytes]:
    """Each meeting's VEVENT, serialised only when its version is not kept yet."""
    cache = caches["local"]
    kept = cache.get_many([_cache_key(row) for row in rows])
    missing = {}
    events = []
    for row in rows:
        event = kept.get(_cache_key(row))
        if event is None:
            event = missing[_cache_key(row)] = _serialise(row)
        events.append(event)
    if missing:
        cache.set_many(missing, timeout=_KEEP_SECONDS)
    return events


def _absences(token: FeedToken) -> list[tuple[int, dt.date, dt.date]]:
    if token.scope != FeedToken.Scope.EXPERT or not token.include_absences:
        return []
    since = timezone.localdate() - dt.timedelta(days=30)
    return list(
        Absence.objects.filter(expert=token.expert, end__gte=since)
        .order_by("pk")
        .values_list("pk", "start", "end")
    )


def _tag(token: FeedToken, summary: tuple, absences: list) -> str:
    """The ETag: every change to a meeting raises its version, every meeting that joins or
    leaves the feed changes the count and the sum of ids."""
    text = f"{token.pk}|{token.include_absences}|{summary}|{absences}"
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def _fallback(token: FeedToken, newest: dt.datetime | None) -> dt.datetime:
    return newest or token.created_at


def feed_tag(token: FeedToken) -> tuple[str, dt.datetime]:
    """ETag and Last-Modified in one aggregate query, for a conditional GET (a 304 reads no
    meeting row)."""
    summary = _meetings_query(token).aggregate(
        count=Count("pk"), versions=Sum("version"), ids=Sum("pk"), newest=Max("updated_at")
    )
    # int(): PostgreSQL sums a bigint column into a numeric (Decimal).
    key = (summary["count"], int(summary["versions"] or 0), int(summary["ids"] or 0))
    return _tag(token, key, _absences(token)), _fallback(token, summary["newest"])


def feed_state(token: FeedToken) -> FeedState:
    """Every meeting of the feed as rows (one query) with the same ETag ``feed_tag`` gives."""
    meetings = list(_meetings_query(token).order_by("starts_at", "pk").values_list(*FEED_FIELDS))
    absences = _absences(token)
    key = (len(meetings), sum(row[1] for row in meetings), sum(row[3] for row in meetings))
    newest = max((row[2] for row in meetings), default=None)
    return FeedState(meetings, absences, _tag(token, key, absences), _fallback(token, newest))


def render_feed(token: FeedToken, state: FeedState) -> bytes:
    events = _vevents(state.meetings) + [
        calendars.absence_event(f"absence-{pk}@expertdesk", first, last)
        for pk, first, last in state.absences
    ]
    return calendars.feed(f"feed-{token.pk}@expertdesk", _name(token), events)
