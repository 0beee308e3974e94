"""Experts' own calendars: reading one (``meetings.external``) into busy times."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from experts.models import Expert
from meetings import external
from meetings.models import ExternalBusy, ExternalCalendar

# --- experts' own calendars --------------------------------------------------------------------

EXTERNAL_DAYS_BACK = 7
EXTERNAL_DAYS_AHEAD = 120


def refresh_external_calendar(*, expert_id: int) -> ExternalCalendar | None:
    """Read an expert's own calendar and keep its busy times. A calendar that cannot be read
    keeps the busy times of the last good fetch and says what went wrong; slot finding goes on."""
    expert = Expert.objects.filter(pk=expert_id).first()
    if expert is None:
        return None
    calendar, _created = ExternalCalendar.objects.get_or_create(expert=expert)
    now = timezone.now()
    if not expert.free_busy_url:
        calendar.busy.all().delete()
        calendar.delete()
        return None
    try:
        data = external.fetch(expert.free_busy_url)
        intervals = external.busy_intervals(
            data,
            now - dt.timedelta(days=EXTERNAL_DAYS_BACK),
            now + dt.timedelta(days=EXTERNAL_DAYS_AHEAD),
        )
    except external.FeedError as problem:
        ExternalCalendar.objects.filter(pk=calendar.pk).update(
            last_attempt_at=now, error=str(problem)[:300]
        )
        calendar.refresh_from_db()
        return calendar
    with transaction.atomic():
        calendar.busy.all().delete()
        ExternalBusy.objects.bulk_create(
            ExternalBusy(calendar=calendar, starts_at=start, ends_at=end)
            for start, end in intervals
        )
        calendar.url_fetched = expert.free_busy_url[:500]
        calendar.last_attempt_at = calendar.last_success_at = now
        calendar.error = ""
        calendar.save(update_fields=["url_fetched", "last_attempt_at", "last_success_at", "error"])
    return calendar
