"""The move of organisations, conflicts of interest and the outbox into apps of their own
(requests_app.0009 and friends) keeps every row: tables keep their names, only Django's
picture of them moves."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ROOT = Path(__file__).resolve().parents[2]
# A database made by main at ef30e1e (the last commit before the split) with the demo data.
FIXTURE = Path(__file__).parent / "fixtures" / "main-ef30e1e-demo.sqlite3.gz"
BEFORE_SPLIT = [
    ("requests_app", "0008_team_or_zero_statistics_on_postgresql"),
    ("experts", "0003_capacity_quarter_hours"),
    ("organisations", None),
    ("mail", None),
]
MOVED = {  # model label after the split -> its table
    "organisations.Organisation": "requests_app_organisation",
    "organisations.Membership": "requests_app_membership",
    "organisations.RequesterInvitation": "requests_app_requesterinvitation",
    "experts.ConflictOfInterest": "requests_app_conflictofinterest",
    "mail.OutboundMail": "requests_app_outboundmail",
}
COUNT_THROUGH_THE_ORM = """
import json
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
labels = {labels!r}
counts = {{label: apps.get_model(label).objects.count() for label in labels}}
counts["stale_content_types"] = ContentType.objects.filter(
    app_label="requests_app", model__in=[label.split(".")[1].lower() for label in labels]
).count()
counts["lead_organisations"] = sorted(
    apps.get_model("requests_app.AdviceRequest").objects.values_list(
        "lead_organisation__cbs_code", flat=True
    ).distinct()
)
print(json.dumps(counts))
"""


def _table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        # Table names come from sqlite_master itself.
        count = 'SELECT COUNT(*) FROM "{}"'
        return {table: db.execute(count.format(table)).fetchone()[0] for table in tables}


def _manage(database: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "EXPERTDESK_VAR_DIR": str(database.parent),
        "DJANGO_SETTINGS_MODULE": "expertdesk.settings",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_demo_database_made_before_the_split_upgrades_and_keeps_every_row(tmp_path):
    database = tmp_path / "before-split.sqlite3"
    with gzip.open(FIXTURE) as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    before = _table_counts(database)
    assert before["requests_app_organisation"] > 342  # the municipalities and the demo's own

    _manage(database, "migrate", "--noinput")

    after = _table_counts(database)
    # Later apps (meetings…) add migrations, content types, permissions and schedules.
    for table in (
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "django_q_schedule",
    ):
        assert after.pop(table) >= before.pop(table)
    with sqlite3.connect(database) as db:
        applied = set(db.execute("SELECT app, name FROM django_migrations"))
    assert {
        ("organisations", "0001_initial"),
        ("experts", "0004_conflictofinterest"),
        ("mail", "0001_initial"),
        ("mail", "0002_redrive_schedule_moves"),
        ("requests_app", "0009_move_models_to_their_apps"),
    } <= applied
    assert {table: after.get(table) for table in before} == before
    counts = json.loads(
        _manage(
            database, "shell", "-c", COUNT_THROUGH_THE_ORM.format(labels=list(MOVED))
        ).splitlines()[-1]
    )
    assert {label: counts[label] for label in MOVED} == {
        label: before[table] for label, table in MOVED.items()
    }
    assert counts["stale_content_types"] == 0
    assert "GM0345" in counts["lead_organisations"]  # Veenendaal still leads its requests
    _manage(database, "migrate", "--check")  # exits non-zero while anything is unapplied


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_split_are_read_by_the_new_apps_on_this_database():
    """The same move on the database under test (PostgreSQL in CI): rows written through the
    models as they were before the split are there, unchanged, after migrating forward."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_SPLIT)
    old = executor.loader.project_state(
        [target for target in BEFORE_SPLIT if target[1] is not None]
    ).apps
    User = old.get_model("accounts", "User")
    Organisation = old.get_model("requests_app", "Organisation")
    person = User.objects.create(email="split@veenendaal.example", password="!")
    org = Organisation.objects.create(
        kind="housing_corporation", name="Split", kvk_number="12345678"
    )
    old.get_model("requests_app", "Membership").objects.create(user=person, organisation=org)
    expert = old.get_model("experts", "Expert").objects.create(user=person)
    old.get_model("requests_app", "ConflictOfInterest").objects.create(
        expert=expert, organisation=org, note="board member"
    )
    old.get_model("requests_app", "OutboundMail").objects.create(
        key="split-test",
        to="split@veenendaal.example",
        subject="s",
        body_text="t",
        next_attempt_at="2026-12-05T10:00:00Z",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from experts.models import ConflictOfInterest
    from mail.models import OutboundMail
    from organisations.models import Membership
    from organisations.models import Organisation as MovedOrganisation

    moved = MovedOrganisation.objects.get(kvk_number="12345678")
    assert (moved.pk, moved.name) == (org.pk, "Split")
    assert list(
        Membership.objects.filter(organisation=moved).values_list("user__email", flat=True)
    ) == ["split@veenendaal.example"]
    assert ConflictOfInterest.objects.get(organisation=moved).note == "board member"
    assert OutboundMail.objects.get(key="split-test").to == "split@veenendaal.example"
