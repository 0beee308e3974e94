import datetime
from decimal import Decimal

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0004_schedules")]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="period_start",
            field=models.DateField(default=datetime.date(2026, 1, 1), verbose_name="planned from"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assignment",
            name="period_end",
            field=models.DateField(default=datetime.date(2026, 1, 1), verbose_name="planned until"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assignment",
            name="hours_per_week",
            field=models.DecimalField(
                decimal_places=2, default=Decimal("0"), max_digits=6, verbose_name="hours per week"
            ),
        ),
    ]
