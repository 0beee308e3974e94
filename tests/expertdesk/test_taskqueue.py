"""The task queue with a real worker: `manage.py qcluster` in a child process on the test database.

The broker is the one the settings choose: the database (ORM) by default, Redis when REDIS_URL
is set. The test settings run tasks in-process (sync), so tasks here are queued with
``sync=False`` to reach the broker.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django_q.models import Task
from django_q.status import Stat
from django_q.tasks import async_task, result

from tests.expertdesk.processes import PROJECT_DIR, child_env, shared_database_url

pytestmark = pytest.mark.worker

STARTUP_SECONDS = 30
# What a process manager waits after SIGTERM before it sends SIGKILL.
STOP_SECONDS = 10
# A cluster's heartbeat lives 3 seconds in the cache; the guard renews it every half second.
HEARTBEAT_SECONDS = 3


def wait_for(condition: Callable[[], object], *, seconds: float, interval: float = 0.1):
    """Poll ``condition`` until it is truthy or ``seconds`` have passed; return its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def live_clusters() -> list:
    return Stat.get_all()


def clusters_with_workers() -> list:
    # A cluster's first heartbeat can come before its worker processes exist.
    return [cluster for cluster in Stat.get_all() if cluster.workers]


class Worker:
    """One `manage.py qcluster` process with a single worker."""

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        env = child_env(
            DATABASE_URL=shared_database_url(),
            SECRET_KEY=settings.SECRET_KEY,  # tasks and heartbeats are signed with it
            Q_WORKERS="1",
        )
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=PROJECT_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: teardown can end all of it
            )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, seconds: float = 20) -> int:
        """SIGTERM, as a process manager stops it; wait for a clean exit."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=seconds)

    def timed_stop(self) -> tuple[int | None, float]:
        """SIGTERM; the exit code (None: still running) and the seconds it took, up to twice
        STOP_SECONDS."""
        began = time.monotonic()
        try:
            exit_code = self.stop(seconds=2 * STOP_SECONDS)
        except subprocess.TimeoutExpired:
            exit_code = None
        return exit_code, time.monotonic() - began

    def end(self) -> None:
        """Teardown: stop it if still running; kill its whole process group if it hangs."""
        if self.process.poll() is None:
            try:
                self.stop(seconds=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def start_worker(transactional_db, tmp_path) -> Iterator[Callable[[], Worker]]:
    started: list[Worker] = []

    def start() -> Worker:
        worker = Worker(tmp_path / f"qcluster-{len(started)}.log")
        started.append(worker)
        if not wait_for(clusters_with_workers, seconds=STARTUP_SECONDS):
            pytest.fail(f"no worker heartbeat within {STARTUP_SECONDS}s:\n{worker.output()}")
        return worker

    try:
        yield start
    finally:
        for worker in started:
            worker.end()
        if started:
            # Let the last heartbeat expire, so the next test starts without a live cluster.
            wait_for(lambda: not live_clusters(), seconds=HEARTBEAT_SECONDS + 2)


def broker_kind() -> str:
    return "redis" if settings.REDIS_URL else "orm"


def healthz(client) -> tuple[int, dict]:
    response = client.get(reverse("healthz"))
    return response.status_code, response.json()


def test_a_queued_task_runs_in_the_worker_process_and_its_result_comes_back(start_worker):
    worker = start_worker()
    worker_pids = {pid for cluster in live_clusters() for pid in cluster.workers}

    sign = async_task("math.copysign", 2, -2, sync=False)
    whereabouts = async_task("os.getpid", sync=False)

    assert result(sign, wait=20_000) == -2.0, worker.output()
    pid = result(whereabouts, wait=20_000)
    assert pid in worker_pids
    assert pid != os.getpid()
    task = Task.objects.get(id=sign)
    assert (task.func, task.success, task.attempt_count) == ("math.copysign", True, 1)


def test_healthz_is_ok_while_the_worker_runs_and_503_soon_after_it_stops(
    client, start_worker, coordinator_weer_thuis
):
    client.force_login(coordinator_weer_thuis)  # the checks are shown to coordinators
    worker = start_worker()

    running = healthz(client)
    exit_code = worker.stop()
    stopped_at = time.monotonic()
    after = wait_for(
        lambda: (result := healthz(client))[0] == 503 and result,
        seconds=HEARTBEAT_SECONDS + 3,
    )
    noticed_after = time.monotonic() - stopped_at

    assert running == (
        200,
        {
            "status": "ok",
            "checks": {
                "database": {"ok": True, "vendor": connection.vendor},
                "broker": {"ok": True, "kind": broker_kind(), "queued": 0},
                "worker": {"ok": True, "clusters": 1, "workers": 1},
            },
        },
    ), worker.output()
    assert exit_code == 0, worker.output()
    assert after, f"still healthy {noticed_after:.1f}s after the worker stopped"
    assert after[1]["status"] == "unhealthy"
    assert after[1]["checks"]["worker"] == {"ok": False, "clusters": 0, "workers": 0}
    assert noticed_after <= HEARTBEAT_SECONDS + 3


def test_without_a_worker_healthz_answers_503_naming_the_worker(client, coordinator_weer_thuis):
    public = healthz(client)
    client.force_login(coordinator_weer_thuis)
    status, body = healthz(client)

    assert public == (503, {"status": "unhealthy"})
    assert status == 503
    assert body == {
        "status": "unhealthy",
        "checks": {
            "database": {"ok": True, "vendor": connection.vendor},
            "broker": {"ok": True, "kind": broker_kind(), "queued": 0},
            "worker": {"ok": False, "clusters": 0, "workers": 0},
        },
    }


def test_a_web_node_that_does_not_require_a_worker_is_healthy_without_one(
    client, settings, admin_user
):
    settings.HEALTHZ_REQUIRE_WORKER = False

    public = healthz(client)
    client.force_login(admin_user)
    status, body = healthz(client)

    assert public == (200, {"status": "ok"})
    assert status == 200
    assert body["status"] == "ok"
    assert body["checks"]["worker"] == {"ok": False, "clusters": 0, "workers": 0}


def test_healthz_answers_a_head_probe_like_a_get(client, db):
    """Some load balancers probe with HEAD; a 405 would read as 'down' for another reason."""
    response = client.head(reverse("healthz"))

    assert response.status_code == 503
    assert response.content == b""


def trace_of(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def test_sigterm_stops_an_idle_worker_within_10_seconds(start_worker):
    worker = start_worker()

    exit_code, took = worker.timed_stop()

    assert (exit_code, took < STOP_SECONDS) == (0, True), f"{took:.1f}s\n{worker.output()}"


def test_a_short_task_running_at_sigterm_finishes_before_the_worker_exits(start_worker, tmp_path):
    trace = tmp_path / "trace"
    worker = start_worker()
    task_id = async_task("tests.expertdesk.worker_tasks.note_and_sleep", str(trace), 2, sync=False)
    assert wait_for(lambda: trace_of(trace), seconds=20), worker.output()

    exit_code, took = worker.timed_stop()

    assert (exit_code, took < STOP_SECONDS) == (0, True), f"{took:.1f}s\n{worker.output()}"
    assert trace_of(trace) == ["started", "finished"]
    assert result(task_id, wait=5_000) == "done"


def test_a_long_task_running_at_sigterm_is_handed_back_and_runs_again_later(start_worker, tmp_path):
    trace = tmp_path / "trace"
    worker = start_worker()
    task_id = async_task("tests.expertdesk.worker_tasks.note_and_sleep", str(trace), 8, sync=False)
    assert wait_for(lambda: trace_of(trace), seconds=20), worker.output()

    exit_code, took = worker.timed_stop()
    cut_off = trace_of(trace)
    wait_for(lambda: not live_clusters(), seconds=HEARTBEAT_SECONDS + 2)
    next_worker = start_worker()

    assert (exit_code, took < STOP_SECONDS) == (0, True), f"{took:.1f}s\n{worker.output()}"
    assert cut_off == ["started"]
    assert result(task_id, wait=20_000) == "done", next_worker.output()
    assert trace_of(trace) == ["started", "started", "finished"]
    assert Task.objects.get(id=task_id).attempt_count == 1
