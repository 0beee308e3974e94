"""CSV import of experts, for the management command and the admin; idempotent on e-mail.

Columns (header names, any order; * required):
    email*, first_name*, last_name*
    teams*          team slugs or names separated by "|", e.g. "weer-thuis|woningbouw"
    weekly_capacity_hours*   e.g. 16 or 16,5
    skills          "theme:level" separated by "|", theme by slug or Dutch name, level 1-3
    organisation_name        the expert's firm
    conflicts       CBS codes or KvK numbers separated by "|"
    active          ja/nee, yes/no, true/false, 1/0 (default ja)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from accounts.models import User
from core.csv_import import ImportReport, Progress, parse_bool, run_import, upsert
from experts.models import ConflictOfInterest, Expert, Skill, Team, Theme
from organisations.models import Organisation


@dataclass
class _ExpertRow:
    line: int
    email: str
    first_name: str
    last_name: str
    teams: list[Team]
    capacity: Decimal
    skills: dict[int, int]  # theme id -> level
    organisation_name: str
    conflicts: list[Organisation]
    active: bool


class _Lookups:
    """Reference data for validating expert rows, read once."""

    def __init__(self) -> None:
        self.teams = {}
        for team in Team.objects.all():
            for key in (team.slug, team.name.lower(), team.name_en.lower()):
                self.teams[key] = team
        self.themes = {}
        for theme in Theme.objects.filter(active=True):
            for key in (theme.slug, theme.name.lower(), theme.name_en.lower()):
                self.themes[key] = theme
        self.organisations = {}
        for org in Organisation.objects.exclude(cbs_code=None, kvk_number=None):
            if org.cbs_code:
                self.organisations[org.cbs_code] = org
            if org.kvk_number:
                self.organisations[org.kvk_number] = org


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _parse_expert(line: int, row: dict[str, str], lookups: _Lookups) -> _ExpertRow:
    email = row.get("email", "").lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValueError(f"'{row.get('email', '')}' is not an e-mail address") from None
    first, last = row.get("first_name", ""), row.get("last_name", "")
    if not first or not last:
        raise ValueError("first_name and last_name are required")
    teams = []
    for name in _split(row.get("teams", "")):
        team = lookups.teams.get(name.lower())
        if team is None:
            raise ValueError(f"unknown team '{name}'")
        teams.append(team)
    if not teams:
        raise ValueError("teams is empty")
    try:
        capacity = Decimal(row.get("weekly_capacity_hours", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(
            f"weekly_capacity_hours '{row.get('weekly_capacity_hours', '')}' is not a number"
        ) from None
    if not Decimal("0") <= capacity <= Decimal("60"):
        raise ValueError("weekly_capacity_hours must be between 0 and 60")
    skills: dict[int, int] = {}
    for entry in _split(row.get("skills", "")):
        theme_name, _, level_text = entry.rpartition(":")
        theme = lookups.themes.get(theme_name.strip().lower())
        if theme is None:
            raise ValueError(f"unknown theme '{theme_name or entry}'")
        if level_text.strip() not in {"1", "2", "3"}:
            raise ValueError(f"level of '{theme_name}' must be 1, 2 or 3")
        skills[theme.id] = int(level_text)
    conflicts = []
    for code in _split(row.get("conflicts", "")):
        org = lookups.organisations.get(code.upper()) or lookups.organisations.get(code)
        if org is None:
            raise ValueError(f"no organisation with CBS code or KvK number '{code}'")
        conflicts.append(org)
    firm = row.get("organisation_name", "")
    if len(firm) > 200:
        raise ValueError("organisation_name is longer than 200 characters")
    return _ExpertRow(
        line,
        email,
        first[:150],
        last[:150],
        teams,
        capacity,
        skills,
        firm,
        conflicts,
        parse_bool(row.get("active", "")),
    )


def import_experts(
    data: bytes | str, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    lookups = _Lookups()
    return run_import(
        data,
        required=["email", "first_name", "last_name", "teams", "weekly_capacity_hours"],
        parse=lambda line, row: _parse_expert(line, row, lookups),
        key=lambda item: item.email,
        apply=_apply_expert,
        dry_run=dry_run,
        progress=progress,
    )


def _apply_expert(item: _ExpertRow, report: ImportReport) -> None:
    user = User.objects.filter(email__iexact=item.email).first()
    if user is None:
        user = User.objects.create_user(
            item.email, None, first_name=item.first_name, last_name=item.last_name
        )  # sets an unusable password
    counts = ImportReport()
    expert = upsert(
        Expert,
        {"user": user},
        {
            "weekly_capacity_hours": item.capacity,
            "organisation_name": item.organisation_name,
            "active": item.active,
        },
        counts,
    )
    changed = bool(counts.created or counts.updated)
    if {t.id for t in expert.teams.all()} != {t.id for t in item.teams}:
        expert.teams.set(item.teams)
        changed = True
    current = dict(expert.skills.values_list("theme_id", "level"))
    if item.skills and current != item.skills:
        expert.skills.exclude(theme_id__in=item.skills).delete()
        for theme_id, level in item.skills.items():
            Skill.objects.update_or_create(
                expert=expert, theme_id=theme_id, defaults={"level": level}
            )
        changed = True
    for org in item.conflicts:
        _, created = ConflictOfInterest.objects.get_or_create(
            expert=expert, organisation=org, defaults={"note": "import"}
        )
        changed = changed or created
    if counts.created:
        report.created += 1
    elif changed:
        report.updated += 1
    else:
        report.unchanged += 1
