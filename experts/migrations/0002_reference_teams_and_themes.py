"""The two national expert teams and the expertise themes (DESIGN §4). Idempotent: existing rows
keep any changes an administrator made; only missing ones are added."""

from decimal import Decimal

from django.db import migrations

TEAMS = [
    # slug, name, name_en, rate, programme hours, requester share, triage days, annual budget
    ("woningbouw", "Woningbouw", "Housing construction",
     Decimal("140.00"), Decimal("24"), Decimal("0.500"), 5, Decimal("1500000.00")),
    ("weer-thuis", "Weer Thuis", "Back Home",
     Decimal("140.00"), Decimal("24"), Decimal("0.500"), 5, Decimal("1000000.00")),
]

W, T = "woningbouw", "weer-thuis"
THEMES = [
    ("gebiedsontwikkeling", "Gebiedsontwikkeling", "Area development", [W]),
    ("grondbeleid", "Grondbeleid en grondexploitatie", "Land policy and land development accounts", [W]),
    ("businesscase", "Businesscase en financiering", "Business case and financing", [W, T]),
    ("omgevingswet", "Bestemmingsplan en Omgevingswet-procedures", "Zoning and Omgevingswet procedures", [W]),
    ("stikstof", "Stikstof en natuur", "Nitrogen and nature", [W]),
    ("flexwonen", "Flexibele en verplaatsbare woningen", "Flexible and relocatable housing", [W, T]),
    ("transformatie", "Transformatie van kantoren", "Transformation of offices", [W]),
    ("participatie", "Participatie", "Participation", [W, T]),
    ("procesmanagement", "Governance en procesmanagement", "Governance and process management", [W, T]),
    ("woonzorgvisie", "Woonzorgvisie", "Housing-and-care vision", [T]),
    ("prestatieafspraken", "Prestatieafspraken", "Performance agreements", [W, T]),
    ("aandachtsgroepen", "Huisvesting aandachtsgroepen", "Housing for priority groups", [T]),
    ("uitstroom", "Uitstroom MO/BW", "Outflow from shelters and protected living", [T]),
    ("housing-first", "Housing First", "Housing First", [T]),
    ("dakloosheid", "Preventie van dakloosheid", "Prevention of homelessness", [T]),
    ("anders-wonen", "Anders Wonen / Skaeve Huse", "Alternative housing (Skaeve Huse)", [T]),
    ("regionale-samenwerking", "Regionale samenwerking", "Regional cooperation", [W, T]),
    ("monitoring", "Monitoring en sturing", "Monitoring", [W, T]),
    ("locatiekeuze", "Locatiekeuze", "Location choice", [W, T]),
    ("woningbouwprogrammering", "Woningbouwprogrammering", "Housing programme planning", [W]),
    ("zorg-en-veiligheid", "Zorg en veiligheid in de wijk", "Care and safety in the neighbourhood", [T]),
]


def load(apps, schema_editor):
    Team = apps.get_model("experts", "Team")
    Theme = apps.get_model("experts", "Theme")
    teams = {}
    for slug, name, name_en, rate, hours, share, days, budget in TEAMS:
        teams[slug], _ = Team.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name, "name_en": name_en, "hourly_rate": rate, "programme_hours": hours,
                "requester_share": share, "triage_working_days": days, "annual_budget": budget,
            },
        )
    for slug, name, name_en, team_slugs in THEMES:
        theme, created = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
        if created:
            theme.teams.set([teams[t] for t in team_slugs])


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
