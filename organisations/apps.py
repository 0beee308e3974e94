from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from accounts import roles
        from organisations.models import Membership

        # An active membership makes a person a requester for that organisation.
        roles.register_link(
            roles.Link.ORGANISATION,
            role=roles.Role.REQUESTER,
            table=Membership._meta.db_table,
            column="organisation_id",
            condition="status = %s",
            params=(Membership.Status.ACTIVE.value,),
        )
