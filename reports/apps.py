from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Figures of the programme: it reads every other app and nothing imports it."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports import services
        from reports.timeline import register_titles
        from requests_app.enums import Action
        from requests_app.services.anonymise import register_anonymiser
        from requests_app.services.lifecycle import register_after_transition

        # Completing a request asks its requesters for a satisfaction score.
        register_after_transition(Action.COMPLETE, services.invite)
        register_anonymiser(services.anonymise_survey)
        register_titles()
