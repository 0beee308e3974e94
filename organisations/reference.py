"""Reference data: all 342 Dutch municipalities with their CBS codes and provinces.

The list is CBS's municipal division of 1 January 2025 (unchanged on 1 January 2026); each
municipality's province comes from the same division (CBS "Gebieden in Nederland").

Used by the data migrations and by the test suite. Idempotent on the CBS code; a name or a
province an administrator corrected is left alone.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

CSV_PATH = Path(__file__).resolve().parent / "data" / "gemeenten.csv"


def municipality_rows() -> list[dict[str, str]]:
    """The CSV's rows: cbs_code, name and province (a two-letter Province code)."""
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def load_municipalities(Organisation: Any) -> int:
    """Create the municipalities that are missing; return how many were created."""
    existing = set(
        Organisation.objects.filter(cbs_code__isnull=False).values_list("cbs_code", flat=True)
    )
    missing = [
        Organisation(
            kind="municipality",
            name=row["name"].strip(),
            cbs_code=row["cbs_code"],
            province=row["province"],
        )
        for row in municipality_rows()
        if row["cbs_code"] not in existing
    ]
    Organisation.objects.bulk_create(missing)
    return len(missing)


def fill_provinces(Organisation: Any) -> int:
    """Give each municipality without a province the one in the list (by CBS code); a province
    already set, by an administrator or an import, is kept. Return how many rows changed."""
    codes_by_province: dict[str, list[str]] = {}
    for row in municipality_rows():
        codes_by_province.setdefault(row["province"], []).append(row["cbs_code"])
    return sum(
        Organisation.objects.filter(cbs_code__in=codes, province="").update(province=province)
        for province, codes in codes_by_province.items()
    )
