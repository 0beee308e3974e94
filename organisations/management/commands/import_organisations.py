from core.import_command import ImportCommand
from organisations.services.imports import import_organisations


class Command(ImportCommand):
    help = (
        "Import organisations from CSV (columns: kind, name, cbs_code, kvk_number, "
        "province, active); idempotent on CBS code / KvK number."
    )
    importer = staticmethod(import_organisations)
    what = "organisations"
