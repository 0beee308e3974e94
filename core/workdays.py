"""Working days and working hours in the Netherlands (DESIGN §2, §6, §7).

A working day is Monday to Friday and not a Dutch public holiday (from the `holidays`
package). Everything here is computed in Europe/Amsterdam.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
WORKDAY_START = dt.time(9, 0)
WORKDAY_END = dt.time(17, 0)


@lru_cache(maxsize=64)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year)


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The date ``count`` working days after ``start`` (``start`` itself never counts)."""
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in the half-open range (start, end]; 0 when end <= start."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(AMSTERDAM).date()


def is_working_hours(moment: dt.datetime) -> bool:
    """True on a working day between 09:00 and 17:00 Amsterdam time."""
    local = moment.astimezone(AMSTERDAM)
    return is_working_day(local.date()) and WORKDAY_START <= local.time() < WORKDAY_END
