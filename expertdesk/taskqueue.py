"""django-q2 configuration, checked before the cluster can misbehave.

django-q2 hands a task out again when it has run for ``retry`` seconds; if ``retry`` is not
above ``timeout`` a slow task runs twice in parallel, and without ``max_attempts`` a failing
task reruns forever. Both are refused at start.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured


def validate_q_cluster(conf: dict[str, Any]) -> dict[str, Any]:
    """Raise ImproperlyConfigured for a configuration that would run tasks twice or forever.

    The messages name the environment variables (Q_TIMEOUT, Q_RETRY, Q_MAX_ATTEMPTS) that
    ``build_q_cluster`` is fed from in settings, since that is what an operator can change.
    """
    timeout = conf.get("timeout")
    retry = conf.get("retry")
    if timeout is None or retry is None:
        raise ImproperlyConfigured("Q_CLUSTER needs both 'timeout' and 'retry' (seconds).")
    if retry <= timeout:
        raise ImproperlyConfigured(
            f"Q_RETRY ({retry} seconds) must be above Q_TIMEOUT ({timeout} seconds), "
            "or a task still running is handed out again and runs twice."
        )
    max_attempts = conf.get("max_attempts")
    if not isinstance(max_attempts, int) or max_attempts < 1:
        raise ImproperlyConfigured(
            f"Q_MAX_ATTEMPTS must be 1 or more, not {max_attempts!r}: django-q2 reads 0 as "
            "'unlimited', and a failing task would rerun forever."
        )
    return conf


def build_q_cluster(
    *,
    name: str,
    redis_url: str,
    workers: int,
    timeout: int,
    retry: int,
    max_attempts: int,
    sync: bool,
) -> dict[str, Any]:
    conf: dict[str, Any] = {
        "name": name,
        "workers": workers,
        "timeout": timeout,
        "retry": retry,
        "max_attempts": max_attempts,
        # Fetch one task at a time: with the ORM broker the retry clock starts at fetch.
        "bulk": 1,
        "queue_limit": workers * 2,
        "catch_up": False,  # a missed schedule runs once, not once per missed interval
        "save_limit": 1000,
        "ack_failures": True,
        "label": "Taakwachtrij",
        "sync": sync,
    }
    if redis_url:
        conf["redis"] = redis_url
    else:
        conf["orm"] = "default"
    return validate_q_cluster(conf)
