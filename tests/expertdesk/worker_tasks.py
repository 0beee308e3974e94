"""Tasks for the real worker in test_taskqueue.py: they leave a trace a test can wait for."""

from __future__ import annotations

import time
from pathlib import Path


def note_and_sleep(path: str, seconds: float) -> str:
    """Write "started" to ``path``, sleep, write "finished": how far each run of the task got."""
    with Path(path).open("a") as trace:
        trace.write("started\n")
    time.sleep(seconds)
    with Path(path).open("a") as trace:
        trace.write("finished\n")
    return "done"
