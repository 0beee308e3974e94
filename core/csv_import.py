"""Reading CSV files as Excel writes them, and the one import loop every CSV import shares.

Files come from Excel as often as not: UTF-8 with or without a byte-order mark, separated by
``;`` or ``,``. Every row is validated before anything is written; one bad row means nothing
is imported, and every bad row is reported with its line number and the reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction

Progress = Callable[[int, int], None]
Row = TypeVar("Row")

_TRUE = {"ja", "yes", "true", "1", "j", "y", "waar"}
_FALSE = {"nee", "no", "false", "0", "n", "onwaar"}


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, no header, missing columns)."""


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        if self.errors:
            return f"{len(self.errors)} bad row(s) of {self.rows}; nothing was imported."
        return (
            f"{self.rows} rows: {self.created} {verb} created, {self.updated} {verb} "
            f"updated, {self.unchanged} unchanged."
        )


def read_rows(data: bytes | str, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV file as Excel writes it."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(
                "The file is not UTF-8. In Excel, save it as 'CSV UTF-8 (comma delimited)'."
            ) from None
    else:
        text = data.lstrip("\ufeff")
    if not text.strip():
        raise ImportFileError("The file is empty.")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if reader.fieldnames is None:
        raise ImportFileError("The file has no header row.")
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    missing = [name for name in required if name not in reader.fieldnames]
    if missing:
        raise ImportFileError(f"Missing column(s): {', '.join(missing)}.")
    rows = []
    for row in reader:
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if any(values.values()):
            rows.append((reader.line_num, values))
    return rows


def parse_bool(value: str, default: bool = True) -> bool:
    if not value:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"'{value}' is not yes/no (ja/nee)")


def upsert(model: Any, lookup: dict, values: dict, report: ImportReport) -> Any:
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        report.created += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
        report.updated += 1
    else:
        report.unchanged += 1
    return instance


def run_import(
    data: bytes | str,
    *,
    required: Iterable[str],
    parse: Callable[[int, dict[str, str]], Row],
    key: Callable[[Row], str],
    apply: Callable[[Row, ImportReport], None],
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Read, validate every row (``parse`` raises ValueError with the reason), refuse a key
    that appears twice, then ``apply`` all rows in one transaction, or none of them."""
    rows = read_rows(data, required)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    parsed: list[Row] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            item = parse(line, row)
        except ValueError as problem:
            report.errors.append(RowError(line, str(problem)))
            continue
        item_key = key(item)
        if item_key in seen:
            report.errors.append(
                RowError(line, f"{item_key} appears twice (also line {seen[item_key]})")
            )
            continue
        seen[item_key] = line
        parsed.append(item)
    if report.errors:
        return report
    with transaction.atomic():
        for done, item in enumerate(parsed, start=1):
            apply(item, report)
            if progress:
                progress(done, len(parsed))
        if dry_run:
            transaction.set_rollback(True)
    return report
