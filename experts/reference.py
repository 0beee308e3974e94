"""Reference data: the two national expert teams and the expertise themes (DESIGN §4).

Used by the data migration and by the test suite (which restores it after tests that empty
the database). Idempotent: rows that exist keep any changes an administrator made.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

TEAMS = [
    # slug, name, name_en, rate, programme hours, requester share, triage days, annual budget
    (
        "woningbouw",
        "Woningbouw",
        "Housing construction",
        Decimal("140.00"),
        Decimal("24"),
        Decimal("0.500"),
        5,
        Decimal("1500000.00"),
    ),
    (
        "weer-thuis",
        "Weer Thuis",
        "Back Home",
        Decimal("140.00"),
        Decimal("24"),
        Decimal("0.500"),
        5,
        Decimal("1000000.00"),
    ),
]

W, T = "woningbouw", "weer-thuis"
THEMES = [
    ("gebiedsontwikkeling", "Gebiedsontwikkeling", "Area development", [W]),
    (
        "grondbeleid",
        "Grondbeleid en grondexploitatie",
        "Land policy and land development accounts",
        [W],
    ),
    ("businesscase", "Businesscase en financiering", "Business case and financing", [W, T]),
    (
        "omgevingswet",
        "Bestemmingsplan en Omgevingswet-procedures",
        "Zoning and Omgevingswet procedures",
        [W],
    ),
    ("stikstof", "Stikstof en natuur", "Nitrogen and nature", [W]),
    (
        "flexwonen",
        "Flexibele en verplaatsbare woningen",
        "Flexible and relocatable housing",
        [W, T],
    ),
    ("transformatie", "Transformatie van kantoren", "Transformation of offices", [W]),
    ("participatie", "Participatie", "Participation", [W, T]),
    (
        "procesmanagement",
        "Governance en procesmanagement",
        "Governance and process management",
        [W, T],
    ),
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
    (
        "zorg-en-veiligheid",
        "Zorg en veiligheid in de wijk",
        "Care and safety in the neighbourhood",
        [T],
    ),
]


def load_teams_and_themes(Team: Any, Theme: Any) -> None:
    """Create the teams and themes that are missing. Takes the model classes so that a
    migration can pass its historical models."""
    teams = {}
    for slug, name, name_en, rate, hours, share, days, budget in TEAMS:
        teams[slug], _ = Team.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "name_en": name_en,
                "hourly_rate": rate,
                "programme_hours": hours,
                "requester_share": share,
                "triage_working_days": days,
                "annual_budget": budget,
            },
        )
    for slug, name, name_en, team_slugs in THEMES:
        theme, created = Theme.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
        if created:
            theme.teams.set([teams[t] for t in team_slugs])
