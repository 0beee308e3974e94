"""Organisations, memberships and invitations moved to ``organisations``, conflicts of interest to
``experts``, the outbox to ``mail``: only Django's picture moves. The tables keep their names and
rows, foreign keys keep pointing at the same tables, and the content types (admin history,
permissions) are relabelled instead of made anew."""

import django.db.models.deletion
from django.db import migrations, models


MOVED = {
    "organisation": "organisations",
    "membership": "organisations",
    "requesterinvitation": "organisations",
    "conflictofinterest": "experts",
    "outboundmail": "mail",
}


def _relabel(apps, *, forward: bool) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app in MOVED.items():
        old, new = ("requests_app", app) if forward else (app, "requests_app")
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def relabel_content_types(apps, schema_editor):
    _relabel(apps, forward=True)


def relabel_content_types_back(apps, schema_editor):
    _relabel(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("experts", "0004_conflictofinterest"),
        ("mail", "0001_initial"),
        ("organisations", "0001_initial"),
        ("requests_app", "0008_team_or_zero_statistics_on_postgresql"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name="conflictofinterest",
                    name="expert",
                ),
                migrations.RemoveField(
                    model_name="conflictofinterest",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="decided_by",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="organisation",
                ),
                migrations.RemoveField(
                    model_name="membership",
                    name="user",
                ),
                migrations.RemoveField(
                    model_name="organisation",
                    name="members",
                ),
                migrations.AlterField(
                    model_name="advicerequest",
                    name="lead_organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="led_requests",
                        to="organisations.organisation",
                        verbose_name="lead organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="routingrule",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="routing_rules",
                        to="organisations.organisation",
                        verbose_name="lead organisation",
                    ),
                ),
                migrations.RemoveField(
                    model_name="requesterinvitation",
                    name="organisation",
                ),
                migrations.DeleteModel(
                    name="OutboundMail",
                ),
                migrations.RemoveField(
                    model_name="requesterinvitation",
                    name="accepted_by",
                ),
                migrations.RemoveField(
                    model_name="requesterinvitation",
                    name="invited_by",
                ),
                migrations.AlterField(
                    model_name="advicerequest",
                    name="partners",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="partner_requests",
                        to="organisations.organisation",
                        verbose_name="partners",
                    ),
                ),
                migrations.DeleteModel(
                    name="ConflictOfInterest",
                ),
                migrations.DeleteModel(
                    name="Membership",
                ),
                migrations.DeleteModel(
                    name="Organisation",
                ),
                migrations.DeleteModel(
                    name="RequesterInvitation",
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel_content_types, relabel_content_types_back),
    ]
