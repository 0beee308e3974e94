"""Experts' own calendars are read every 30 minutes (django-q2 schedule, idempotent by name)."""

from django.db import migrations

NAME = "expertdesk: read experts' own calendars"


def create(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        name=NAME,
        defaults={
            "func": "meetings.tasks.refresh_external_calendars",
            "schedule_type": "I",
            "minutes": 30,
            "repeats": -1,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_external_calendars_and_feeds"),
        ("django_q", "0018_task_success_index"),
    ]
    operations = [migrations.RunPython(create, remove)]
