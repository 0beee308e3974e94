"""Busy times from an expert's own calendar (the ICS or free/busy address on their profile).

Fetched by a django-q2 schedule, never while someone waits for slots. Only busy intervals are
kept: no titles, places or people. Calendars as the big clients write them must work:
Outlook's Windows zone names, Google's X-WR-TIMEZONE with floating times, all-day events,
recurring events with exceptions and moved occurrences (expanded by recurring-ical-events),
and neither transparent ("free") nor cancelled events count as busy.

The fetch cannot be turned against our own network: only http(s); every address the name
resolves to is checked (no loopback, private, link-local, multicast or reserved ranges), the
connection goes to the checked address, and a redirect is checked again the same way. A
setting allows loopback for tests only.
"""

from __future__ import annotations

import datetime as dt
import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urljoin, urlsplit

import recurring_ical_events
import x_wr_timezone
from django.conf import settings
from icalendar import Calendar

from core.workdays import AMSTERDAM

TIMEOUT_SECONDS = 10
MAX_BYTES = 2 * 1024 * 1024
MAX_REDIRECTS = 3
MAX_EVENTS = 20_000


class FeedError(Exception):
    """Why an expert's own calendar could not be read, in words for the expert."""


def _allowed(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if address.is_loopback:
        return bool(getattr(settings, "MEETINGS_ALLOW_LOOPBACK_FEEDS", False))
    return not (
        address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def _checked_address(host: str, port: int) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise FeedError("the server name is unknown") from None
    addresses = {info[4][0] for info in infos}
    if not addresses:
        raise FeedError("the server name is unknown")
    for text in addresses:
        if not _allowed(ipaddress.ip_address(text.split("%")[0])):
            raise FeedError("the address points into a private network")
    return sorted(addresses)[0]


def _get(url: str) -> tuple[int, str, bytes]:
    """One GET to a checked address: (status, Location header, body up to MAX_BYTES)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedError("only http and https addresses can be read")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = _checked_address(parts.hostname, port)
    sock = socket.create_connection((address, port), timeout=TIMEOUT_SECONDS)
    try:
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.hostname, port, timeout=TIMEOUT_SECONDS
            )
        else:
            connection = http.client.HTTPConnection(parts.hostname, port, timeout=TIMEOUT_SECONDS)
        connection.sock = sock  # talk to the address we checked, not to a second lookup
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request(
            "GET", path, headers={"User-Agent": "expertdesk", "Accept": "text/calendar"}
        )
        response = connection.getresponse()
        body = response.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            raise FeedError("the calendar is larger than 2 MB")
        return response.status, response.getheader("Location", ""), body
    finally:
        sock.close()


def fetch(url: str) -> bytes:
    """The calendar at ``url``, following at most three redirects, each checked again."""
    for _ in range(MAX_REDIRECTS + 1):
        try:
            status, location, body = _get(url)
        except FeedError:
            raise
        except (OSError, http.client.HTTPException, ssl.SSLError) as problem:
            raise FeedError(
                f"the server could not be reached ({problem.__class__.__name__})"
            ) from None
        if status in (301, 302, 303, 307, 308) and location:
            url = urljoin(url, location)
            continue
        if status != 200:
            raise FeedError(f"the server answered {status}")
        return body
    raise FeedError("the address redirects too often")


def _aware(value: dt.date | dt.datetime, *, end: bool = False) -> dt.datetime:
    if isinstance(value, dt.datetime):
        # Floating times (no zone, no X-WR-TIMEZONE) are read as Amsterdam time.
        return value if value.tzinfo else value.replace(tzinfo=AMSTERDAM)
    return dt.datetime.combine(value, dt.time.min, tzinfo=AMSTERDAM)


def busy_intervals(
    data: bytes, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Busy (start, end) pairs between ``start`` and ``end`` in an iCalendar file."""
    try:
        calendar = x_wr_timezone.to_standard(Calendar.from_ical(data))
    except Exception as problem:  # the library raises many kinds for broken input
        raise FeedError("the file is not a readable calendar") from problem
    intervals = []
    try:
        occurrences = recurring_ical_events.of(calendar).between(start, end)
    except Exception as problem:
        raise FeedError("the calendar's repeating events cannot be read") from problem
    for event in occurrences:
        if event.name != "VEVENT":
            continue
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue  # shown as free
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        if "DTSTART" not in event:
            continue
        first = _aware(event.decoded("DTSTART"))
        if "DTEND" in event:
            last = _aware(event.decoded("DTEND"))
        elif "DURATION" in event:
            last = first + event.decoded("DURATION")
        elif isinstance(event.decoded("DTSTART"), dt.datetime):
            last = first
        else:
            last = first + dt.timedelta(days=1)  # an all-day event without an end
        if last > first:
            intervals.append((first.astimezone(dt.UTC), last.astimezone(dt.UTC)))
        if len(intervals) > MAX_EVENTS:
            raise FeedError("the calendar has too many events")
    return sorted(intervals)
