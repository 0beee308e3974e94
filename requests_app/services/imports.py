"""CSV imports of organisations and experts, for the management commands and the admin.

Files come from Excel as often as not: UTF-8 with or without a byte-order mark, separated by
``;`` or ``,``. Every row is validated before anything is written; one bad row means nothing
is imported, and every bad row is reported with its line number and the reason. Importing is
idempotent on the natural key: CBS code or KvK number for organisations, e-mail for experts.

Organisations — columns (header names, any order; * required):
    kind*           municipality | province | housing_corporation | care_provider |
                    partnership | other (or the Dutch: gemeente, provincie, woningcorporatie,
                    zorgaanbieder, samenwerkingsverband, overig)
    name*
    cbs_code        municipalities: GM + 4 digits (the key for municipalities)
    kvk_number      8 digits (the key for every other kind)
    province        DR, FL, FR, GE, GR, LI, NB, NH, OV, UT, ZE, ZH or the full name
    active          ja/nee, yes/no, true/false, 1/0 (default ja)

Experts — columns (* required):
    email*, first_name*, last_name*
    teams*          team slugs or names separated by "|", e.g. "weer-thuis|woningbouw"
    weekly_capacity_hours*   e.g. 16 or 16,5
    skills          "theme:level" separated by "|", theme by slug or Dutch name, level 1-3
    organisation_name        the expert's firm
    conflicts       CBS codes or KvK numbers separated by "|"
    active          as above (default ja)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts.models import User
from experts.models import Expert, Skill, Team, Theme
from requests_app.models import ConflictOfInterest, Organisation, Province

Progress = Callable[[int, int], None]

_TRUE = {"ja", "yes", "true", "1", "j", "y", "waar"}
_FALSE = {"nee", "no", "false", "0", "n", "onwaar"}
KIND_ALIASES = {
    "gemeente": "municipality",
    "provincie": "province",
    "woningcorporatie": "housing_corporation",
    "corporatie": "housing_corporation",
    "zorgaanbieder": "care_provider",
    "zorginstelling": "care_provider",
    "samenwerkingsverband": "partnership",
    "regio": "partnership",
    "overig": "other",
    "anders": "other",
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, no header, missing columns)."""


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        if self.errors:
            return f"{len(self.errors)} bad row(s) of {self.rows}; nothing was imported."
        return (
            f"{self.rows} rows: {self.created} {verb} created, {self.updated} {verb} "
            f"updated, {self.unchanged} unchanged."
        )


def read_rows(data: bytes | str, required: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV file as Excel writes it."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFileError(
                "The file is not UTF-8. In Excel, save it as 'CSV UTF-8 (comma delimited)'."
            ) from None
    else:
        text = data.lstrip("\ufeff")
    if not text.strip():
        raise ImportFileError("The file is empty.")
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if reader.fieldnames is None:
        raise ImportFileError("The file has no header row.")
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    missing = [name for name in required if name not in reader.fieldnames]
    if missing:
        raise ImportFileError(f"Missing column(s): {', '.join(missing)}.")
    rows = []
    for row in reader:
        values = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if any(values.values()):
            rows.append((reader.line_num, values))
    return rows


def _bool(value: str, default: bool = True) -> bool:
    if not value:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"'{value}' is not yes/no (ja/nee)")


def _province(value: str) -> str:
    if not value:
        return ""
    for code, label in Province.choices:
        if value.upper() == code or value.lower() == label.lower():
            return code
    raise ValueError(f"unknown province '{value}'")


# --- organisations ----------------------------------------------------------------------------


@dataclass
class _OrgRow:
    line: int
    kind: str
    name: str
    cbs_code: str | None
    kvk_number: str | None
    province: str
    active: bool


def _parse_organisation(line: int, row: dict[str, str]) -> _OrgRow:
    kind = row.get("kind", "").lower()
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in Organisation.Kind.values:
        raise ValueError(f"unknown kind '{row.get('kind', '')}'")
    name = row.get("name", "")
    if not name:
        raise ValueError("name is empty")
    if len(name) > 200:
        raise ValueError("name is longer than 200 characters")
    cbs = row.get("cbs_code", "").upper() or None
    kvk = re.sub(r"\s", "", row.get("kvk_number", "")) or None
    if kind == "municipality":
        if not cbs or not re.fullmatch(r"GM\d{4}", cbs):
            raise ValueError("a municipality needs a CBS code like GM0345")
    elif cbs:
        raise ValueError("only municipalities have a CBS code")
    elif not kvk:
        raise ValueError("needs a KvK number (the key to recognise it next time)")
    if kvk and not re.fullmatch(r"\d{8}", kvk):
        raise ValueError(f"KvK number '{kvk}' is not 8 digits")
    return _OrgRow(
        line, kind, name, cbs, kvk, _province(row.get("province", "")), _bool(row.get("active", ""))
    )


def import_organisations(
    data: bytes | str, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    rows = read_rows(data, ["kind", "name"])
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    parsed: list[_OrgRow] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            item = _parse_organisation(line, row)
        except ValueError as problem:
            report.errors.append(RowError(line, str(problem)))
            continue
        key = item.cbs_code or item.kvk_number
        if key in seen:
            report.errors.append(RowError(line, f"{key} appears twice (also line {seen[key]})"))
            continue
        seen[key] = line
        parsed.append(item)
    if report.errors:
        return report
    with transaction.atomic():
        for done, item in enumerate(parsed, start=1):
            _apply_organisation(item, report)
            if progress:
                progress(done, len(parsed))
        if dry_run:
            transaction.set_rollback(True)
    return report


def _apply_organisation(item: _OrgRow, report: ImportReport) -> None:
    lookup = {"cbs_code": item.cbs_code} if item.cbs_code else {"kvk_number": item.kvk_number}
    values = {"kind": item.kind, "name": item.name, "active": item.active}
    if item.province:
        values["province"] = item.province
    _upsert(Organisation, lookup, values, report)


def _upsert(model: Any, lookup: dict, values: dict, report: ImportReport) -> Any:
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        report.created += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
        report.updated += 1
    else:
        report.unchanged += 1
    return instance


# --- experts ----------------------------------------------------------------------------------


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
        _bool(row.get("active", "")),
    )


def import_experts(
    data: bytes | str, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    required = ["email", "first_name", "last_name", "teams", "weekly_capacity_hours"]
    rows = read_rows(data, required)
    report = ImportReport(rows=len(rows), dry_run=dry_run)
    lookups = _Lookups()
    parsed: list[_ExpertRow] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        try:
            item = _parse_expert(line, row, lookups)
        except ValueError as problem:
            report.errors.append(RowError(line, str(problem)))
            continue
        if item.email in seen:
            report.errors.append(
                RowError(line, f"{item.email} appears twice (also line {seen[item.email]})")
            )
            continue
        seen[item.email] = line
        parsed.append(item)
    if report.errors:
        return report
    with transaction.atomic():
        for done, item in enumerate(parsed, start=1):
            _apply_expert(item, report)
            if progress:
                progress(done, len(parsed))
        if dry_run:
            transaction.set_rollback(True)
    return report


def _apply_expert(item: _ExpertRow, report: ImportReport) -> None:
    user = User.objects.filter(email__iexact=item.email).first()
    if user is None:
        user = User.objects.create_user(
            item.email, None, first_name=item.first_name, last_name=item.last_name
        )  # sets an unusable password
    counts = ImportReport()
    expert = _upsert(
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
