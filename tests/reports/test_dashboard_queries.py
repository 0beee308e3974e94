"""The dashboard reads a bounded number of aggregate queries: the same for a small world and
one ten times larger (the benchmark's seed, bench/bench_reports.py, at test sizes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.bench_reports import seed

pytestmark = [pytest.mark.django_db]

PAGE = "/coordinator/dashboard/?team=alle&start=2026-01-01&end=2026-12-31"
API = "/api/v1/reports/dashboard/?team=alle&start=2026-01-01&end=2026-12-31"
MOST = 25  # every figure's queries plus the session, the user and the roles


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_same_number_of_queries_at_two_sizes():
    coordinator = seed(30, 6, 300, experts=6)
    client = Client()
    client.force_login(coordinator)
    small = (queries(client, PAGE), queries(client, API))
    first_total = client.get(PAGE).context["board"].demand.total
    seed(300, 60, 3000, experts=12)
    large = (queries(client, PAGE), queries(client, API))
    # The second world's requests are in the same teams and year: ten times more to count.
    assert client.get(PAGE).context["board"].demand.total == first_total + 300
    assert small == large
    assert small[0] <= MOST
