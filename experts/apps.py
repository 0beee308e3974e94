from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("Teams and experts")

    def ready(self) -> None:
        from accounts import roles
        from experts.models import Expert, Team

        # Named on a team: coordinator of it. An active expert profile: expert.
        roles.register_link(
            roles.Link.TEAM,
            role=roles.Role.COORDINATOR,
            table=Team.coordinators.through._meta.db_table,
            column="team_id",
        )
        roles.register_link(
            roles.Link.EXPERT,
            role=roles.Role.EXPERT,
            table=Expert._meta.db_table,
            column="id",
            condition="active",
        )
