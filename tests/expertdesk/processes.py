"""Run the project in a child process: `manage.py` commands and small scripts.

The child reads ``expertdesk.settings`` (not the test settings) from the environment we give it,
so what it shows is what production or a real worker would do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]

# What a child process takes over from this one: how to run Python, and the broker, queue and
# var/ directory of this test run. Nothing else leaks in (not DJANGO_ALLOW_ASYNC_UNSAFE from
# the browser tests, not a DEBUG or SECRET_KEY from the developer's shell).
_PASSED_ON = (
    "HOME",
    "LANG",
    "LC_ALL",
    "PATH",
    "TMPDIR",
    "VIRTUAL_ENV",
    "EXPERTDESK_VAR_DIR",
    "REDIS_URL",
    "Q_CLUSTER_NAME",
)


def child_env(**variables: str) -> dict[str, str]:
    """A clean environment for ``expertdesk.settings`` with the project's ``variables``.

    REDIS_URL, Q_CLUSTER_NAME and EXPERTDESK_VAR_DIR pass through, so a child worker uses the
    same broker, queue name and var/ directory as the tests.
    """
    env = {key: os.environ[key] for key in _PASSED_ON if key in os.environ}
    env["DJANGO_SETTINGS_MODULE"] = "expertdesk.settings"
    env.update(variables)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_script(
    script: str, *, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def shared_database_url() -> str:
    """A DATABASE_URL for the database pytest-django created, for a child process to share."""
    conf = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(conf['NAME']).resolve()}"
    if connection.vendor == "postgresql":
        credentials = quote(conf["USER"] or "", safe="")
        if conf["PASSWORD"]:
            credentials += ":" + quote(conf["PASSWORD"], safe="")
        host = conf["HOST"] or "localhost"
        port = f":{conf['PORT']}" if conf["PORT"] else ""
        return f"postgres://{credentials}@{host}{port}/{quote(conf['NAME'], safe='')}"
    raise NotImplementedError(connection.vendor)
