"""Test settings: the real settings with the few changes a test run needs.

Read before django-q2 imports its configuration, which is the only way to run tasks in-process
(``sync``); the worker tests start a real ``qcluster`` with ``expertdesk.settings`` instead.
"""

import os

os.environ.setdefault("EXPERTDESK_VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var"))

from expertdesk.settings import *  # noqa: F403
from expertdesk.settings import Q_CLUSTER

Q_CLUSTER["sync"] = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Tests serve experts' own calendars from 127.0.0.1; production never reads loopback addresses.
MEETINGS_ALLOW_LOOPBACK_FEEDS = True
