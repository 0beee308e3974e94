"""Reference data: all 342 Dutch municipalities (2024) with their CBS codes.

Used by the data migration and by the test suite. Idempotent on the CBS code; a name an
administrator corrected is left alone.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

CSV_PATH = Path(__file__).resolve().parent / "data" / "gemeenten.csv"


def load_municipalities(Organisation: Any) -> int:
    """Create the municipalities that are missing; return how many were created."""
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(
        Organisation.objects.filter(cbs_code__isnull=False).values_list("cbs_code", flat=True)
    )
    missing = [
        Organisation(kind="municipality", name=row["name"].strip(), cbs_code=row["cbs_code"])
        for row in rows
        if row["cbs_code"] not in existing
    ]
    Organisation.objects.bulk_create(missing)
    return len(missing)
