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

# The child must not inherit these from the shell that runs pytest: each test sets them itself.
_CONFIGURATION = (
    "ADMIN_URL",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "DEBUG",
    "EMAIL_HOST",
    "EXPERTDESK_PRODUCTION",
    "EXPERTDESK_REQUIRE_2FA_FOR_STAFF",
    "Q_MAX_ATTEMPTS",
    "Q_RETRY",
    "Q_SYNC",
    "Q_TIMEOUT",
    "Q_WORKERS",
    "SECRET_KEY",
)


def child_env(**variables: str) -> dict[str, str]:
    """This process's environment with the project configuration replaced by ``variables``.

    REDIS_URL, Q_CLUSTER_NAME and EXPERTDESK_VAR_DIR pass through, so a child worker uses the
    same broker, queue name and var/ directory as the tests.
    """
    env = {key: value for key, value in os.environ.items() if key not in _CONFIGURATION}
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
