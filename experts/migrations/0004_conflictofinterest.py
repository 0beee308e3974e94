"""Conflicts of interest, moved here from requests_app.

The model lived in ``requests_app`` until this migration; its table keeps the old name, so no row
moves (``requests_app.0009`` removes the model from that app's state).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0008_team_or_zero_statistics_on_postgresql"),
        ("experts", "0003_capacity_quarter_hours"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        # The tables exist already (made by requests_app); only Django's picture of them moves.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ConflictOfInterest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "note",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="nature of the tie"
                            ),
                        ),
                        (
                            "declared_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="declared at"),
                        ),
                        (
                            "expert",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="conflicts_of_interest",
                                to="experts.expert",
                                verbose_name="expert",
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="conflicts_of_interest",
                                to="organisations.organisation",
                                verbose_name="organisation",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "conflict of interest",
                        "verbose_name_plural": "conflicts of interest",
                        "db_table": "requests_app_conflictofinterest",
                        "ordering": ["expert", "organisation__name"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("expert", "organisation"), name="conflict_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
