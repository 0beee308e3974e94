"""Every municipality gets its province from the reference list (organisations/reference.py);
one an administrator already set is kept. Going back leaves the provinces as they are."""

from django.db import migrations

from organisations.reference import fill_provinces


def fill(apps, schema_editor):
    fill_provinces(apps.get_model("organisations", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_organisation_added_by_name_once"),
        # The municipalities themselves are loaded there.
        ("requests_app", "0002_municipalities"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
