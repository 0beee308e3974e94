"""The inbox's order and count at any volume: the order the database keeps per request
(``inbox_rank``) read along its index, and the whole inbox's count kept between changes
(bench_requests measures both at 10,000 and 100,000 requests)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from core.workdays import local_date
from requests_app import selectors
from requests_app.models import AdviceRequest
from requests_app.services import lifecycle
from tests.factories import accept_request, file_request
from tests.requests_app.test_views_coordinator_inbox import INBOX, rows, sign_in, text

pytestmark = pytest.mark.django_db


def _on(request: AdviceRequest, deadline: dt.date | None) -> AdviceRequest:
    AdviceRequest.objects.filter(pk=request.pk).update(triage_deadline=deadline)
    return request


def test_the_order_waiting_by_deadline_then_paused_then_decided_and_it_follows_a_decision(
    client, coordinator_weer_thuis, requester, weer_thuis
):
    today = local_date(timezone.now())
    # filed first, due last: the deadline decides before the filing time
    later = file_request(requester=requester, team=weer_thuis, title="Later")
    _on(later, today + dt.timedelta(days=3))
    sooner = _on(file_request(requester=requester, team=weer_thuis, title="Eerder"), today)
    same_day = _on(file_request(requester=requester, team=weer_thuis, title="Zelfde dag"), today)
    paused = file_request(requester=requester, team=weer_thuis, title="Gepauzeerd")
    _ask_info(coordinator_weer_thuis, paused)
    decided_late = file_request(requester=requester, team=weer_thuis, title="Besloten")
    accept_request(decided_late, coordinator_weer_thuis)
    _on(decided_late, today - dt.timedelta(days=30))  # a decision keeps its old deadline
    decided_without = file_request(requester=requester, team=weer_thuis, title="Zonder")
    accept_request(decided_without, coordinator_weer_thuis)
    _on(decided_without, None)
    declined = file_request(requester=requester, team=weer_thuis, title="Afgewezen")
    lifecycle.transition(
        actor=coordinator_weer_thuis, request_id=declined.pk, action="decline", note="Nee"
    )
    file_request(requester=requester, team=weer_thuis, submit=False)  # a draft

    signed_in = sign_in(client, coordinator_weer_thuis)
    assert list(rows(signed_in.get(INBOX))) == [
        sooner.reference,  # waiting, the nearest deadline first; the same day: filed first
        same_day.reference,
        later.reference,
        paused.reference,  # waiting without a deadline
        decided_late.reference,  # decided: by their deadline, whatever it is
        decided_without.reference,
    ]

    accept_request(sooner, coordinator_weer_thuis)  # the database re-ranks it at once
    assert list(rows(signed_in.get(INBOX)))[:2] == [same_day.reference, later.reference]
    assert list(rows(signed_in.get(INBOX)))[-3:] == [
        decided_late.reference,
        sooner.reference,
        decided_without.reference,
    ]


def _ask_info(coordinator, advice_request: AdviceRequest) -> None:
    lifecycle.transition(
        actor=coordinator, request_id=advice_request.pk, action="ask_info", note="Welke?"
    )


def test_a_page_of_the_inbox_is_read_in_the_order_of_an_index_not_sorted(coordinator_weer_thuis):
    """SQLite without ANALYZE statistics plans the same at any size, so the plan here is the
    plan at 100,000 requests: the page is read along ``request_inbox_order`` and the reading
    stops at the page, instead of every open request being sorted for it (bench_requests)."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans by the statistics of the rows it holds")
    plan = selectors.inbox(coordinator_weer_thuis)[50:100].explain()
    assert "USING INDEX request_inbox_order" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize("query", ["", "?page=2"])
def test_the_inbox_page_itself_reads_its_rows_along_that_index(
    query, requester, weer_thuis, coordinator_weer_thuis
):
    """What the page runs, not only the selector: a status condition added on the way (the
    filter's "open unless ticked") once let SQLite sort every open request again."""
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans by the statistics of the rows it holds")
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        file_request(requester=requester, team=weer_thuis)
    client = sign_in(Client(), coordinator_weer_thuis)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INBOX + query).status_code == 200
    [rows_query] = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "requests_app_advicerequest"' in q["sql"]
        and "inbox_rank" in q["sql"]
        and "LIMIT" in q["sql"]
        and "COUNT(" not in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + rows_query)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "request_inbox_order" in plan
    assert "TEMP B-TREE" not in plan


def count_line(response) -> str:
    return text(
        re.search(r'data-testid="inbox-count">(.*?)</p>', response.content.decode(), re.S)[1]
    )


def test_the_whole_inbox_keeps_its_count_until_a_change_and_follows_every_change(
    client,
    coordinator_weer_thuis,
    coordinator_woningbouw,
    requester,
    requester_ede,
    weer_thuis,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    first = file_request(requester=requester, team=weer_thuis)
    signed_in = sign_in(client, coordinator_weer_thuis)
    assert count_line(signed_in.get(INBOX)) == "1 request"
    with django_assert_num_queries(12):  # the list version, and no count: the one kept
        assert count_line(signed_in.get(INBOX)) == "1 request"

    with django_capture_on_commit_callbacks(execute=True):  # the version moves on commit
        file_request(requester=requester_ede, team=None)  # undecided: every coordinator's
    assert count_line(signed_in.get(INBOX)) == "2 requests"
    woningbouw = sign_in(Client(), coordinator_woningbouw)
    assert count_line(woningbouw.get(INBOX)) == "1 request"

    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.transition(
            actor=coordinator_weer_thuis, request_id=first.pk, action="decline", note="Nee"
        )
    assert count_line(signed_in.get(INBOX)) == "1 request"
    # a filtered inbox counts afresh: nothing is kept for it
    assert count_line(signed_in.get(f"{INBOX}?team=none")) == "1 request match these filters."
