"""Shared pieces of the benchmarks: a gunicorn on 127.0.0.1, a bounded load loop, figures."""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    port: int
    pid: int  # gunicorn's master; its workers are its children

    def cpu_seconds(self) -> float:
        """The CPU time (user and system) its workers have used so far, from /proc (Linux;
        NaN elsewhere). Unlike wall time, a shared machine's other work hardly inflates it,
        so it compares runs made under different loads. It holds SQLite's work (in the
        workers), not PostgreSQL's (in the database's own processes)."""
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
            total = 0
            for child in children:
                fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime (in clock ticks)
        except (OSError, IndexError, ValueError):
            return float("nan")
        return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2) -> Iterator[Server]:
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
        yield Server(port, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


@dataclass
class Figures:
    """One load run: the reads (``requests``, ``latencies_ms``) and, when writes were mixed
    in, the writes apart; ``seconds`` is the wall time of all of it."""

    name: str
    requests: int
    seconds: float
    latencies_ms: list[float]
    errors: int
    write_latencies_ms: list[float] = field(default_factory=list)
    write_errors: int = 0
    cpu_seconds: float = float("nan")  # the server's, over reads and writes

    @property
    def cpu_ms(self) -> float:
        """Server CPU per request (reads and writes alike)."""
        return self.cpu_seconds * 1000 / (self.requests + len(self.write_latencies_ms))

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def median(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return _percentile(self.latencies_ms, 0.95)

    def pooled(self, other: Figures) -> Figures:
        """Two runs of the same thing as one: all their requests over their summed time."""
        return Figures(
            self.name,
            self.requests + other.requests,
            self.seconds + other.seconds,
            self.latencies_ms + other.latencies_ms,
            self.errors + other.errors,
            self.write_latencies_ms + other.write_latencies_ms,
            self.write_errors + other.write_errors,
            self.cpu_seconds + other.cpu_seconds,
        )

    def line(self) -> str:
        text = (
            f"  {self.name:<34} {self.rps:7.1f} req/s  median {self.median:6.1f} ms  "
            f"p95 {self.p95:6.1f} ms  ({self.requests} reads"
        )
        if self.write_latencies_ms:
            text += (
                f", {len(self.write_latencies_ms)} writes: median "
                f"{statistics.median(self.write_latencies_ms):.1f} ms"
            )
        return text + f", {self.errors + self.write_errors} errors; CPU {self.cpu_ms:.1f} ms each)"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def load(
    name: str,
    server: Server,
    paths: list[str],
    headers: dict[str, str],
    *,
    concurrency: int = 4,
    total: int = 400,
    warmup: int = 20,
    write: Callable[[], bool] | None = None,
    reads_per_write: int = 10,
) -> Figures:
    """Send ``total`` GETs (cycling through ``paths``) from ``concurrency`` threads.

    ``write``: also make one write (a call that answers whether it succeeded) after every
    ``reads_per_write`` reads, from the same threads, so reads meet the writes' locks and
    whatever the writes make stale."""
    port = server.port
    for index in range(warmup):
        _get(port, paths[index % len(paths)], headers)
    latencies: list[float] = []
    write_latencies: list[float] = []
    errors = write_errors = 0
    lock = threading.Lock()
    operations = total + (total // reads_per_write if write is not None else 0)
    counter = iter(range(operations))

    def worker() -> None:
        nonlocal errors, write_errors
        for index in counter:
            is_write = write is not None and index % (reads_per_write + 1) == reads_per_write
            started = time.perf_counter()
            ok = write() if is_write else _get(port, paths[index % len(paths)], headers) == 200
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if is_write:
                    write_latencies.append(elapsed)
                    write_errors += not ok
                else:
                    latencies.append(elapsed)
                    errors += not ok

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    cpu_before = server.cpu_seconds()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    seconds = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu_before
    return Figures(
        name, len(latencies), seconds, latencies, errors, write_latencies, write_errors, cpu
    )


def post(port: int, path: str, headers: dict[str, str], body: dict) -> tuple[int, bytes]:
    """POST ``body`` as JSON; the answer's status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body=json.dumps(body),
            headers={**headers, "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


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
