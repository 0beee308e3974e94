"""A signed-in person is told before the idle session ends, and can keep it: the notice on
every page, and "stay signed in" (an autosave renews the session in the same way)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

MONDAY_MORNING = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
KEEP = reverse("session-keepalive")
HTMX = {"HX-Request": "true"}


def notice(response) -> str:
    page = response.content.decode()
    if 'data-testid="session-notice"' not in page:
        return ""
    return page.split('data-testid="session-notice"', 1)[0].rsplit("<div", 1)[1]


@pytest.mark.django_db
def test_signed_in_pages_carry_the_notice_with_the_idle_limit(client, requester):
    assert notice(client.get(reverse("account_login"))) == ""
    client.force_login(requester)
    page = client.get(reverse("requests:requester-home"))
    assert 'data-idle-seconds="1800" data-warning-seconds="300"' in notice(page)
    html = page.content.decode()
    assert 'src="/static/expertdesk/session.js"' in html
    assert f'hx-post="{KEEP}"' in html
    assert "<script>" not in html  # the CSP refuses inline code
    assert "style=" not in html


@pytest.mark.django_db
def test_staying_signed_in_renews_the_idle_time(client, requester, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    client.force_login(requester)
    home = reverse("requests:requester-home")

    time_machine.shift(timedelta(minutes=26))  # the notice shows after 25 minutes
    kept = client.post(KEEP, {"next": home}, headers=HTMX)
    assert (kept.status_code, kept.has_header("HX-Trigger")) == (204, False)
    time_machine.shift(timedelta(minutes=29))  # 55 minutes after the last page
    assert client.get(home).status_code == 200

    without_javascript = client.post(KEEP, {"next": home})
    assert (without_javascript.status_code, without_javascript["Location"]) == (302, home)
    elsewhere = client.post(KEEP, {"next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"


@pytest.mark.django_db
def test_a_session_that_ended_says_so(client, requester, time_machine):
    time_machine.move_to(MONDAY_MORNING, tick=False)
    client.force_login(requester)
    time_machine.shift(timedelta(minutes=31))
    ended = client.post(KEEP, {"next": "/"}, headers=HTMX)
    assert (ended.status_code, ended["HX-Trigger"]) == (204, "expertdesk:session-ended")
    assert client.post(KEEP, {"next": "/aanvragen/"})["Location"] == (
        f"{reverse('account_login')}?next=/aanvragen/"
    )
