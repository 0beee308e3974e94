"""Issue "Advice requests" benchmark: the inbox page and the request list API with 10,000
requests, served by gunicorn on 127.0.0.1 under concurrent load.

Targets: API list throughput >= 0.4x the floor (a bare ``.values()`` JSON view over the same
rows, served by the same gunicorn) and the inbox page median <= 150 ms.
Database: a fresh SQLite file (the embedded default), or BENCH_DATABASE_URL if set.
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from bench.harness import ROOT, gunicorn, load

REQUESTS = 10_000
API_FLOOR_RATIO = 0.4
INBOX_MEDIAN_MS = 150.0
BENCH_USERS = "bench."  # the start of every e-mail address the bench makes
LONG_RUN = 2000  # requests per throughput run; the inbox page keeps the default


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


def _populate() -> tuple[str, str]:
    """Fill the database; return (session cookie of a coordinator, API token)."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from accounts.services import create_api_token
    from experts.models import Team, Theme
    from organisations.models import Membership, Organisation
    from requests_app.enums import Status
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
    rng = random.Random(42)
    coordinator = User.objects.create_user("bench.coordinator@rvo.example", "bench-password-1")
    for team in Team.objects.all():
        team.coordinators.add(coordinator)
    municipalities = list(Organisation.objects.filter(kind="municipality"))
    requester = User.objects.create_user("bench.requester@example.nl", "bench-password-1")
    Membership.objects.create(user=requester, organisation=municipalities[0])
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
    rows = []
    for number in range(1, REQUESTS + 1):
        submitted = now - dt.timedelta(days=rng.randint(0, 400), minutes=rng.randint(0, 600))
        status = rng.choice(statuses)
        team = (
            rng.choice(teams)
            if status in (Status.SUBMITTED, Status.NEEDS_INFO)
            else (rng.choice(teams[:-1]))
        )
        rows.append(
            AdviceRequest(
                reference=f"EXP-2025-{number:05d}",
                lead_organisation=rng.choice(municipalities),
                team=team,
                title=f"Woningbouwvraag {number} over {rng.choice(themes).name}",
                question="Hoe versnellen we de bouw van betaalbare woningen in onze gemeente? " * 3,
                status=status,
                created_by=requester,
                submitted_at=submitted,
                triage_deadline=(submitted + dt.timedelta(days=7)).date()
                if status == Status.SUBMITTED
                else None,
                desired_results=["business_case"],
            )
        )
    AdviceRequest.objects.bulk_create(rows, batch_size=1000)
    through = AdviceRequest.themes.through
    links = [
        through(advicerequest_id=request_id, theme_id=theme.id)
        for request_id in AdviceRequest.objects.values_list("id", flat=True)
        for theme in rng.sample(themes, 2)
    ]
    through.objects.bulk_create(links, batch_size=2000)
    if connection.vendor == "postgresql":
        # What autovacuum does after a bulk load; the bench does not wait for it.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    client = Client()
    client.force_login(coordinator)
    session = client.cookies["sessionid"].value
    token = create_api_token(actor=coordinator, name="bench").secret
    return session, token


def main() -> None:
    env = _prepare_environment()
    session, token = _populate()
    cookie = {"Cookie": f"sessionid={session}"}
    api_auth = {"Authorization": f"Token {token}", "Accept": "application/json"}
    pages = [f"?page={page}" for page in range(1, 6)]
    floor_paths = [f"/bench/floor/{p}" for p in pages]
    with gunicorn(env, workers=2) as port:
        # The floor is measured before and after the API list and the two runs are pooled,
        # so a moment of noise on this shared machine cannot decide the ratio alone.
        floor_before = load("floor (.values() JSON)", port, floor_paths, {}, total=LONG_RUN)
        api = load(
            "API /api/v1/requests/",
            port,
            [f"/api/v1/requests/{p}" for p in pages],
            api_auth,
            total=LONG_RUN,
        )
        floor_after = load("floor (.values() JSON)", port, floor_paths, {}, total=LONG_RUN)
        inbox = load("inbox page", port, [f"/coordinator/inbox/{p}" for p in pages], cookie)
    floor = floor_before.pooled(floor_after)
    print(
        f"{REQUESTS} requests, gunicorn 2 workers, 4 concurrent clients, database "
        f"{env['DATABASE_URL'].split(':', 1)[0]}"
    )
    for figures in (floor, api, inbox):
        print(figures.line())
    ratio = api.rps / floor.rps
    print(
        f"  API throughput / floor = {ratio:.2f}  (target >= {API_FLOOR_RATIO}: "
        f"{'met' if ratio >= API_FLOOR_RATIO else 'NOT met'})"
    )
    print(
        f"  inbox median = {inbox.median:.1f} ms  (target <= {INBOX_MEDIAN_MS:.0f} ms: "
        f"{'met' if inbox.median <= INBOX_MEDIAN_MS else 'NOT met'}; "
        f"ratio to target {inbox.median / INBOX_MEDIAN_MS:.2f})"
    )
    if floor.errors or api.errors or inbox.errors:
        raise SystemExit("benchmark saw non-200 answers; the figures are not valid")
