"""An expert's hours in a period are summed from the index alone (the dashboard, own pages)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cofinancing', '0002_team_defaults'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='timeentry',
            name='cofinancing_expert__6477e5_idx',
        ),
        migrations.AddIndex(
            model_name='timeentry',
            index=models.Index(fields=['expert', 'day', 'hours', 'corrected_hours'], name='entry_expert_day_hours'),
        ),
    ]
