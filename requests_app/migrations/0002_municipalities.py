"""All 342 Dutch municipalities (2024) with their CBS codes, from data/gemeenten.csv.

Idempotent on the CBS code; a name an administrator corrected is left alone.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "gemeenten.csv"


def load(apps, schema_editor):
    Organisation = apps.get_model("requests_app", "Organisation")
    with CSV_PATH.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(
        Organisation.objects.filter(cbs_code__isnull=False).values_list("cbs_code", flat=True)
    )
    Organisation.objects.bulk_create(
        [
            Organisation(kind="municipality", name=row["name"].strip(), cbs_code=row["cbs_code"])
            for row in rows
            if row["cbs_code"] not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
