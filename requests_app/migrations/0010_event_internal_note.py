"""Events get a note only coordinators and experts read. Routing reasons and what experts write
when they are assigned, decline or are released were stored as the event's note, which the
requester's timeline shows: they move to the internal note."""

from django.db import migrations, models

INTERNAL_NOTE_ACTIONS = (
    "request.routed",
    "request.expert_assigned",
    "request.expert_declined",
    "request.expert_released",
)


def move_notes_inside(apps, schema_editor):
    Event = apps.get_model("requests_app", "Event")
    events = Event.objects.filter(action__in=INTERNAL_NOTE_ACTIONS).exclude(note="")
    events.update(internal_note=models.F("note"), note="")


def move_notes_back(apps, schema_editor):
    Event = apps.get_model("requests_app", "Event")
    events = Event.objects.filter(action__in=INTERNAL_NOTE_ACTIONS).exclude(internal_note="")
    events.update(note=models.F("internal_note"), internal_note="")


class Migration(migrations.Migration):
    dependencies = [("requests_app", "0009_move_models_to_their_apps")]

    operations = [
        migrations.AddField(
            model_name="event",
            name="internal_note",
            field=models.TextField(
                blank=True,
                help_text=(
                    "Only visible to coordinators and experts, also on an event the requester "
                    "sees (why a request was routed, why an expert declined)."
                ),
                verbose_name="internal note",
            ),
        ),
        migrations.RunPython(move_notes_inside, move_notes_back),
    ]
