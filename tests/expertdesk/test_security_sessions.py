"""Sessions end after 30 minutes without a request and 12 hours after sign-in, however active."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from expertdesk.middleware import SESSION_STARTED_KEY
from tests.factories import PASSWORD

MONDAY_MORNING = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


@pytest.fixture
def page() -> str:
    return reverse("requests:requester-home")


@pytest.fixture
def login_page(page) -> str:
    return f"{reverse('account_login')}?next={page}"


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_an_active_session_stays_and_thirty_idle_minutes_end_it(
    client, requester, page, login_page, time_machine
):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    client.force_login(requester)

    time_machine.shift(timedelta(minutes=29))
    first = client.get(page)
    time_machine.shift(timedelta(minutes=29))  # 58 minutes after sign-in: each request renews
    second = client.get(page)
    time_machine.shift(timedelta(minutes=30, seconds=1))
    after_idling = client.get(page)

    assert [first.status_code, second.status_code] == [200, 200]
    assert after_idling.status_code == 302
    assert after_idling["Location"] == login_page
    assert signed_in_user_id(client) is None


def stay_active(client: Client, page: str, time_machine, *, requests: int) -> list[int]:
    """A request every 25 minutes: never idle for 30."""
    statuses = []
    for _ in range(requests):
        time_machine.shift(timedelta(minutes=25))
        statuses.append(client.get(page).status_code)
    return statuses


def test_twelve_hours_after_sign_in_the_session_ends_even_when_active(
    client, requester, page, login_page, time_machine
):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    client.force_login(requester)  # the twelve hours count from here, not from the first page

    statuses = stay_active(client, page, time_machine, requests=28)  # the last at 11:40
    time_machine.shift(timedelta(minutes=19, seconds=59))  # 11:59:59 after sign-in
    last_allowed = client.get(page)
    time_machine.shift(timedelta(seconds=2))  # 12:00:01
    ended = client.get(page)
    afterwards = client.get(page)

    assert statuses == [200] * 28
    assert last_allowed.status_code == 200
    assert ended.status_code == 302
    assert ended["Location"] == login_page
    assert [m.level_tag for m in get_messages(ended.wsgi_request)] == ["info"]
    assert afterwards.status_code == 302
    assert signed_in_user_id(client) is None


def test_signing_in_again_starts_a_new_twelve_hours(client, requester, page, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    client.force_login(requester)
    assert stay_active(client, page, time_machine, requests=28) == [200] * 28  # until 11:40

    client.post(reverse("account_logout"))
    signed_in = client.post(
        reverse("account_login"), {"login": requester.email, "password": PASSWORD}
    )
    after = stay_active(client, page, time_machine, requests=2)  # 12:30 after the first

    assert signed_in.status_code == 302
    assert after == [200, 200]


def test_the_login_redirect_keeps_the_path_and_query_of_the_page(client, requester):
    client.force_login(requester)
    session = client.session
    session[SESSION_STARTED_KEY] -= 12 * 60 * 60 + 1  # signed in 12 hours and a second ago
    session.save()

    response = client.get(reverse("requests:requester-home"), {"tab": "open", "page": "2"})

    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('account_login')}?next=/aanvrager/%3Ftab%3Dopen%26page%3D2"
    )
    assert signed_in_user_id(client) is None
