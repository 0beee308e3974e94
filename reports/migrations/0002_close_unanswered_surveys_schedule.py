"""Completed requests whose satisfaction survey went unanswered are closed once a day
(a django-q2 schedule, idempotent by name)."""

from django.db import migrations

NAME = "expertdesk: close requests whose survey went unanswered"


def create(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.get_or_create(
        name=NAME,
        defaults={
            "func": "reports.tasks.close_unanswered_surveys",
            "schedule_type": "C",
            "cron": "30 6 * * *",
            "repeats": -1,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_satisfaction"),
        ("django_q", "0018_task_success_index"),
    ]
    operations = [migrations.RunPython(create, remove)]
