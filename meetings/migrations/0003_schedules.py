"""Experts' own calendars are read every 30 minutes and calendar answers every 2 minutes
(django-q2 schedules, idempotent by name)."""

from django.db import migrations

SCHEDULES = [
    ("expertdesk: read experts' own calendars", "meetings.tasks.refresh_external_calendars", 30),
    ("expertdesk: read calendar answers", "meetings.tasks.read_calendar_replies", 2),
]


def create(apps, schema_editor):
    for name, func, minutes in SCHEDULES:
        apps.get_model("django_q", "Schedule").objects.get_or_create(
            name=name,
            defaults={"func": func, "schedule_type": "I", "minutes": minutes, "repeats": -1},
        )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(
        name__in=[name for name, *_ in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_external_calendars_and_feeds"),
        ("django_q", "0018_task_success_index"),
    ]
    operations = [migrations.RunPython(create, remove)]
