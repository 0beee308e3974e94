from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from meetings.anonymise import anonymise_meetings
        from meetings.timeline import register_titles
        from requests_app.services.anonymise import register_anonymiser

        register_titles()
        register_anonymiser(anonymise_meetings)
