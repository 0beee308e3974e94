"""Shared behaviour of the CSV import commands: read, dry-run, progress bar, report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from core.csv_import import ImportFileError, ImportReport


class ImportCommand(BaseCommand):
    importer: Callable[..., ImportReport]
    what = "rows"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_file", type=Path, help="CSV file (UTF-8, ';' or ',').")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count, change nothing."
        )

    def handle(self, *args, csv_file: Path, dry_run: bool, **options) -> None:
        try:
            data = csv_file.read_bytes()
        except OSError as problem:
            raise CommandError(f"Cannot read {csv_file}: {problem.strerror}") from None
        try:
            report = type(self).importer(data, dry_run=dry_run, progress=self._progress)
        except ImportFileError as problem:
            raise CommandError(str(problem)) from None
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"{csv_file}:{error}")
            raise CommandError(report.summary())
        prefix = "[dry run] " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{report.summary()}"))

    def _progress(self, done: int, total: int) -> None:
        # A bar on stderr, so output redirected to a file stays clean.
        width = 30
        filled = width * done // max(total, 1)
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {self.what}",
            ending="\n" if done == total else "",
        )
        self.stderr.flush()
