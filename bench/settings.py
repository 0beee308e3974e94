"""Benchmark settings: the real settings plus the floor view's URL (never in production)."""

import os

from expertdesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Errors only; with a handler at the root django-q adds no INFO handler of its own.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": True,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"level": "ERROR", "handlers": ["console"]},
}
WHITENOISE_USE_FINDERS = True  # no collectstatic for a benchmark run

if os.environ.get("BENCH_KEEP_LIST_COUNTS") == "0":
    # bench_requests measures the request list with and without its kept counts: a cache
    # that keeps nothing makes every list page count afresh.
    CACHES = {**CACHES, "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
