"""Both teams start with the terms of DESIGN §8's example: EUR 140 an hour, the first 24 hours
paid by the programme, half of the rest by the requester, no cap (admins change them)."""

from decimal import Decimal

from django.db import migrations


def create(apps, schema_editor):
    Team = apps.get_model("experts", "Team")
    TeamTerms = apps.get_model("cofinancing", "TeamTerms")
    for team in Team.objects.all():
        TeamTerms.objects.get_or_create(
            team=team,
            defaults={
                "hourly_rate": Decimal("140.00"),
                "programme_hours": Decimal("24.00"),
                "requester_share": Decimal("0.50"),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cofinancing", "0001_initial"), ("experts", "0002_reference_teams_and_themes")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
