"""Experts' own calendars: read from a real local HTTP server, as Outlook and Google write them,
and never from our own network."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.workdays import AMSTERDAM
from meetings import external, services
from meetings.models import ExternalBusy
from tests.factories import skilled_expert

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "calendars"


class _Server:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the name http.server calls
                status, headers, body = server.routes.get(self.path, (404, {}, b"not here"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def serve(self, path: str, body: bytes, status: int = 200, **headers: str) -> str:
        self.routes[path] = (status, headers, body)
        return self.base + path


@pytest.fixture
def server() -> Iterator[_Server]:
    running = _Server()
    thread = threading.Thread(target=running.httpd.serve_forever, daemon=True)
    thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def local(pairs) -> list[tuple[str, str]]:
    return [
        (
            a.astimezone(AMSTERDAM).strftime("%m-%d %H:%M"),
            b.astimezone(AMSTERDAM).strftime("%m-%d %H:%M"),
        )
        for a, b in pairs
    ]


WINDOW = (
    dt.datetime(2027, 4, 1, tzinfo=AMSTERDAM),
    dt.datetime(2027, 5, 1, tzinfo=AMSTERDAM),
)


def test_outlook_windows_zones_repeats_exceptions_moved_free_and_cancelled(server):
    url = server.serve("/outlook.ics", (FILES / "outlook.ics").read_bytes())
    busy = external.busy_intervals(external.fetch(url), *WINDOW)
    assert local(busy) == [
        ("04-05 09:00", "04-05 10:00"),
        # 12 April is an exception (EXDATE); 19 April moved to the afternoon (RECURRENCE-ID)
        ("04-19 14:00", "04-19 15:00"),
        ("04-26 09:00", "04-26 10:00"),
    ]  # the transparent lunch and the cancelled meeting are not busy


def test_google_floating_times_all_day_events_and_utc(server):
    url = server.serve("/google.ics", (FILES / "google.ics").read_bytes())
    busy = external.busy_intervals(external.fetch(url), *WINDOW)
    assert local(busy) == [
        ("04-06 09:00", "04-06 10:00"),  # 07:00 UTC
        ("04-06 15:00", "04-06 16:00"),  # floating, read in X-WR-TIMEZONE
        ("04-08 00:00", "04-10 00:00"),  # two whole days
    ]


def test_a_redirect_is_followed_and_a_broken_calendar_keeps_the_last_good_busy_times(
    server, weer_thuis
):
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 2})
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=10)).strftime("%Y%m%d")
    good = server.serve(
        "/good.ics",
        (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\nBEGIN:VEVENT\r\nUID:a\r\n"
            f"DTSTAMP:20260101T000000Z\r\nDTSTART:{soon}T090000Z\r\n"
            f"DTEND:{soon}T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode(),
    )
    expert.free_busy_url = server.serve("/moved", b"", 302, Location="/good.ics")
    expert.save(update_fields=["free_busy_url"])
    calendar = services.refresh_external_calendar(expert_id=expert.pk)
    assert calendar.error == ""
    kept = ExternalBusy.objects.filter(calendar=calendar).count()
    assert kept == 1
    assert good.endswith("/good.ics")
    server.routes["/good.ics"] = (500, {}, b"oops")
    calendar = services.refresh_external_calendar(expert_id=expert.pk)
    assert calendar.error == "the server answered 500"
    assert calendar.last_success_at < calendar.last_attempt_at
    assert ExternalBusy.objects.filter(calendar=calendar).count() == kept
    server.routes["/good.ics"] = (200, {}, b"this is no calendar")
    calendar = services.refresh_external_calendar(expert_id=expert.pk)
    assert calendar.error == "the file is not a readable calendar"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/cal.ics", "only http and https addresses can be read"),
        ("file:///etc/passwd", "only http and https addresses can be read"),
        ("http://10.1.2.3/cal.ics", "the address points into a private network"),
        ("http://192.168.1.1/cal.ics", "the address points into a private network"),
        ("http://169.254.169.254/latest/", "the address points into a private network"),
        ("http://[::1]:8080/cal.ics", "the address points into a private network"),
        ("http://224.0.0.1/cal.ics", "the address points into a private network"),
    ],
)
def test_our_own_network_is_never_fetched(settings, url, reason):
    settings.MEETINGS_ALLOW_LOOPBACK_FEEDS = False
    with pytest.raises(external.FeedError) as refused:
        external.fetch(url)
    assert str(refused.value) == reason


def test_loopback_is_refused_outside_tests_and_a_redirect_is_checked_again(settings, server):
    url = server.serve("/cal.ics", (FILES / "google.ics").read_bytes())
    settings.MEETINGS_ALLOW_LOOPBACK_FEEDS = False
    with pytest.raises(external.FeedError, match="private network"):
        external.fetch(url)
    settings.MEETINGS_ALLOW_LOOPBACK_FEEDS = True
    sneaky = server.serve("/r", b"", 302, Location="http://169.254.169.254/latest/meta-data")
    with pytest.raises(external.FeedError, match="private network"):
        external.fetch(sneaky)


def test_a_calendar_larger_than_the_limit_is_refused(server, monkeypatch):
    monkeypatch.setattr(external, "MAX_BYTES", 1000)
    url = server.serve("/big.ics", b"X" * 5000)
    with pytest.raises(external.FeedError, match="larger than"):
        external.fetch(url)
