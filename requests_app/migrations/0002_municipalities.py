"""All 342 Dutch municipalities with their CBS codes and provinces (organisations/reference.py)."""

from django.db import migrations

from organisations.reference import load_municipalities


def load(apps, schema_editor):
    load_municipalities(apps.get_model("requests_app", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
