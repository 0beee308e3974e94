"""The django-q2 cluster of `manage.py qcluster`, stopping within 10 seconds of SIGTERM.

django-q2 1.11 stops by letting each worker finish its task and then every task the pusher had
already fetched (up to ``queue_limit``), without a bound: 10-35 seconds with our tasks, where a
process manager waits 10 before SIGKILL (and with the Redis broker a killed task is gone). Our
sentinel stops in three bounded steps:

1. the pusher stops fetching; tasks it fetched that no worker has started go back to the broker;
2. a task already running gets until ``FINISH_SECONDS`` after the stop began to finish;
3. a task still running then is handed back to the broker (this or another cluster runs it
   again) and its worker ends. Tasks are idempotent (STYLE §7), so running one again is safe.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
import uuid
from multiprocessing import Value
from typing import Any

from django import db
from django_q.brokers import Broker, get_broker
from django_q.cluster import Sentinel, get_mp_context
from django_q.conf import Conf, logger
from django_q.monitor import monitor
from django_q.pusher import pusher
from django_q.signing import SignedPackage
from django_q.status import Stat
from django_q.worker import worker

# From the start of the stop; with hand-back and monitor after it the whole stop stays below 9 s.
FINISH_SECONDS = 5.0
HAND_BACK_SECONDS = 2.0
MONITOR_SECONDS = 1.5
# The sentinel's word to a worker: hand your task back and end. Not SIGTERM, which django-q2's
# guard sends a worker whose task timed out (that task must fail, not run again).
HAND_BACK_SIGNAL = signal.SIGUSR1


def hand_back(task: dict[str, Any], broker: Broker) -> None:
    """Put a task that was taken but not finished back on the broker, for any cluster to run.

    The pusher adds ``ack_id`` and ``cluster`` when it fetches, so they are left out; the old
    ORM broker row (locked until Q_RETRY) is acknowledged so the task runs once more, not twice.
    """
    package = {key: value for key, value in task.items() if key not in ("ack_id", "cluster")}
    broker.enqueue(SignedPackage.dumps(package))
    if task.get("ack_id") is not None:
        broker.acknowledge(task["ack_id"])
    logger.warning("Handed task %s (%s) back to the broker at stop", task["name"], task["func"])


class _Running:
    """The task a worker process has taken and whose result it has not yet put back."""

    task: dict[str, Any] | None = None


class _TakingQueue:
    """The task queue as a worker reads it, remembering the task it hands out."""

    def __init__(self, tasks, running: _Running) -> None:
        self._tasks, self._running = tasks, running

    def get(self, *args, **kwargs):
        item = self._tasks.get(*args, **kwargs)
        # A copy: the worker pops the task's timeout and adds its result to the dict.
        self._running.task = dict(item) if isinstance(item, dict) else None
        return item


class _GivingQueue:
    """The result queue as a worker writes it: after a put its task is done, not running."""

    def __init__(self, results, running: _Running) -> None:
        self._results, self._running = results, running

    def put(self, item, *args, **kwargs) -> None:
        # No hand-back between the result leaving and the task being forgotten: it would run twice.
        signal.pthread_sigmask(signal.SIG_BLOCK, {HAND_BACK_SIGNAL})
        try:
            self._results.put(item, *args, **kwargs)
            self._running.task = None
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {HAND_BACK_SIGNAL})


def _hand_back_in_own_thread(task: dict[str, Any]) -> None:
    # A thread of its own has a database connection of its own, outside the task's transaction.
    def run() -> None:
        try:
            hand_back(task, get_broker())
        except Exception:
            # The ORM broker still holds the task (locked until Q_RETRY); Redis has lost it.
            logger.exception("Could not hand task %s back to the broker", task["name"])
        finally:
            db.connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HAND_BACK_SECONDS)


def handing_back_worker(task_queue, result_queue, timer, timeout) -> None:
    """django-q2's worker, which on HAND_BACK_SIGNAL hands its running task back and ends."""
    running = _Running()

    def stop_now(signum, frame) -> None:
        task = running.task
        # Closing rolls back a transaction the task left open, so its row locks are released.
        db.connections.close_all()
        if task is not None:
            _hand_back_in_own_thread(task)
        # A result put just before must still reach the monitor.
        result_queue.close()
        result_queue.join_thread()
        os._exit(0)

    signal.signal(HAND_BACK_SIGNAL, stop_now)
    worker(_TakingQueue(task_queue, running), _GivingQueue(result_queue, running), timer, timeout)


class QuickStopSentinel(Sentinel):
    """django-q2's sentinel with a stop bounded in time (see the module docstring)."""

    def spawn_process(self, target, *args):
        # As django-q2's, with our worker in the pool in place of its own.
        targets = {worker: handing_back_worker, pusher: pusher, monitor: monitor}
        process = get_mp_context().Process(
            target=targets[target], args=args, name=f"Process-{uuid.uuid4().hex}"
        )
        process.daemon = True
        if target is worker:
            process.daemon = Conf.DAEMONIZE_WORKERS
            process.timer = args[2]
            self.pool.append(process)
        process.start()
        return process

    def spawn_worker(self) -> None:
        self.spawn_process(worker, self.task_queue, self.result_queue, Value("f", -1), self.timeout)

    def stop(self) -> None:
        began = time.monotonic()
        Stat(self).save()
        # 1. Stop fetching. The pusher may wait on a full task queue: empty it meanwhile.
        self.event_out.set()
        fetched: list[dict[str, Any]] = []
        while self.pusher.is_alive():
            fetched += self._take_queued()
            Stat(self).save()
        fetched += self._take_queued()
        for task in fetched:
            hand_back(task, self.broker)
        for _ in self.pool:
            self.task_queue.put("STOP")
        self.task_queue.close()
        self.task_queue.join_thread()
        # 2. Running tasks may finish until FINISH_SECONDS after the stop began.
        self._wait_for_workers(until=began + FINISH_SECONDS)
        # 3. A task still running goes back to the broker; its worker ends.
        for process in self.pool:
            os.kill(process.pid, HAND_BACK_SIGNAL)
        self._wait_for_workers(until=time.monotonic() + HAND_BACK_SECONDS + 0.5)
        for process in self.pool:
            # Only a worker stuck in the kernel gets here; the ORM broker still holds its task.
            logger.critical("Worker %s did not end at stop; killed", process.pid)
            process.kill()
            process.join(1)
        self.pool = []
        self.result_queue.put("STOP")
        self.result_queue.close()
        self.result_queue.join_thread()
        self.monitor.join(MONITOR_SECONDS)
        Stat(self).save()
        logger.info("Cluster stopped in %.1f s", time.monotonic() - began)

    def _take_queued(self) -> list[dict[str, Any]]:
        """The tasks waiting in the task queue, taken out of it."""
        taken = []
        while True:
            try:
                item = self.task_queue.get(timeout=0.1)
            except queue.Empty:
                return taken
            if isinstance(item, dict):
                taken.append(item)

    def _wait_for_workers(self, *, until: float) -> None:
        while self.pool and time.monotonic() < until:
            self.pool = [process for process in self.pool if process.is_alive()]
            Stat(self).save()
            time.sleep(0.1)
        self.pool = [process for process in self.pool if process.is_alive()]
