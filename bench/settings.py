"""Benchmark settings: the real settings plus the floor view's URL (never in production)."""

from expertdesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}
WHITENOISE_USE_FINDERS = True  # no collectstatic for a benchmark run
