from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CofinancingConfig(AppConfig):
    name = "cofinancing"
    verbose_name = _("Co-financing")

    def ready(self) -> None:
        from cofinancing.anonymise import anonymise_cofinancing
        from cofinancing.selectors import agreement_accepted
        from cofinancing.timeline import register_titles
        from requests_app.services.anonymise import register_anonymiser
        from requests_app.services.lifecycle import register_agreement_check

        # Work starts once the requester accepted the agreement (or none is needed).
        register_agreement_check(agreement_accepted)
        register_titles()
        register_anonymiser(anonymise_cofinancing)
