"""Issue "Meetings" benchmarks, in-process on a fresh SQLite database.

1. Slot finding for 5 experts with 1,000 busy intervals each over 8 weeks, through the service
   (database included): median <= 25 ms; and the sweep itself <= 2x a plain sorted sweep over
   the same intervals (the floor, measured in the same run).
2. The feed of an expert with 2,000 meetings, through the view (Django's test client): at most
   3 queries; unchanged meetings answer in <= 50 ms; a fully cold feed in <= 1.5x serialising
   the same events with icalendar alone (the floor, same run); a 304 in <= 5 ms. A change to one
   meeting between reads (a write, as in real use) costs one event, not the feed.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time

from bench.harness import django_on_fresh_sqlite

EXPERTS = 5
BUSY_PER_EXPERT = 1_000
WEEKS = 8
FEED_MEETINGS = 2_000
SLOTS_MS = 25.0
SWEEP_RATIO = 2.0
FEED_WARM_MS = 50.0
FEED_COLD_RATIO = 1.5
NOT_MODIFIED_MS = 5.0
QUERIES = 3


def _setup() -> None:
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")
    django_on_fresh_sqlite("meetings")


def _world():
    from django.utils import timezone

    from accounts.models import User
    from core.workdays import AMSTERDAM, add_working_days, local_date
    from experts.models import Expert, Team
    from meetings.models import Attendee, ExternalBusy, ExternalCalendar, Meeting
    from organisations.models import Membership, Organisation
    from requests_app.models import AdviceRequest

    rng = random.Random(11)
    team = Team.objects.get(slug="weer-thuis")
    coordinator = User.objects.create_user("coordinator@bench.example", "x")
    team.coordinators.add(coordinator)
    requester = User.objects.create_user("requester@bench.example", "x")
    veenendaal = Organisation.objects.get(cbs_code="GM0345")
    Membership.objects.create(user=requester, organisation=veenendaal)
    request = AdviceRequest.objects.create(
        lead_organisation=veenendaal,
        team=team,
        title="Bench",
        question="?",
        created_by=requester,
        status="accepted",
        reference="EXP-2026-9999",
    )
    first_day = add_working_days(local_date(timezone.now()), 1)
    experts = []
    for index in range(EXPERTS):
        user = User.objects.create_user(f"expert{index}@bench.example", "x")
        expert = Expert.objects.create(user=user, weekly_capacity_hours=16)
        expert.teams.add(team)
        calendar = ExternalCalendar.objects.create(expert=expert)
        busy = []
        for _ in range(BUSY_PER_EXPERT):
            day = first_day + dt.timedelta(days=rng.randrange(WEEKS * 7))
            start = dt.datetime.combine(day, dt.time(8 + rng.randrange(9)), tzinfo=AMSTERDAM)
            start += dt.timedelta(minutes=15 * rng.randrange(4))
            busy.append(
                ExternalBusy(
                    calendar=calendar,
                    starts_at=start,
                    ends_at=start + dt.timedelta(minutes=15 * rng.randrange(1, 5)),
                )
            )
        ExternalBusy.objects.bulk_create(busy)
        experts.append(expert)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            request=request,
            title=f"Overleg {index}",
            starts_at=(start := timezone.now() + dt.timedelta(hours=3 * index)),
            ends_at=start + dt.timedelta(hours=1),
            location="Veenendaal",
            created_by=coordinator,
        )
        for index in range(FEED_MEETINGS)
    )
    # The feed's expert is a sixth one, so that the slot search reads exactly 5 x 1,000.
    subscriber = Expert.objects.create(
        user=User.objects.create_user("feed@bench.example", "x"), weekly_capacity_hours=16
    )
    Attendee.objects.bulk_create(
        Attendee(meeting=meeting, user=subscriber.user, email=subscriber.user.email, kind="expert")
        for meeting in meetings
    )
    return coordinator, request, experts, first_day, subscriber


def _slots(coordinator, request, experts, first_day) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings import selectors, services, slots

    people = [selectors.SlotPerson(e.user.email, e.user.email, True, e.pk) for e in experts]
    last_day = first_day + dt.timedelta(weeks=WEEKS)
    timings, queries = [], set()
    for _ in range(30):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            advice = services.suggest_slots(
                actor=coordinator,
                request_id=request.pk,
                people=people,
                first_day=first_day,
                last_day=last_day,
                duration=dt.timedelta(hours=1),
            )
            timings.append((time.perf_counter() - started) * 1000)
        queries.add(len(captured))
    busy = selectors.busy_times(people, first_day, last_day)
    persons = [slots.Person(p.email, p.email, True, busy[p.email]) for p in people]
    starts = slots.candidate_starts(
        first_day, last_day, dt.timedelta(hours=1), not_before=dt.datetime.now(dt.UTC)
    )
    sweep_runs, floor_runs = [], []
    for _ in range(30):
        started = time.perf_counter()
        slots.find_slots(
            persons,
            first_day=first_day,
            last_day=last_day,
            duration=dt.timedelta(hours=1),
            buffer=dt.timedelta(minutes=15),
            not_before=dt.datetime.now(dt.UTC),
        )
        sweep_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        _plain_sweep(persons, starts, dt.timedelta(hours=1), dt.timedelta(minutes=15))
        floor_runs.append(time.perf_counter() - started)
    return {
        "median": statistics.median(timings),
        "queries": queries,
        "found": len(advice.slots),
        "sweep": statistics.median(sweep_runs),
        "floor": statistics.median(floor_runs),
        "candidates": len(starts),
    }


def _plain_sweep(persons, starts, duration, buffer) -> list:
    """The floor: every busy interval of every person, buffered, sorted and merged once into
    one list, then one pass over the candidates (what any slot finder must at least do)."""
    pad, length = int(buffer.total_seconds()), int(duration.total_seconds())
    seconds = [int(start.timestamp()) for start in starts]
    merged = []
    for start, end in sorted(
        (b.start - pad, b.end + pad) for person in persons for b in person.busy
    ):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    free, index = [], 0
    for start in seconds:
        end = start + length
        while index < len(merged) and merged[index][1] <= start:
            index += 1
        if index >= len(merged) or merged[index][0] >= end:
            free.append(start)
    return free


def _feed(expert) -> dict:
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from icalendar import Calendar, Event

    from meetings import services
    from meetings.models import Meeting

    secret = services.create_feed(actor=expert.user, expert=expert).secret
    url = reverse("meetings:feed", args=[secret])
    client = Client()
    cold_runs, warm_runs, not_modified_runs, after_write_runs, queries = [], [], [], [], set()
    for _ in range(7):
        caches["local"].clear()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            cold_runs.append((time.perf_counter() - started) * 1000)
        queries.add(len(captured))
        assert response.status_code == 200
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                warm_runs.append((time.perf_counter() - started) * 1000)
            queries.add(len(captured))
        etag = response["ETag"]
        for _ in range(5):
            started = time.perf_counter()
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
            not_modified_runs.append((time.perf_counter() - started) * 1000)
        # A write between reads: one meeting changes, the feed serialises one event again.
        meeting = Meeting.objects.order_by("?").first()
        Meeting.objects.filter(pk=meeting.pk).update(version=meeting.version + 1)
        started = time.perf_counter()
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
        after_write_runs.append((time.perf_counter() - started) * 1000)
    events = response.content.count(b"BEGIN:VEVENT")
    floor_runs = []
    meetings = list(Meeting.objects.select_related("request").order_by("starts_at")[:events])
    for _ in range(5):
        started = time.perf_counter()
        calendar = Calendar.new(prodid="-//bench//", name="floor")
        for meeting in meetings:
            calendar.add_component(
                Event.new(
                    uid=meeting.uid,
                    sequence=meeting.sequence,
                    stamp=meeting.updated_at,
                    created=meeting.created_at,
                    last_modified=meeting.updated_at,
                    start=meeting.starts_at,
                    end=meeting.ends_at,
                    summary=meeting.title,
                    description=f"{meeting.request.reference} {meeting.request.title}",
                    location=meeting.location,
                    url="http://127.0.0.1:8000/aanvragen/1/",
                    status="CONFIRMED",
                    transparency="OPAQUE",
                )
            )
        calendar.to_ical()
        floor_runs.append((time.perf_counter() - started) * 1000)
    return {
        "events": events,
        "cold": statistics.median(cold_runs),
        "warm": statistics.median(warm_runs),
        "not_modified": statistics.median(not_modified_runs),
        "after_write": statistics.median(after_write_runs),
        "floor": statistics.median(floor_runs),
        "queries": queries,
    }


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    _setup()
    coordinator, request, experts, first_day, subscriber = _world()
    missed = 0
    result = _slots(coordinator, request, experts, first_day)
    ok = result["median"] <= SLOTS_MS
    missed += not ok
    print(
        f"slots: {EXPERTS} experts x {BUSY_PER_EXPERT} busy intervals over {WEEKS} weeks "
        f"({result['candidates']} candidates, {result['found']} offered)"
    )
    print(
        f"  through the service median {result['median']:.1f} ms, "
        f"queries {sorted(result['queries'])}"
        f" (target <= {SLOTS_MS:.0f} ms: {_verdict(ok)}; ratio {result['median'] / SLOTS_MS:.2f})"
    )
    ratio = result["sweep"] / result["floor"]
    ok = ratio <= SWEEP_RATIO
    missed += not ok
    print(
        f"  sweep {result['sweep'] * 1000:.2f} ms, plain sorted sweep (floor) "
        f"{result['floor'] * 1000:.2f} ms, ratio {ratio:.2f} (target <= {SWEEP_RATIO}: "
        f"{_verdict(ok)})"
    )
    feed = _feed(subscriber)
    print(
        f"feed: an expert with {feed['events']} meetings, "
        f"queries per answer {sorted(feed['queries'])}"
    )
    checks = [
        ("unchanged", feed["warm"], FEED_WARM_MS),
        ("304", feed["not_modified"], NOT_MODIFIED_MS),
    ]
    for name, value, target in checks:
        ok = value <= target
        missed += not ok
        print(
            f"  {name}: median {value:.1f} ms (target <= {target:.0f} ms: {_verdict(ok)}; "
            f"ratio {value / target:.2f})"
        )
    ratio = feed["cold"] / feed["floor"]
    ok = ratio <= FEED_COLD_RATIO
    missed += not ok
    print(
        f"  cold: median {feed['cold']:.1f} ms, icalendar alone (floor) {feed['floor']:.1f} ms, "
        f"ratio {ratio:.2f} (target <= {FEED_COLD_RATIO}: {_verdict(ok)})"
    )
    print(
        f"  after one meeting changed (a write between reads): median {feed['after_write']:.1f} ms"
    )
    ok = max(feed["queries"]) <= QUERIES
    missed += not ok
    print(f"  at most {QUERIES} queries: {_verdict(ok)}")
    if missed:
        print(f"{missed} target(s) missed")
        sys.exit(1)
