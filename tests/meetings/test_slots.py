"""Slot finding against a brute-force oracle, and the calendar rules it must respect."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from core.workdays import AMSTERDAM
from meetings.slots import Busy, Person, find_slots

MONDAY = dt.date(2026, 12, 7)
HOUR = dt.timedelta(hours=1)
EARLY = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMSTERDAM)


def local(slot) -> tuple[str, str]:
    return (
        slot.start.astimezone(AMSTERDAM).strftime("%a %d %H:%M"),
        slot.end.astimezone(AMSTERDAM).strftime("%H:%M"),
    )


def test_slots_lie_on_the_half_hour_in_working_hours_earliest_first():
    search = find_slots(
        [Person("a", "Anna", True)],
        first_day=MONDAY,
        last_day=MONDAY,
        duration=HOUR,
        not_before=EARLY,
        limit=100,
    )
    assert [local(slot) for slot in search.slots][:3] == [
        ("Mon 07 09:00", "10:00"),
        ("Mon 07 09:30", "10:30"),
        ("Mon 07 10:00", "11:00"),
    ]
    assert local(search.slots[-1]) == ("Mon 07 16:00", "17:00")
    assert search.candidates == len(search.slots) == 15


def test_weekends_christmas_and_kings_day_have_no_slots():
    def days(first: dt.date, last: dt.date) -> set[dt.date]:
        search = find_slots(
            [Person("a", "Anna", True)],
            first_day=first,
            last_day=last,
            duration=HOUR,
            not_before=EARLY,
            limit=1000,
        )
        return {slot.start.astimezone(AMSTERDAM).date() for slot in search.slots}

    christmas_week = days(dt.date(2026, 12, 24), dt.date(2026, 12, 28))
    assert christmas_week == {dt.date(2026, 12, 24), dt.date(2026, 12, 28)}  # 25/26 Dec, weekend
    kings_day = days(dt.date(2027, 4, 26), dt.date(2027, 4, 28))
    assert kings_day == {dt.date(2027, 4, 26), dt.date(2027, 4, 28)}  # Koningsdag 27 April


def test_working_hours_are_amsterdam_time_across_the_march_clock_change():
    # Summer time starts Sunday 29 March 2026: 09:00 is 08:00 UTC on Friday, 07:00 UTC on Monday.
    search = find_slots(
        [Person("a", "Anna", True)],
        first_day=dt.date(2026, 3, 27),
        last_day=dt.date(2026, 3, 30),
        duration=HOUR,
        not_before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        limit=1000,
    )
    firsts = sorted(
        {
            slot.start
            for slot in search.slots
            if slot.start.astimezone(AMSTERDAM).hour == 9 and slot.start.minute == 0
        }
    )
    assert [moment.strftime("%d %H:%M") for moment in firsts] == ["27 08:00", "30 07:00"]


def test_a_buffer_keeps_distance_from_other_meetings_and_the_past_is_never_offered():
    busy = [Busy.between(at(MONDAY, 11), at(MONDAY, 12))]
    search = find_slots(
        [Person("a", "Anna", True, busy)],
        first_day=MONDAY,
        last_day=MONDAY,
        duration=HOUR,
        buffer=dt.timedelta(minutes=30),
        not_before=at(MONDAY, 9, 15),
        limit=100,
    )
    starts = [local(slot)[0][-5:] for slot in search.slots]
    assert starts[:2] == ["09:30", "12:30"]  # 10:00 would end at 11:00, inside the buffer


def test_optional_attendees_lower_the_rank_instead_of_excluding():
    anna = Person("a", "Anna", True)
    bob = Person("b", "Bob", False, [Busy.between(at(MONDAY, 9), at(MONDAY, 16))])
    search = find_slots(
        [anna, bob], first_day=MONDAY, last_day=MONDAY, duration=HOUR, not_before=EARLY
    )
    assert local(search.slots[0]) == ("Mon 07 16:00", "17:00")
    assert search.slots[0].busy_optional == ()
    assert search.slots[1].busy_optional == ("Bob",)
    assert local(search.slots[1]) == ("Mon 07 09:00", "10:00")


def test_when_nothing_fits_the_absent_required_person_is_named_with_the_days():
    fatima = Person(
        "f",
        "Fatima",
        True,
        [Busy.between(at(dt.date(2026, 12, 14), 0), at(dt.date(2026, 12, 19), 0), absence=True)],
    )
    search = find_slots(
        [Person("a", "Anna", True), fatima],
        first_day=dt.date(2026, 12, 14),
        last_day=dt.date(2026, 12, 18),
        duration=HOUR,
        not_before=EARLY,
    )
    assert search.slots == []
    assert [(b.name, b.absences, b.never_free) for b in search.blockers] == [
        ("Fatima", ((dt.date(2026, 12, 14), dt.date(2026, 12, 18)),), True)
    ]


busy_strategy = st.lists(
    st.tuples(st.integers(0, 5 * 24 * 4), st.integers(1, 16)).map(
        lambda t: Busy.between(
            at(MONDAY, 0) + dt.timedelta(minutes=15 * t[0]),
            at(MONDAY, 0) + dt.timedelta(minutes=15 * (t[0] + t[1])),
        )
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    required=st.lists(busy_strategy, min_size=1, max_size=3),
    optional=st.lists(busy_strategy, max_size=2),
    minutes=st.sampled_from([30, 60, 90]),
    buffer=st.sampled_from([0, 15, 30]),
)
def test_the_sweep_agrees_with_checking_every_minute(required, optional, minutes, buffer):
    people = [Person(f"r{i}", f"R{i}", True, b) for i, b in enumerate(required)] + [
        Person(f"o{i}", f"O{i}", False, b) for i, b in enumerate(optional)
    ]
    duration, pad = dt.timedelta(minutes=minutes), dt.timedelta(minutes=buffer)
    pad_s = pad.total_seconds()
    search = find_slots(
        people,
        first_day=MONDAY,
        last_day=MONDAY + dt.timedelta(days=4),
        duration=duration,
        buffer=pad,
        not_before=EARLY,
        limit=10_000,
    )

    def busy_at(person: Person, start: dt.datetime) -> bool:
        minute = start
        while minute < start + duration:
            moment = minute.timestamp()
            if any(b.start - pad_s <= moment < b.end + pad_s for b in person.busy):
                return True
            minute += dt.timedelta(minutes=1)
        return False

    expected = []
    for day in range(5):
        for step in range(16):
            start = at(MONDAY + dt.timedelta(days=day), 9) + step * dt.timedelta(minutes=30)
            if start + duration > at(MONDAY + dt.timedelta(days=day), 17):
                continue
            if any(busy_at(p, start) for p in people if p.required):
                continue
            missing = tuple(p.name for p in people if not p.required and busy_at(p, start))
            expected.append((len(missing), start.astimezone(dt.UTC), missing))
    expected.sort(key=lambda row: (row[0], row[1]))
    assert [(s.start, s.busy_optional) for s in search.slots] == [(e[1], e[2]) for e in expected]
