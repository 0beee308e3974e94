"""Shared pieces of the benchmarks: a gunicorn on 127.0.0.1, a bounded load loop, figures."""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2) -> Iterator[int]:
    """Serve the project with gunicorn on a free loopback port; stop it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "expertdesk.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start within 30 s")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Figures:
    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p99(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]

    def pooled(self, other: Figures) -> Figures:
        """Two runs of the same thing as one: all their requests over their summed time."""
        return Figures(
            self.name,
            self.requests + other.requests,
            self.seconds + other.seconds,
            self.latencies_ms + other.latencies_ms,
            self.errors + other.errors,
        )

    def line(self) -> str:
        return (
            f"  {self.name:<28} {self.rps:8.1f} req/s   median {self.median:7.1f} ms   "
            f"p99 {self.p99:7.1f} ms   ({self.requests} requests, {self.errors} errors)"
        )


def load(
    name: str,
    port: int,
    paths: list[str],
    headers: dict[str, str],
    *,
    concurrency: int = 4,
    total: int = 400,
    warmup: int = 20,
) -> Figures:
    """Send ``total`` GETs (cycling through ``paths``) from ``concurrency`` threads."""
    for index in range(warmup):
        _get(port, paths[index % len(paths)], headers)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(total))

    def worker() -> None:
        nonlocal errors
        for index in counter:
            path = paths[index % len(paths)]
            started = time.perf_counter()
            status = _get(port, path, headers)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    return Figures(name, len(latencies), time.perf_counter() - started, latencies, errors)


def _get(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def django_on_fresh_sqlite(name: str) -> None:
    """Set up Django on a new, migrated SQLite file of this benchmark's own (``var/bench``)."""
    bench_dir = ROOT / "var" / "bench"
    bench_dir.mkdir(parents=True, exist_ok=True)
    database = bench_dir / f"{name}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "expertdesk.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
