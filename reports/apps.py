from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Figures of the programme: it reads every other app and nothing imports it."""

    name = "reports"
    verbose_name = _("Reports")
