"""The two national expert teams and the expertise themes (experts/reference.py)."""

from django.db import migrations

from experts.reference import load_teams_and_themes


def load(apps, schema_editor):
    load_teams_and_themes(apps.get_model("experts", "Team"), apps.get_model("experts", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
