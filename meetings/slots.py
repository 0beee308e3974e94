"""Finding free slots for a meeting (DESIGN §7): pure functions over busy intervals.

Candidates lie on a 30-minute grid between 09:00 and 17:00 Europe/Amsterdam on working days
(weekends and Dutch public holidays out, ``core.workdays``). A slot is possible when every
required attendee is free for the whole meeting plus a buffer on both sides; optional
attendees who are busy lower its rank instead of excluding it. Earliest first among equals.

Each person's busy intervals are sorted and merged once; candidates are visited in time order
with one pointer per person, so the cost is linear in candidates plus intervals (the sweep
that ``bench/bench_slots.py`` holds against a plain sorted sweep).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from core.workdays import AMSTERDAM, WORKDAY_END, WORKDAY_START, is_working_day

GRID = dt.timedelta(minutes=30)


class Busy(NamedTuple):
    """A time somebody cannot meet, in POSIX seconds (the database hands them over as such, so
    thousands of them cost no datetime conversion); ``absence`` marks leave."""

    start: int
    end: int
    absence: bool = False

    @classmethod
    def between(cls, start: dt.datetime, end: dt.datetime, *, absence: bool = False) -> Busy:
        return cls(int(start.timestamp()), int(end.timestamp()), absence)


@dataclass
class Person:
    key: str
    name: str
    required: bool
    busy: Sequence[Busy] = ()
    # Filled by ``find_slots``: sorted, buffered, merged (start, end) pairs in POSIX seconds.
    _merged: list[tuple[int, int]] = field(default_factory=list, repr=False)


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    busy_optional: tuple[str, ...]  # names of optional attendees who cannot come

    @property
    def rank(self) -> tuple[int, dt.datetime]:
        return (len(self.busy_optional), self.start)


@dataclass(frozen=True)
class Blocker:
    """Why no slot fits: a required person who is never free, or whose leave covers days."""

    name: str
    absences: tuple[tuple[dt.date, dt.date], ...]  # local first and last day of each leave
    never_free: bool


@dataclass(frozen=True)
class SlotSearch:
    slots: list[Slot]
    candidates: int  # grid positions looked at (working hours, working days, not past)
    blockers: list[Blocker]


def merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching intervals joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def candidate_starts(
    first_day: dt.date, last_day: dt.date, duration: dt.timedelta, *, not_before: dt.datetime
) -> list[dt.datetime]:
    """Grid starts (aware, UTC) of meetings that fit within working hours, in time order."""
    starts = []
    day = first_day
    while day <= last_day:
        if is_working_day(day):
            moment = dt.datetime.combine(day, WORKDAY_START, tzinfo=AMSTERDAM)
            closing = dt.datetime.combine(day, WORKDAY_END, tzinfo=AMSTERDAM)
            while moment + duration <= closing:
                if moment >= not_before:
                    starts.append(moment.astimezone(dt.UTC))
                moment += GRID
        day += dt.timedelta(days=1)
    return starts


def _free_flags(merged: list[tuple[int, int]], starts: list[int], duration: int) -> list[bool]:
    """For each start (ascending), whether [start, start + duration) misses every interval."""
    flags = []
    index, count = 0, len(merged)
    for start in starts:
        end = start + duration
        while index < count and merged[index][1] <= start:
            index += 1  # intervals that ended before this start never matter again
        flags.append(index >= count or merged[index][0] >= end)
    return flags


def find_slots(
    people: Sequence[Person],
    *,
    first_day: dt.date,
    last_day: dt.date,
    duration: dt.timedelta,
    buffer: dt.timedelta = dt.timedelta(0),
    not_before: dt.datetime,
    limit: int = 10,
) -> SlotSearch:
    """The best ``limit`` slots: every required person free, fewest optional people busy,
    earliest first; with the blockers when none fits."""
    starts = candidate_starts(first_day, last_day, duration, not_before=not_before)
    seconds = [int(start.timestamp()) for start in starts]
    length, pad = int(duration.total_seconds()), int(buffer.total_seconds())
    required_free = [True] * len(starts)
    optional_busy: list[list[str]] = [[] for _ in starts]
    never_free: list[str] = []
    for person in people:
        # A buffer around every busy time: widen the interval instead of the meeting.
        person._merged = merge((b[0] - pad, b[1] + pad) for b in person.busy)
        flags = _free_flags(person._merged, seconds, length)
        if person.required:
            if starts and not any(flags):
                never_free.append(person.key)
            required_free = [both and free for both, free in zip(required_free, flags, strict=True)]
        else:
            for position, free in enumerate(flags):
                if not free:
                    optional_busy[position].append(person.name)
    slots = [
        Slot(start, start + duration, tuple(optional_busy[position]))
        for position, start in enumerate(starts)
        if required_free[position]
    ]
    slots.sort(key=lambda slot: slot.rank)
    blockers = [] if slots else _blockers(people, never_free, first_day, last_day)
    return SlotSearch(slots=slots[:limit], candidates=len(starts), blockers=blockers)


def _blockers(
    people: Sequence[Person], never_free: list[str], first_day: dt.date, last_day: dt.date
) -> list[Blocker]:
    def day(seconds: float) -> dt.date:
        return dt.datetime.fromtimestamp(seconds, AMSTERDAM).date()

    blockers = []
    for person in people:
        if not person.required:
            continue
        leave = tuple(
            (max(day(b.start), first_day), min(day(b.end - 1), last_day))
            for b in sorted(person.busy)
            if b.absence and day(b.start) <= last_day and day(b.end) >= first_day
        )
        if leave or person.key in never_free:
            blockers.append(Blocker(person.name, leave, person.key in never_free))
    return blockers
