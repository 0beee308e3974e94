"""The dashboard's figures as tables: the same rows on the page, in the CSV downloads, in the
yearly overview and beside the charts. A column's kind says how a value is written (a count,
days or hours with decimals, euros to the cent, a percentage); values stay Decimal."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core import csv_export
from reports.selectors import Dashboard

PLACES = {"count": 0, "days": 1, "hours": 2, "euros": 2, "percent": 1}


def places(value: object, kind: str) -> int:
    """Decimals to write: a "number" column holds counts (none) and shares or averages (one)."""
    if kind == "number":
        return 0 if isinstance(value, int) else 1
    return PLACES[kind]


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | count | number | days | hours | euros | percent

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class Table:
    key: str  # the CSV file's name and the page's anchor
    title: str
    columns: list[Column]
    rows: list[list[object]]
    # The dashboard shows this many rows and says where the rest is (the CSV, the overview).
    limit: int | None = None

    @property
    def hidden(self) -> int:
        return max(0, len(self.rows) - self.limit) if self.limit else 0

    def page_cells(self) -> list[list[tuple[object, Column]]]:
        return self.cells()[: self.limit] if self.limit else self.cells()

    def cells(self) -> list[list[tuple[object, Column]]]:
        """Rows with each value beside its column, for the template."""
        return [list(zip(row, self.columns, strict=True)) for row in self.rows]

    def csv_rows(self) -> list[list[str]]:
        return [
            [csv_cell(value, column) for value, column in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]


def csv_cell(value: object, column: Column) -> str:
    if value is None:
        return ""
    if column.kind == "text":
        return str(value)
    return csv_export.comma(Decimal(value), places(value, column.kind))


def tables(board: Dashboard, *, shortened: bool = False) -> dict[str, Table]:
    """Every table of the dashboard, by key, in the page's order; ``shortened`` for the page
    itself, where the long lists show their first rows (the CSV and the overview hold all)."""
    requests = Column(_("Requests"), "count")
    timing, demand, money, happy = board.timing, board.demand, board.money, board.satisfaction
    compliance = timing.compliance
    made = [
        Table(
            "statussen",
            _("Requests by status"),
            [Column(_("Status")), requests],
            [[row.label, row.count] for row in board.statuses],
        ),
        Table(
            "termijn",
            _("Triage deadline"),
            [Column(_("Figure")), Column(_("Value"), "number")],
            [
                [_("Decided on time"), compliance.on_time],
                [_("Decided late"), compliance.late],
                [_("Waiting past the deadline"), compliance.waiting_late],
                [_("On time (%)"), compliance.percentage],
            ],
        ),
        Table(
            "doorlooptijden",
            _("Lead times (days)"),
            [
                Column(_("From submission to")),
                requests,
                Column(_("Median (days)"), "days"),
                Column(_("90th percentile (days)"), "days"),
            ],
            [
                [lead.label, lead.count, lead.median_days, lead.p90_days]
                for lead in timing.lead_times
            ],
        ),
        Table(
            "themas",
            _("Demand by theme"),
            [Column(_("Theme")), requests],
            [[row.label, row.count] for row in demand.themes],
        ),
        Table(
            "gemeenten",
            _("Demand by municipality (lead organisation)"),
            [Column(_("Municipality")), Column(_("CBS code")), Column(_("Province")), requests],
            [[row.name, row.code, row.province, row.count] for row in demand.municipalities],
            limit=25 if shortened else None,
        ),
        Table(
            "provincies",
            _("Demand by province"),
            [Column(_("Province")), requests],
            [[row.label, row.count] for row in demand.provinces],
        ),
        Table(
            "organisaties",
            _("Demand by kind of organisation"),
            [Column(_("Kind of organisation")), requests],
            [[row.label, row.count] for row in demand.kinds],
        ),
        Table(
            "regionaal",
            _("Regional requests"),
            [Column(_("Figure")), Column(_("Value"), "number")],
            [
                [_("Requests"), demand.total],
                [_("With partner municipalities"), demand.regional],
                [_("Regional share (%)"), demand.regional_percentage],
            ],
        ),
        Table(
            "inzet",
            _("Expert utilisation"),
            [
                Column(_("Expert")),
                Column(_("Capacity (hours)"), "hours"),
                Column(_("Committed (hours)"), "hours"),
                Column(_("Logged (hours)"), "hours"),
                Column(_("Logged of capacity (%)"), "percent"),
            ],
            [
                [row.name, row.capacity, row.committed, row.logged, row.logged_percentage]
                for row in board.utilisation
            ],
        ),
        Table(
            "geld",
            _("Money"),
            [
                Column(_("Figure")),
                Column(_("Programme part (EUR)"), "euros"),
                Column(_("Requester part (EUR)"), "euros"),
            ],
            [
                [
                    _("Committed (agreements accepted in the period)"),
                    money.committed_programme,
                    money.committed_requester,
                ],
                [
                    _("Spent (hours logged in the period)"),
                    money.spent_programme,
                    money.spent_requester,
                ],
            ],
        ),
        Table(
            "tevredenheid",
            _("Satisfaction"),
            [Column(_("Figure")), Column(_("Value"), "number")],
            [
                [_("Invited"), happy.invited],
                [_("Answered"), happy.answered],
                [_("Response (%)"), happy.response_percentage],
                [_("Average score (1-5)"), happy.average],
                *[
                    [_("Answers with score %(score)d") % {"score": score}, count]
                    for score, count in happy.scores.items()
                ],
            ],
        ),
    ]
    return {table.key: table for table in made}
