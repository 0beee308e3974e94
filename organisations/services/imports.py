"""CSV import of organisations, for the management command and the admin.

Idempotent on the natural key: CBS code for municipalities, KvK number for every other kind.
Columns (header names, any order; * required):
    kind*           municipality | province | housing_corporation | care_provider |
                    partnership | other (or the Dutch: gemeente, provincie, woningcorporatie,
                    zorgaanbieder, samenwerkingsverband, overig)
    name*
    cbs_code        municipalities: GM + 4 digits (the key for municipalities)
    kvk_number      8 digits (the key for every other kind)
    province        DR, FL, FR, GE, GR, LI, NB, NH, OV, UT, ZE, ZH or the full name
    active          ja/nee, yes/no, true/false, 1/0 (default ja)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.csv_import import ImportReport, Progress, parse_bool, run_import, upsert
from organisations.models import Organisation, Province

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


def _province(value: str) -> str:
    if not value:
        return ""
    for code, label in Province.choices:
        if value.upper() == code or value.lower() == label.lower():
            return code
    raise ValueError(f"unknown province '{value}'")


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
        line,
        kind,
        name,
        cbs,
        kvk,
        _province(row.get("province", "")),
        parse_bool(row.get("active", "")),
    )


def import_organisations(
    data: bytes | str, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportReport:
    return run_import(
        data,
        required=["kind", "name"],
        parse=_parse_organisation,
        key=lambda item: item.cbs_code or item.kvk_number,
        apply=_apply_organisation,
        dry_run=dry_run,
        progress=progress,
    )


def _apply_organisation(item: _OrgRow, report: ImportReport) -> None:
    lookup = {"cbs_code": item.cbs_code} if item.cbs_code else {"kvk_number": item.kvk_number}
    values = {"kind": item.kind, "name": item.name, "active": item.active}
    if item.province:
        values["province"] = item.province
    upsert(Organisation, lookup, values, report)
