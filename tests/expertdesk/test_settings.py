"""Configuration: a wrong environment stops the process with a message naming the variable;
SQLite is set up for a web process and a worker side by side; the admin path is configurable."""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections, transaction
from django.urls import reverse

from accounts.models import User
from expertdesk.taskqueue import build_q_cluster, validate_q_cluster
from tests.expertdesk.processes import child_env, manage

# Everything production demands except SITE_URL.
PRODUCTION = {
    "EXPERTDESK_PRODUCTION": "1",
    "SECRET_KEY": "k" * 60,
    "ALLOWED_HOSTS": "expertdesk.rvo.example",
    "EMAIL_HOST": "smtp",
}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        (
            {"Q_TIMEOUT": "120", "Q_RETRY": "120"},
            "Q_RETRY (120 seconds) must be above Q_TIMEOUT (120 seconds)",
        ),
        ({"Q_TIMEOUT": "300", "Q_RETRY": "180"}, "Q_RETRY (180 seconds) must be above Q_TIMEOUT"),
        ({"Q_MAX_ATTEMPTS": "0"}, "Q_MAX_ATTEMPTS must be 1 or more"),
        ({"Q_TIMEOUT": "two minutes"}, "Q_TIMEOUT='two minutes' is not a whole number"),
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must be a sqlite:// or postgres:// URL"),
        ({"DATABASE_URL": "postgres://db.example"}, "DATABASE_URL names no database"),
        ({"DATABASE_URL": "sqlserver://x/db"}, "DATABASE_URL is not usable"),
        ({"REDIS_URL": "http://cache:6379/0"}, "REDIS_URL must be a redis://"),
        ({"EXPERTDESK_PRODUCTION": "1"}, "SECRET_KEY must be set"),
        (
            {"EXPERTDESK_PRODUCTION": "1", "DEBUG": "1", "SECRET_KEY": "k" * 60},
            "DEBUG=1 is refused together with EXPERTDESK_PRODUCTION=1",
        ),
        (
            {"EXPERTDESK_PRODUCTION": "1", "SECRET_KEY": "k" * 60, "EMAIL_HOST": "smtp"},
            "ALLOWED_HOSTS must name",
        ),
        (PRODUCTION, "Environment variable SITE_URL is required"),
        ({"SITE_URL": "expertdesk.rvo.example"}, "is not an absolute http:// or https:// address"),
        ({"SITE_URL": "ftp://expertdesk.rvo.example"}, "is not an absolute http:// or https://"),
        ({"SITE_URL": "https://host:port"}, "is not an absolute http:// or https:// address"),
        (
            {"SITE_URL": "https://expertdesk.rvo.example/aanvragen/"},
            "must be scheme and host only, like https://expertdesk.rvo.example",
        ),
    ],
    ids=lambda value: "-".join(value) if isinstance(value, dict) else None,
)
def test_a_wrong_environment_stops_manage_py_with_a_message_naming_the_variable(
    tmp_path, variables, message
):
    result = manage("check", env=child_env(EXPERTDESK_VAR_DIR=str(tmp_path), **variables))

    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: ")
    assert message in last_line


def test_the_default_environment_passes_the_checks(tmp_path):
    result = manage("check", env=child_env(EXPERTDESK_VAR_DIR=str(tmp_path)))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    ("variables", "site_url"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"SITE_URL": "https://expertdesk.rvo.example/"}, "https://expertdesk.rvo.example"),
        (
            {**PRODUCTION, "SITE_URL": "https://expertdesk.rvo.example"},
            "https://expertdesk.rvo.example",
        ),
    ],
    ids=["default", "trailing-slash", "production"],
)
def test_links_in_mail_start_with_site_url_without_a_trailing_slash(tmp_path, variables, site_url):
    env = child_env(EXPERTDESK_VAR_DIR=str(tmp_path), **variables)

    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        env=env,
    )

    assert (result.returncode, result.stdout.strip()) == (0, site_url), result.stderr


def cluster(**overrides) -> dict:
    conf = {"name": "expertdesk", "orm": "default", "timeout": 120, "retry": 180}
    conf["max_attempts"] = 5
    conf.update(overrides)
    return conf


def test_a_cluster_with_retry_above_timeout_and_bounded_attempts_is_accepted():
    conf = cluster()

    assert validate_q_cluster(conf) is conf


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"retry": 120}, "Q_RETRY (120 seconds) must be above Q_TIMEOUT (120 seconds)"),
        ({"retry": 60}, "Q_RETRY (60 seconds) must be above Q_TIMEOUT (120 seconds)"),
        ({"retry": None}, "Q_CLUSTER needs both 'timeout' and 'retry'"),
        ({"timeout": None}, "Q_CLUSTER needs both 'timeout' and 'retry'"),
        ({"max_attempts": 0}, "Q_MAX_ATTEMPTS must be 1 or more"),
        ({"max_attempts": -1}, "Q_MAX_ATTEMPTS must be 1 or more"),
        ({"max_attempts": None}, "Q_MAX_ATTEMPTS must be 1 or more"),
    ],
)
def test_a_cluster_that_would_run_tasks_twice_or_forever_is_refused(overrides, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        validate_q_cluster(cluster(**overrides))

    assert message in str(refused.value)


def test_the_built_cluster_uses_redis_when_given_and_the_database_otherwise():
    common = {"name": "q", "workers": 2, "timeout": 10, "retry": 20, "max_attempts": 3}

    with_redis = build_q_cluster(redis_url="redis://127.0.0.1:6379/5", sync=False, **common)
    with_orm = build_q_cluster(redis_url="", sync=False, **common)

    assert (with_redis["redis"], "orm" in with_redis) == ("redis://127.0.0.1:6379/5", False)
    assert (with_orm["orm"], "redis" in with_orm) == ("default", False)
    assert (with_orm["timeout"], with_orm["retry"], with_orm["max_attempts"]) == (10, 20, 3)
    assert (with_orm["bulk"], with_orm["queue_limit"]) == (1, 4)


def test_the_admin_lives_at_the_configured_path():
    assert reverse("admin:index") == f"/{settings.ADMIN_URL}"


sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="SQLite settings",
)


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout_and_immediate_transactions(db):
    with connection.cursor() as cursor:
        journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()
        busy_timeout = cursor.execute("PRAGMA busy_timeout").fetchone()

    assert journal_mode == ("wal",)
    assert busy_timeout == (20_000,)
    assert connection.transaction_mode == "IMMEDIATE"


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_second_sqlite_writer_waits_for_the_first_instead_of_failing():
    """The classic failure: a transaction that read first cannot upgrade to a write while
    another holds it ("database is locked", no waiting). BEGIN IMMEDIATE queues instead."""
    first_has_written = threading.Event()
    errors: list[BaseException] = []

    def first_writer() -> None:
        try:
            with transaction.atomic():
                User.objects.create(email="first@example.nl")
                first_has_written.set()
                time.sleep(0.3)
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
            first_has_written.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_writer)
    thread.start()
    assert first_has_written.wait(timeout=10)
    started = time.monotonic()
    with transaction.atomic():
        seen = User.objects.count()  # read first, then write
        User.objects.create(email="second@example.nl")
    waited = time.monotonic() - started
    thread.join(timeout=10)

    assert errors == []
    assert seen == 1  # the second began after the first had committed
    assert waited >= 0.2
    assert User.objects.count() == 2
