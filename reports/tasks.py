"""django-q2 tasks of reports: thin, and safe to run twice."""

from __future__ import annotations

from reports import services


def close_unanswered_surveys() -> int:
    return services.close_unanswered()
