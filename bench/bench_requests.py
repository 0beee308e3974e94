"""Issue "Advice requests" benchmark: the inbox page and the request list API with 10,000 and
then 100,000 requests, served by gunicorn on 127.0.0.1 under concurrent load, read-only and
with writes mixed in (one per ten reads, through the API: a coordinator accepts a submitted
request, or a requester files a new one and submits it).

Targets, at both sizes, read-only and mixed: API list throughput >= 0.4x the floor (a bare
``.values()`` JSON view over the same rows, served by the same gunicorn, under the same
writes) and the inbox page median <= 150 ms; the inbox flat in volume (its median at 100,000
at most 1.5x the one at 10,000). A missed target makes the benchmark exit 1.

The API list and the inbox are also measured without their kept counts
(``selectors.kept_count``): that is how the cache's worth under writes is measured.
Database: a fresh SQLite file (the embedded default), or BENCH_DATABASE_URL if set.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import ROOT, Figures, Server, gunicorn, load, post

SIZES = (10_000, 100_000)
API_FLOOR_RATIO = 0.4
INBOX_MEDIAN_MS = 150.0
INBOX_GROWTH = 1.5  # the inbox's median at the largest size over the one at the smallest
BENCH_USERS = "bench."  # the start of every e-mail address the bench makes
LONG_RUN = 1000  # requests per throughput run
INBOX_RUN = 300
UNCOUNTED_RUN = 400  # the API list without kept counts is slow at 100,000: fewer suffice
READS_PER_WRITE = 10


def _prepare_environment() -> dict[str, str]:
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    database = bench_dir / "requests.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{database}"),
        "EXPERTDESK_REQUIRE_2FA_FOR_STAFF": "0",
        "DEBUG": "0",
    }
    os.environ.update(env)
    return env


@dataclass
class People:
    session: str  # the coordinator's session cookie (the inbox page)
    coordinator_token: str
    requester_token: str
    organisation: str  # the requester's municipality, by CBS code


def _people() -> People:
    """A fresh database with a coordinator of every team and a requester, and no requests."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from accounts.services import create_api_token
    from experts.models import Team
    from organisations.models import Membership, Organisation
    from requests_app.models import AdviceRequest, Event

    call_command("migrate", verbosity=0)
    # A PostgreSQL database is reused between runs: remove what an earlier run made, and
    # refuse a database that holds anything else (BENCH_DATABASE_URL is not for real data).
    ours = AdviceRequest.objects.filter(created_by__email__startswith=BENCH_USERS)
    if AdviceRequest.objects.exclude(pk__in=ours.values("pk")).exists():
        raise SystemExit("The benchmark database holds requests it did not make; use an empty one.")
    Event.objects.filter(request__in=ours).delete()
    ours.delete()
    User.objects.filter(email__startswith=BENCH_USERS).delete()
    coordinator = User.objects.create_user("bench.coordinator@rvo.example", "bench-password-1")
    for team in Team.objects.all():
        team.coordinators.add(coordinator)
    municipality = Organisation.objects.filter(kind="municipality").order_by("name").first()
    requester = User.objects.create_user("bench.requester@example.nl", "bench-password-1")
    Membership.objects.create(user=requester, organisation=municipality)
    client = Client()
    client.force_login(coordinator)
    return People(
        session=client.cookies["sessionid"].value,
        coordinator_token=create_api_token(actor=coordinator, name="bench").secret,
        requester_token=create_api_token(actor=requester, name="bench").secret,
        organisation=municipality.cbs_code,
    )


def _add_requests(first: int, last: int) -> None:
    """Requests numbered ``first``..``last`` (bulk: 90,000 take seconds), 9 in 10 open."""
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from experts.models import Team, Theme
    from organisations.models import Organisation
    from requests_app.enums import Status
    from requests_app.models import AdviceRequest

    rng = random.Random(first)
    requester = User.objects.get(email="bench.requester@example.nl")
    municipalities = list(Organisation.objects.filter(kind="municipality"))
    teams = [*Team.objects.all(), None]
    themes = list(Theme.objects.all())
    statuses = [Status.SUBMITTED] * 5 + [
        Status.NEEDS_INFO,
        Status.ACCEPTED,
        Status.IN_PROGRESS,
        Status.COMPLETED,
        Status.CLOSED,
    ]
    now = timezone.now()
    through = AdviceRequest.themes.through
    for start in range(first, last + 1, 5000):
        rows = []
        for number in range(start, min(start + 5000, last + 1)):
            submitted = now - dt.timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 600))
            status = rng.choice(statuses)
            team = (
                rng.choice(teams)
                if status in (Status.SUBMITTED, Status.NEEDS_INFO)
                else rng.choice(teams[:-1])
            )
            rows.append(
                AdviceRequest(
                    reference=f"EXP-2025-{number:06d}",
                    lead_organisation=rng.choice(municipalities),
                    team=team,
                    title=f"Woningbouwvraag {number} over {rng.choice(themes).name}",
                    question="Hoe versnellen we de bouw van betaalbare woningen in onze gemeente? "
                    * 3,
                    status=status,
                    created_by=requester,
                    submitted_at=submitted,
                    triage_deadline=(submitted + dt.timedelta(days=7)).date()
                    if status == Status.SUBMITTED
                    else None,
                    desired_results=["business_case"],
                )
            )
        made = AdviceRequest.objects.bulk_create(rows, batch_size=1000)
        links = [
            through(advicerequest_id=request.pk, theme_id=theme.id)
            for request in made
            for theme in rng.sample(themes, 2)
        ]
        through.objects.bulk_create(links, batch_size=2000)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load; the bench does not wait for it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


class Writer:
    """One write per call through the API, taking turns: the coordinator accepts a submitted
    request (of a team), or the requester files a new request and submits it."""

    def __init__(self, port: int, people: People) -> None:
        from experts.models import Team, Theme
        from requests_app.enums import Status
        from requests_app.models import AdviceRequest

        self.port = port
        self.coordinator = {"Authorization": f"Token {people.coordinator_token}"}
        self.requester = {"Authorization": f"Token {people.requester_token}"}
        self.organisation = people.organisation
        self.team = Team.objects.order_by("name").values_list("slug", flat=True).first()
        self.themes = list(Theme.objects.order_by("name").values_list("slug", flat=True)[:2])
        waiting = AdviceRequest.objects.filter(status=Status.SUBMITTED, team__isnull=False)
        self.to_accept = list(waiting.order_by("?").values_list("pk", flat=True)[:2000])
        self.turn = 0
        self.lock = threading.Lock()

    def on(self, port: int) -> Writer:
        """The same writer for another server: both take from one list of requests to accept."""
        other = copy.copy(self)  # shallow: the list and its lock are shared
        other.port = port
        return other

    def __call__(self) -> bool:
        with self.lock:
            self.turn += 1
            accept = self.turn % 2 == 1 and bool(self.to_accept)
            request_id = self.to_accept.pop() if accept else None
        if request_id is not None:
            path = f"/api/v1/requests/{request_id}/accept/"
            return post(self.port, path, self.coordinator, {})[0] == 200
        status, body = post(
            self.port,
            "/api/v1/requests/",
            self.requester,
            {
                "lead_organisation": self.organisation,
                "team": self.team,
                "themes": self.themes,
                "title": "Nieuwe woningbouwvraag",
                "question": "Hoe versnellen we de bouw van betaalbare woningen?",
                "desired_results": ["business_case"],
            },
        )
        if status != 201:
            return False
        submit = f"/api/v1/requests/{json.loads(body)['id']}/submit/"
        return post(self.port, submit, self.requester, {})[0] == 200


@dataclass
class Size:
    """One size's figures, each by scenario ("read-only", "mixed")."""

    requests: int
    floor: dict[str, Figures] = field(default_factory=dict)
    api: dict[str, Figures] = field(default_factory=dict)
    api_uncounted: dict[str, Figures] = field(default_factory=dict)  # no kept counts
    inbox: dict[str, Figures] = field(default_factory=dict)
    inbox_uncounted: dict[str, Figures] = field(default_factory=dict)  # mixed only


SCENARIOS = ("read-only", "mixed")


def _measure(env: dict[str, str], people: People, requests: int) -> Size:
    cookie = {"Cookie": f"sessionid={people.session}"}
    api_auth = {"Authorization": f"Token {people.coordinator_token}", "Accept": "application/json"}
    pages = [f"?page={page}" for page in range(1, 6)]
    floor = ("floor (.values() JSON)", [f"/bench/floor/{p}" for p in pages], {})
    api = ("API list", [f"/api/v1/requests/{p}" for p in pages], api_auth)
    inbox = ("inbox page", [f"/coordinator/inbox/{p}" for p in pages], cookie)
    bare_api = ("API list, counts not kept", *api[1:])
    bare_inbox = ("inbox page, count not kept", *inbox[1:])
    size = Size(requests)
    # Two servers side by side, one keeping list counts and one not; the runs that compare
    # them take turns in halves, so a change in this shared machine's load hits both alike.
    bare_env = {**env, "BENCH_KEEP_LIST_COUNTS": "0"}
    with gunicorn(env, workers=2) as server, gunicorn(bare_env, workers=2) as bare:
        writer = Writer(server.port, people)
        bare_writer = writer.on(bare.port)

        def run(
            what: tuple, total: int, on: Server = server, writes: Writer | None = None
        ) -> Figures:
            name, paths, headers = what
            return load(
                name, on, paths, headers, total=total, write=writes, reads_per_write=READS_PER_WRITE
            )

        def turns(
            what: tuple, bare_what: tuple, total: int, bare_total: int, mixed: bool
        ) -> tuple[Figures, Figures]:
            kept, not_kept = [], []
            for _ in range(2):
                kept.append(run(what, total // 2, server, writer if mixed else None))
                not_kept.append(
                    run(bare_what, bare_total // 2, bare, bare_writer if mixed else None)
                )
            return kept[0].pooled(kept[1]), not_kept[0].pooled(not_kept[1])

        # The floor is measured before and after the API list and the two runs are pooled,
        # so a moment of noise on this shared machine cannot decide the ratio alone.
        floor_before = run(floor, LONG_RUN)
        size.api["read-only"], size.api_uncounted["read-only"] = turns(
            api, bare_api, LONG_RUN, UNCOUNTED_RUN, mixed=False
        )
        size.floor["read-only"] = floor_before.pooled(run(floor, LONG_RUN))
        size.inbox["read-only"] = run(inbox, INBOX_RUN)
        size.floor["mixed"] = run(floor, LONG_RUN, server, writer)
        size.api["mixed"], size.api_uncounted["mixed"] = turns(
            api, bare_api, LONG_RUN, UNCOUNTED_RUN, mixed=True
        )
        size.inbox["mixed"], size.inbox_uncounted["mixed"] = turns(
            inbox, bare_inbox, INBOX_RUN, INBOX_RUN, mixed=True
        )
    return size


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _report(size: Size, database: str) -> int:
    """Print one size's figures; the number of targets missed."""
    missed = 0
    print(
        f"{size.requests} requests, gunicorn 2 workers, 4 concurrent clients, database {database}"
    )
    for scenario in SCENARIOS:
        writes = f" (1 write per {READS_PER_WRITE} reads)" if scenario == "mixed" else ""
        print(f" {scenario}{writes}:")
        api, floor, inbox = size.api[scenario], size.floor[scenario], size.inbox[scenario]
        uncounted = size.api_uncounted[scenario]
        for figures in (floor, api, uncounted, inbox):
            print(figures.line())
            if figures.errors or figures.write_errors:
                print("  non-200 answers: the figures are not valid")
                missed += 1
        ratio = api.rps / floor.rps
        ok = ratio >= API_FLOOR_RATIO
        missed += not ok
        print(
            f"  API throughput / floor = {ratio:.2f}  (target >= {API_FLOOR_RATIO}: "
            f"{_verdict(ok)}); without kept counts {uncounted.rps / floor.rps:.2f}, so keeping "
            f"them gives x{api.rps / uncounted.rps:.2f} the throughput"
        )
        ok = inbox.median <= INBOX_MEDIAN_MS
        missed += not ok
        print(
            f"  inbox median = {inbox.median:.1f} ms  (target <= {INBOX_MEDIAN_MS:.0f} ms: "
            f"{_verdict(ok)}; ratio to target {inbox.median / INBOX_MEDIAN_MS:.2f})"
        )
        if scenario == "mixed":
            bare = size.inbox_uncounted[scenario]
            print(bare.line())
            missed += bool(bare.errors or bare.write_errors)
            print(
                f"  inbox median without its kept count {bare.median:.1f} ms "
                f"(x{bare.median / inbox.median:.2f} the one with it)"
            )
    return missed


def _report_growth(small: Size, large: Size) -> int:
    missed = 0
    print(f"{large.requests} / {small.requests} requests:")
    for scenario in SCENARIOS:
        growth = large.inbox[scenario].median / small.inbox[scenario].median
        ok = growth <= INBOX_GROWTH
        missed += not ok
        api = large.api[scenario].rps / small.api[scenario].rps
        print(
            f"  {scenario}: inbox median x{growth:.2f} (target <= {INBOX_GROWTH}: "
            f"{_verdict(ok)}), inbox p95 "
            f"x{large.inbox[scenario].p95 / small.inbox[scenario].p95:.2f}, inbox server CPU "
            f"x{large.inbox[scenario].cpu_ms / small.inbox[scenario].cpu_ms:.2f}, "
            f"API throughput x{api:.2f}, API server CPU "
            f"x{large.api[scenario].cpu_ms / small.api[scenario].cpu_ms:.2f}"
        )
    return missed


def main() -> None:
    env = _prepare_environment()
    database = env["DATABASE_URL"].split(":", 1)[0]
    people = _people()
    sizes: list[Size] = []
    missed = made = 0
    for requests in SIZES:
        started = time.perf_counter()
        _add_requests(made + 1, requests)  # the larger size adds to the smaller one
        print(f"({requests - made} requests added in {time.perf_counter() - started:.0f} s)")
        made = requests
        sizes.append(_measure(env, people, requests))
        missed += _report(sizes[-1], database)
    missed += _report_growth(sizes[0], sizes[-1])
    if missed:
        print(f"{missed} target(s) missed")
        sys.exit(1)
