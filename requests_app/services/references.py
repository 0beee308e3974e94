"""Reference numbers EXP-YYYY-NNNN, unique also when many requests are submitted at once."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from core.workdays import local_date
from requests_app.models import ReferenceCounter


def next_reference(now: dt.datetime) -> str:
    """Hand out the next number of the (Amsterdam) year. Call inside the caller's transaction:
    the UPDATE holds the counter row's lock until it commits, so numbers never repeat."""
    year = local_date(now).year
    if not ReferenceCounter.objects.filter(year=year).exists():
        try:
            with transaction.atomic():
                ReferenceCounter.objects.create(year=year, last=0)
        except IntegrityError:
            pass  # another submission created this year's counter first
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.values_list("last", flat=True).get(year=year)
    return f"EXP-{year}-{number:04d}"
