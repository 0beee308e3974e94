"""The one-per-person tokens of DRF's ``rest_framework.authtoken`` become ``ApiToken`` rows,
stored hashed, so integrations keep working without a new sign-in. Each gets a full idle period
from the upgrade (its DRF creation date may be long past). The plaintext keys are deleted; the
emptied table of the app that is no longer installed is left alone."""

import datetime as dt
import hashlib

from django.db import migrations
from django.utils import timezone
from django.utils.dateparse import parse_datetime

DRF_TABLE = "authtoken_token"
MIGRATED_NAME = "API-token (overgenomen)"  # stored text; the UI shows it as written


def _aware(value) -> dt.datetime | None:
    """DRF's creation time; SQLite hands it back naive (UTC) or as text."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, dt.datetime) and timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


def move_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if DRF_TABLE not in connection.introspection.table_names():
        return  # a database made after DRF's tokens were given up
    ApiToken = apps.get_model("accounts", "ApiToken")
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "key", "created", "user_id" FROM {DRF_TABLE}')  # noqa: S608
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            name=MIGRATED_NAME,
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
            created_at=_aware(created) or now,
            last_used_at=now,
        )
        for key, created, user_id in rows
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {DRF_TABLE}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_tokens")]

    # Backwards the hashed keys cannot become plaintext again: those tokens stay ApiTokens.
    operations = [migrations.RunPython(move_drf_tokens, migrations.RunPython.noop)]
