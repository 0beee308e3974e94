from core.import_command import ImportCommand
from experts.services.imports import import_experts


class Command(ImportCommand):
    help = (
        "Import experts from CSV (columns: email, first_name, last_name, teams, "
        "weekly_capacity_hours, skills, organisation_name, conflicts, active); "
        "idempotent on e-mail."
    )
    importer = staticmethod(import_experts)
    what = "experts"
