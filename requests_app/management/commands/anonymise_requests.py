"""``manage.py anonymise_requests [--dry-run]``: the retention run (also a yearly schedule)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from requests_app.services.anonymise import anonymise_due, retention_cutoff


class Command(BaseCommand):
    help = (
        "Remove personal data from requests closed, declined or withdrawn longer ago than "
        "EXPERTDESK_RETENTION_YEARS; what the reports count stays. Try --dry-run first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the requests; change nothing."
        )

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        cutoff = retention_cutoff()
        done = anonymise_due(dry_run=dry_run)
        years = settings.EXPERTDESK_RETENTION_YEARS
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {len(done)} request(s) finished before {cutoff:%Y-%m-%d} "
            f"(retention {years} years)."
        )
        for reference in done:
            self.stdout.write(f"  {reference}")
