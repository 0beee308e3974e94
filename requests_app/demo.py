"""Demo data for `make run` and for newcomers: the canonical Foodvalley story's cast (DESIGN §3).

Idempotent: everything is found by its natural key first; an object that exists is left as
it is, so running it twice changes nothing and an edited demo stays edited.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from experts.models import Absence, ConflictOfInterest, Expert, Skill, Team, Theme
from organisations.models import Membership, Organisation, Province
from requests_app.demo_requests import seed_demo_requests

DEMO_PASSWORD = "Foodvalley-demo-2026"  # noqa: S105 -- printed by `make run` on purpose

# CBS codes; their provinces come with the reference data (organisations/reference.py).
FOODVALLEY = (
    "GM0345",  # Veenendaal, the lead
    "GM0228",  # Ede
    "GM0203",  # Barneveld
    "GM0289",  # Wageningen
    "GM0339",  # Renswoude
    "GM0340",  # Rhenen
    "GM0279",  # Scherpenzeel
    "GM0267",  # Nijkerk
)
PARTNERS = [
    (Organisation.Kind.PARTNERSHIP, "Regio Foodvalley", Province.GELDERLAND),
    (Organisation.Kind.HOUSING_CORPORATION, "Woonstede", Province.GELDERLAND),
    (Organisation.Kind.HOUSING_CORPORATION, "Patrimonium woonstichting", Province.UTRECHT),
    (Organisation.Kind.CARE_PROVIDER, "Iriszorg", Province.GELDERLAND),
]

FIRST_NAMES = [
    "Sanne",
    "Pieter",
    "Fatima",
    "Jeroen",
    "Anouk",
    "Mohamed",
    "Lotte",
    "Bram",
    "Eva",
    "Daan",
    "Noor",
    "Thijs",
    "Sophie",
    "Ruben",
    "Iris",
    "Koen",
    "Yasmin",
    "Joost",
    "Marieke",
    "Stijn",
]
LAST_NAMES = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Kaya",
]
FIRMS = ["", "", "Stec Groep", "Companen", "Rigo", "Atrivé", "Fakton", "Platform31"]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    landing: str


def _user(email: str, first: str, last: str, *, staff: bool = False) -> User:
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first, "last_name": last, "is_staff": staff, "is_superuser": staff},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        # Demo people have confirmed their address, so they can sign in straight away.
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _organisations() -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for code in FOODVALLEY:
        orgs[code] = Organisation.objects.get(cbs_code=code)
    for kind, name, province in PARTNERS:
        orgs[name], _ = Organisation.objects.get_or_create(
            kind=kind, name=name, defaults={"province": province}
        )
    return orgs


def _experts(
    rng: random.Random, teams: dict[str, Team], themes: list[Theme], orgs: dict[str, Organisation]
) -> list[Expert]:
    today = timezone.localdate()
    theme_slugs_by_team = {
        slug: [theme for theme in themes if team in theme.teams.all()]
        for slug, team in teams.items()
    }
    experts = []
    for index in range(40):
        first = FIRST_NAMES[index % len(FIRST_NAMES)]
        last = LAST_NAMES[(index * 7 + index // len(FIRST_NAMES)) % len(LAST_NAMES)]
        local = f"{first}.{last}".lower().replace(" ", "")
        user = _user(f"{local}@experts.example", first, last)
        expert, created = Expert.objects.get_or_create(
            user=user,
            defaults={
                "weekly_capacity_hours": Decimal(rng.choice([4, 8, 8, 12, 16, 16, 24, 32])),
                "organisation_name": rng.choice(FIRMS),
            },
        )
        experts.append(expert)
        if not created:
            continue
        # Three in four work for one team; the rest for both (the story needs such people).
        home = "woningbouw" if index % 2 == 0 else "weer-thuis"
        expert_teams = [teams[home]] if index % 4 else list(teams.values())
        expert.teams.set(expert_teams)
        pool = sorted(
            {t for team in expert_teams for t in theme_slugs_by_team[team.slug]},
            key=lambda t: t.slug,
        )
        for theme in rng.sample(pool, k=min(len(pool), rng.randint(3, 6))):
            Skill.objects.create(expert=expert, theme=theme, level=rng.choice([1, 2, 2, 3, 3]))
        if index % 5 == 0:
            start = today + dt.timedelta(days=rng.randint(0, 30))
            if index == 0:  # the demo expert: on leave after the Foodvalley period
                start += dt.timedelta(days=200)
            Absence.objects.create(
                expert=expert,
                start=start,
                end=start + dt.timedelta(days=rng.randint(2, 14)),
                reason=rng.choice(["Vakantie", "Verlof", "Ander project"]),
            )
        if index % 9 == 0 and index:  # the demo expert leads the Foodvalley request
            ConflictOfInterest.objects.create(
                expert=expert, organisation=orgs["GM0228"], note="Eerder in dienst bij Ede"
            )
    return experts


@transaction.atomic
def seed_demo() -> tuple[list[DemoLogin], Expert]:
    """Create the demo cast; return the logins to print and the demo expert. Side effects:
    database rows and outbox mail only."""
    rng = random.Random(2026)  # the same cast on every machine
    teams = {team.slug: team for team in Team.objects.all()}
    themes = list(Theme.objects.prefetch_related("teams").order_by("slug"))
    orgs = _organisations()

    admin = _user("beheer@rvo.example", "Bea", "Beheer", staff=True)
    coordinator_wb = _user("coordinator.woningbouw@rvo.example", "Wim", "Bouwman")
    coordinator_wt = _user("coordinator.weerthuis@rvo.example", "Wendy", "Thuis")
    teams["woningbouw"].coordinators.add(coordinator_wb)
    teams["weer-thuis"].coordinators.add(coordinator_wt)

    requester = _user("aanvrager@veenendaal.example", "Rik", "Rozendaal")
    Membership.objects.get_or_create(
        user=requester,
        organisation=orgs["GM0345"],
        defaults={"job_title": "Beleidsadviseur wonen, projectgroep Anders Wonen"},
    )
    requester_ede = _user("aanvrager@ede.example", "Esther", "Evers")
    Membership.objects.get_or_create(
        user=requester_ede,
        organisation=orgs["GM0228"],
        defaults={"job_title": "Strateeg wonen en zorg"},
    )
    experts = _experts(rng, teams, themes, orgs)
    seed_demo_requests(_user, experts[0])
    return [
        DemoLogin("admin", admin.email, "/admin/"),
        DemoLogin("coordinator Woningbouw", coordinator_wb.email, "/coordinator/"),
        DemoLogin("coordinator Weer Thuis", coordinator_wt.email, "/coordinator/"),
        DemoLogin("expert", experts[0].user.email, "/expert/"),
        DemoLogin("requester Veenendaal", requester.email, "/aanvrager/"),
        DemoLogin("requester Ede", requester_ede.email, "/aanvrager/"),
    ], experts[0]
