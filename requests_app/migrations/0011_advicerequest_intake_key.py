"""The intake form's key on a request: the form's autosave and its submit find the draft they
made instead of making a second one (one draft per person and key)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0010_event_internal_note"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="advicerequest",
            name="intake_key",
            field=models.CharField(
                blank=True, editable=False, max_length=36, verbose_name="intake form key"
            ),
        ),
        migrations.AddConstraint(
            model_name="advicerequest",
            constraint=models.UniqueConstraint(
                condition=~models.Q(intake_key=""),
                fields=("created_by", "intake_key"),
                name="request_one_draft_per_intake_form",
            ),
        ),
    ]
