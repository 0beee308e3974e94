"""Issue "Reports" benchmark, in-process on a fresh SQLite database.

The coordinator dashboard for both teams over a year with 10,000 requests, 2,000 meetings and
100,000 time entries (``seed`` below, by bulk_create): the page through Django's test client
(middleware, the figures and the template), median of several reads, target <= 500 ms, and the
same number of queries as on a world a hundred times smaller. Prints the time, the query count
and the ratio to the target; exits non-zero when either is missed.

``seed`` is also what tests/reports/test_dashboard_queries.py builds its two sizes with.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal

REQUESTS = 10_000
MEETINGS = 2_000
ENTRIES = 100_000
EXPERTS = 60
TARGET_MS = 500.0
YEAR = 2026
BATCH = 5_000


def seed(requests: int, meetings: int, entries: int, *, year: int = YEAR, experts: int = EXPERTS):
    """A year of both teams' work: requests in every status over the year with their events,
    themes and partners, lead experts, agreements on a third, meetings, time entries and
    survey answers. Returns a coordinator of both teams."""
    from django.db.models import OuterRef, Subquery
    from django.utils import timezone

    from accounts.models import User
    from cofinancing.models import Agreement, AgreementVersion, TimeEntry
    from experts.models import Expert, Team, Theme
    from meetings.models import Meeting
    from organisations.models import Organisation
    from reports.models import SatisfactionResponse
    from requests_app.models import AdviceRequest, Assignment, Event

    rng = random.Random(requests)
    tag = f"{requests}-{entries}-{rng.randrange(10**6)}"
    teams = list(Team.objects.order_by("pk"))
    themes = list(Theme.objects.order_by("pk"))
    municipalities = list(Organisation.objects.filter(kind="municipality").order_by("pk"))
    coordinator = User.objects.create_user(f"coordinator-{tag}@bench.example", "x")
    for team in teams:
        team.coordinators.add(coordinator)
    users = User.objects.bulk_create(
        User(email=f"expert{n}-{tag}@bench.example", first_name="Expert", last_name=str(n))
        for n in range(experts)
    )
    people = Expert.objects.bulk_create(
        Expert(user=user, weekly_capacity_hours=Decimal(rng.choice(["8", "16", "24"])))
        for user in users
    )
    Expert.teams.through.objects.bulk_create(
        Expert.teams.through(expert=person, team=teams[n % len(teams)])
        for n, person in enumerate(people)
    )
    start = dt.datetime(year, 1, 1, 8, tzinfo=dt.UTC)
    statuses = ["submitted", "needs_info", "accepted", "in_progress", "completed", "closed"]
    statuses += ["declined", "withdrawn"]
    rows = []
    for n in range(requests):
        submitted = start + dt.timedelta(days=rng.randrange(330), hours=rng.randrange(9))
        status = rng.choice(statuses)
        decided = (
            submitted + dt.timedelta(days=rng.randrange(1, 12))
            if status not in ("submitted", "needs_info", "withdrawn")
            else None
        )
        rows.append(
            AdviceRequest(
                lead_organisation=municipalities[n % len(municipalities)],
                team=teams[n % len(teams)],
                title=f"Bench {n}",
                question="?",
                created_by=coordinator,
                status=status,
                submitted_at=submitted,
                decided_at=decided,
                completed_at=(
                    decided + dt.timedelta(days=rng.randrange(20, 90))
                    if decided and status in ("completed", "closed")
                    else None
                ),
                triage_deadline=(submitted + dt.timedelta(days=7)).date(),
            )
        )
    made = AdviceRequest.objects.bulk_create(rows, batch_size=BATCH)
    AdviceRequest.themes.through.objects.bulk_create(
        (
            AdviceRequest.themes.through(advicerequest=request, theme=themes[n % len(themes)])
            for n, request in enumerate(made)
        ),
        batch_size=BATCH,
    )
    AdviceRequest.partners.through.objects.bulk_create(
        (
            AdviceRequest.partners.through(
                advicerequest=request, organisation=municipalities[(n + 1) % len(municipalities)]
            )
            for n, request in enumerate(made)
            if n % 5 == 0
        ),
        batch_size=BATCH,
    )
    Event.objects.bulk_create(
        (
            Event(
                request=request,
                action=f"request.{request.status}",
                to_status=request.status,
            )
            for request in made
            if request.decided_at
        ),
        batch_size=BATCH,
    )
    # bulk_create stamps created_at with now (auto_now_add); the figures read when the
    # decision was taken, so one UPDATE puts each event at its request's decision.
    Event.objects.filter(request__created_by=coordinator).update(
        created_at=Subquery(
            AdviceRequest.objects.filter(pk=OuterRef("request_id")).values("decided_at")[:1]
        )
    )
    working = [r for r in made if r.status in ("accepted", "in_progress", "completed", "closed")]
    assignments = Assignment.objects.bulk_create(
        (
            Assignment(
                request=request,
                expert=people[n % len(people)],
                role="lead",
                status="accepted",
                hours_budget=Decimal("40"),
                period_start=request.decided_at.date(),
                period_end=request.decided_at.date() + dt.timedelta(weeks=12),
                hours_per_week=Decimal("3.34"),
                assigned_by=coordinator,
            )
            for n, request in enumerate(working)
        ),
        batch_size=BATCH,
    )
    funded = working[::3]
    agreements = Agreement.objects.bulk_create(
        (
            Agreement(request=request, status="accepted", decided_at=request.decided_at)
            for request in funded
        ),
        batch_size=BATCH,
    )
    versions = AgreementVersion.objects.bulk_create(
        (
            AgreementVersion(
                agreement=agreement,
                number=1,
                hours=Decimal("80"),
                hourly_rate=Decimal("140"),
                programme_hours=Decimal("24"),
                requester_share=Decimal("0.5"),
                created_by=coordinator,
            )
            for agreement in agreements
        ),
        batch_size=BATCH,
    )
    for agreement, version in zip(agreements, versions, strict=True):
        agreement.current = version
    Agreement.objects.bulk_update(agreements, ["current"], batch_size=BATCH)
    version_of = {a.request_id: v for a, v in zip(agreements, versions, strict=True)}
    Meeting.objects.bulk_create(
        (
            Meeting(
                request=request,
                title="Overleg",
                starts_at=request.decided_at + dt.timedelta(days=rng.randrange(1, 30)),
                ends_at=request.decided_at + dt.timedelta(days=30, hours=1),
                status="scheduled" if n % 10 else "cancelled",
                created_by=coordinator,
            )
            for n, request in ((n, working[n % len(working)]) for n in range(meetings))
        ),
        batch_size=BATCH,
    )
    batch = []
    for n in range(entries):
        assignment = assignments[n % len(assignments)]
        batch.append(
            TimeEntry(
                assignment=assignment,
                request_id=assignment.request_id,
                expert_id=assignment.expert_id,
                version=version_of.get(assignment.request_id),
                day=dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(360)),
                hours=Decimal(rng.choice(["0.25", "1", "2.5", "4"])),
                description="werk",
            )
        )
        if len(batch) == BATCH:
            TimeEntry.objects.bulk_create(batch)
            batch = []
    TimeEntry.objects.bulk_create(batch)
    now = timezone.now()
    SatisfactionResponse.objects.bulk_create(
        (
            SatisfactionResponse(
                request=request,
                invited_at=now,
                score=(n % 5) + 1 if n % 3 else None,
                answered_at=now if n % 3 else None,
            )
            for n, request in enumerate(r for r in made if r.completed_at)
        ),
        batch_size=BATCH,
    )
    return coordinator


def _client(coordinator):
    from allauth.mfa.models import Authenticator
    from django.test import Client

    # Coordinators must have a second factor before they see any page.
    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={})
    client = Client(HTTP_HOST="localhost")
    client.force_login(coordinator)
    return client


def _read(client) -> tuple[float, float, int]:
    """One read of the page: wall time and this process's CPU time (SQLite runs in it too,
    so the CPU time is the page's own cost; the wall time also holds waiting for the CPU on
    a shared machine), and the queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(
            f"/coordinator/dashboard/?team=alle&start={YEAR}-01-01&end={YEAR}-12-31"
        )
        elapsed = (time.perf_counter() - started) * 1000
        cpu_ms = (time.process_time() - cpu) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"the dashboard answered {response.status_code}")
    return elapsed, cpu_ms, len(captured)


def main() -> None:
    from bench.harness import django_on_fresh_sqlite

    django_on_fresh_sqlite("reports")
    small = _client(seed(REQUESTS // 100, MEETINGS // 100, ENTRIES // 100))
    *_small, small_queries = _read(small)
    started = time.perf_counter()
    big = _client(seed(REQUESTS, MEETINGS, ENTRIES))
    print(
        f"seeded {REQUESTS} requests, {MEETINGS} meetings, {ENTRIES} time entries "
        f"in {time.perf_counter() - started:.1f} s"
    )
    _read(big)  # warm up
    timings, cpu, queries = [], [], set()
    for _run in range(9):
        elapsed, cpu_ms, count = _read(big)
        timings.append(elapsed)
        cpu.append(cpu_ms)
        queries.add(count)
    median = statistics.median(timings)
    constant = queries == {small_queries}
    ok = median <= TARGET_MS and constant
    print("dashboard, both teams, a year (the page: middleware, figures, template)")
    print(
        f"  median {median:.1f} ms (target <= {TARGET_MS:.0f} ms; ratio {median / TARGET_MS:.2f}); "
        f"CPU {statistics.median(cpu):.1f} ms; queries {sorted(queries)}, a hundred times "
        f"smaller {small_queries} ({'constant' if constant else 'NOT constant'}): "
        f"{'met' if ok else 'NOT met'}"
    )
    load = os.getloadavg()[0]
    print(f"  (load average {load:.1f} on {os.cpu_count()} CPUs while measuring)")
    if not ok:
        sys.exit(1)
