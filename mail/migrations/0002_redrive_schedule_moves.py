"""The outbox re-drive schedule now calls ``mail.tasks`` (it called ``requests_app.tasks``)."""

from django.db import migrations

OLD, NEW = "requests_app.tasks.redrive_outbox", "mail.tasks.redrive_outbox"


def forward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=OLD).update(func=NEW)


def backward(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(func=NEW).update(func=OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0001_initial"),
        ("requests_app", "0004_schedules"),
        ("django_q", "0018_task_success_index"),
    ]
    operations = [migrations.RunPython(forward, backward)]
