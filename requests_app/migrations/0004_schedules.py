"""The recurring work of expertdesk, as django-q2 schedules (idempotent by name)."""

from django.db import migrations

SCHEDULES = [
    # name, function, kind, minutes, cron
    ("expertdesk: re-drive the mail outbox", "requests_app.tasks.redrive_outbox", "I", 1, None),
    # Every 15 minutes; the task itself keeps escalation mail inside working hours.
    ("expertdesk: escalate overdue requests", "requests_app.tasks.escalate_overdue_requests",
     "C", None, "*/15 * * * *"),
]


def create(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func, kind, minutes, cron in SCHEDULES:
        Schedule.objects.get_or_create(
            name=name,
            defaults={"func": func, "schedule_type": kind, "minutes": minutes, "cron": cron,
                      "repeats": -1},
        )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(
        name__in=[name for name, *_ in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("requests_app", "0003_advice_requests"),
        ("django_q", "0018_task_success_index"),
    ]
    operations = [migrations.RunPython(create, remove)]
