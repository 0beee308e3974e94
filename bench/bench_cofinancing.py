"""Issue "Co-financing" benchmarks, in-process on a fresh SQLite database.

1. The ledger of a request with 5,000 time entries (``selectors.request_ledger``): a constant
   number of aggregate queries (the same at 50 and at 5,000 entries), median < 100 ms.
2. The programme view of a team-year with 100,000 time entries (``selectors.programme``):
   a constant number of aggregate queries (the same at 1,000 and at 100,000), median < 100 ms.
A write between reads (one more entry) is part of each loop, as in real use.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from decimal import Decimal

from bench.harness import django_on_fresh_sqlite

LEDGER_ENTRIES = 5_000
PROGRAMME_ENTRIES = 100_000
PROGRAMME_REQUESTS = 400
TARGET_MS = 100.0


def _setup() -> None:
    django_on_fresh_sqlite("cofinancing")


def _world(requests: int, entries: int, *, year: int):
    """Requests of Weer Thuis with an accepted agreement each, and entries spread over them."""
    from accounts.models import User
    from cofinancing.models import Agreement, AgreementVersion, TimeEntry
    from experts.models import Expert, Team
    from organisations.models import Organisation
    from requests_app.models import AdviceRequest, Assignment

    rng = random.Random(requests)
    team = Team.objects.get(slug="weer-thuis")
    suffix = f"{requests}-{entries}"
    coordinator = User.objects.create_user(f"c{suffix}@bench.example", "x")
    user = User.objects.create_user(f"e{suffix}@bench.example", "x")
    expert = Expert.objects.create(user=user, weekly_capacity_hours=40)
    lead = Organisation.objects.get(cbs_code="GM0345")
    made = AdviceRequest.objects.bulk_create(
        AdviceRequest(
            lead_organisation=lead,
            team=team,
            title=f"Bench {suffix} {index}",
            question="?",
            created_by=coordinator,
            status="in_progress",
        )
        for index in range(requests)
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(
            request=request,
            expert=expert,
            role="lead",
            status="accepted",
            hours_budget=Decimal("10000"),
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            hours_per_week=Decimal("1"),
            assigned_by=coordinator,
        )
        for request in made
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(request=request, status="accepted") for request in made
    )
    versions = AgreementVersion.objects.bulk_create(
        AgreementVersion(
            agreement=agreement,
            number=1,
            hours=Decimal("10000"),
            hourly_rate=Decimal("140"),
            programme_hours=Decimal("24"),
            requester_share=Decimal("0.5"),
            created_by=coordinator,
        )
        for agreement in agreements
    )
    for agreement, version in zip(agreements, versions, strict=True):
        agreement.current = version
    Agreement.objects.bulk_update(agreements, ["current"])
    rows = []
    for index in range(entries):
        slot = index % requests
        rows.append(
            TimeEntry(
                assignment=assignments[slot],
                request=made[slot],
                expert=expert,
                version=versions[slot],
                day=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(330)),
                hours=Decimal(rng.choice(["0.25", "1", "2.5", "4", "7.75"])),
                description="werk",
            )
        )
        if len(rows) == 5_000:
            TimeEntry.objects.bulk_create(rows)
            rows = []
    TimeEntry.objects.bulk_create(rows)
    return team, made, assignments, versions, expert


def _measure(read, write) -> tuple[float, set[int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], set()
    for run in range(15):
        if run % 3 == 2:
            write()  # a new entry between reads
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            read()
            timings.append((time.perf_counter() - started) * 1000)
        queries.add(len(captured))
    return statistics.median(timings), queries


def _queries(read) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        read()
    return len(captured)


def _writer(assignment, version, expert):
    from cofinancing.models import TimeEntry

    def write() -> None:
        TimeEntry.objects.create(
            assignment=assignment,
            request_id=assignment.request_id,
            expert=expert,
            version=version,
            day=dt.date(2026, 11, 30),
            hours=Decimal("1"),
            description="nog een uur",
        )

    return write


def main() -> None:
    _setup()
    from cofinancing import selectors

    year = 2026
    missed = 0
    small_team, small, *_rest = _world(1, 50, year=year)
    _team, big, assignments, versions, expert = _world(1, LEDGER_ENTRIES, year=year)
    small_queries = _queries(lambda: selectors.request_ledger(small[0]))
    median, queries = _measure(
        lambda: selectors.request_ledger(big[0]), _writer(assignments[0], versions[0], expert)
    )
    constant = queries == {small_queries}
    ok = median < TARGET_MS and constant
    missed += not ok
    print(f"ledger: a request with {LEDGER_ENTRIES} time entries (and one more every third read)")
    print(
        f"  median {median:.1f} ms (target < {TARGET_MS:.0f} ms; ratio {median / TARGET_MS:.2f}); "
        f"queries {sorted(queries)}, with 50 entries {small_queries} "
        f"({'constant' if constant else 'NOT constant'}): {'met' if ok else 'NOT met'}"
    )
    team, _many, assignments, versions, expert = _world(
        PROGRAMME_REQUESTS, PROGRAMME_ENTRIES, year=year
    )
    small_queries = _queries(lambda: selectors.programme(small_team.pk, year))
    median, queries = _measure(
        lambda: selectors.programme(team.pk, year), _writer(assignments[0], versions[0], expert)
    )
    constant = queries == {small_queries}
    ok = median < TARGET_MS and constant
    missed += not ok
    print(
        f"programme view: a team-year with {PROGRAMME_ENTRIES} entries over "
        f"{PROGRAMME_REQUESTS} requests (all in one team here)"
    )
    print(
        f"  median {median:.1f} ms (target < {TARGET_MS:.0f} ms; ratio {median / TARGET_MS:.2f}); "
        f"queries {sorted(queries)}, with 51 entries {small_queries} "
        f"({'constant' if constant else 'NOT constant'}): {'met' if ok else 'NOT met'}"
    )
    if missed:
        print(f"{missed} target(s) missed")
        sys.exit(1)
