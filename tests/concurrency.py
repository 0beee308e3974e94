"""Run jobs at the same moment on real database connections, for the race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def at_once(*jobs: Callable[[], object]) -> list[object]:
    """Run the jobs in threads released together; each one's result or exception."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def run(index: int, job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except BaseException as problem:  # kept: the test reads it
            results[index] = problem
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
