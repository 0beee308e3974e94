"""`manage.py qcluster`: django-q2's command, with a cluster that stops within 10 seconds.

It takes the place of django-q2's command because ``expertdesk`` is listed before ``django_q``
in INSTALLED_APPS (the first app with a command of a name wins).
"""

from __future__ import annotations

from django_q import cluster
from django_q.management.commands import qcluster

from expertdesk.worker import QuickStopSentinel


class Command(qcluster.Command):
    def handle(self, *args, **options) -> None:
        # django-q2's Cluster.start builds its sentinel by this module-level name, with no setting.
        cluster.Sentinel = QuickStopSentinel
        super().handle(*args, **options)
