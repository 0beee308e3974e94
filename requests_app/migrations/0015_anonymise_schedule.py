"""The retention run, once a year (a django-q2 schedule, idempotent by name)."""

from django.db import migrations

NAME = "expertdesk: anonymise requests past the retention period"


def create(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        name=NAME,
        defaults={
            "func": "requests_app.tasks.anonymise_requests",
            "schedule_type": "Y",
            "repeats": -1,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0014_advicerequest_anonymised_at"),
        ("django_q", "0018_task_success_index"),
    ]
    operations = [migrations.RunPython(create, remove)]
