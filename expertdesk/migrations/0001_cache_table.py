"""Create the database cache table when the cache is the database (no REDIS_URL).

The cache carries the login throttle and the worker heartbeat between web and worker, so it
must exist wherever the schema exists — tests and fresh installs included.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
