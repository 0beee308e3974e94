"""Statements per request (CSV for Excel and a printable page) and the programme view per team
and year (a chart with its figures in a table beside it, and a CSV).

CSV files are written by ``core.csv_export`` (the way Dutch Excel opens them); amounts in euros
to the cent. No float anywhere.
"""

from __future__ import annotations

import pygal
from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from pygal.style import Style

from accounts.roles import is_admin, require
from cofinancing import selectors
from cofinancing.permissions import can_close_period, can_view_ledger
from core.csv_export import comma, csv_response, euros
from experts.models import Team
from experts.permissions import coordinated_team_ids
from requests_app.permissions import get_visible_request_or_404


def _statement_data(request: HttpRequest, pk: int):
    advice_request = get_visible_request_or_404(request.user, pk)
    require(can_view_ledger(request.user, advice_request))
    book = selectors.request_ledger(advice_request)
    entries = list(selectors.entries_of_request(advice_request))
    return advice_request, book, entries


@login_required
@require_GET
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request, book, entries = _statement_data(request, pk)
    versions = list(book.agreement.versions.order_by("number")) if book.agreement else []
    return render(
        request,
        "cofinancing/statement.html",
        {
            "advice_request": advice_request,
            "book": book,
            "entries": entries,
            "versions": versions,
            "manage": is_admin(request.user)
            or advice_request.team_id in coordinated_team_ids(request.user),
            "printed_at": timezone.now(),
        },
    )


@login_required
@require_GET
def statement_csv(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request, book, entries = _statement_data(request, pk)
    rows = [
        [
            formats.date_format(entry.day, "d-m-Y"),
            str(entry.expert),
            entry.description,
            comma(entry.hours),
            "" if entry.corrected_hours is None else comma(entry.corrected_hours),
            entry.correction_reason,
            str(entry.version.number) if entry.version else "",
        ]
        for entry in entries
    ]
    if book.split is not None:
        rows.append([])
        rows += [
            [_("Hours used"), "", "", comma(book.hours_used)],
            [_("Cost (EUR)"), "", "", euros(book.split.cost)],
            [_("Programme part (EUR)"), "", "", euros(book.split.programme_part)],
            [_("Requester part (EUR)"), "", "", euros(book.split.requester_part)],
        ]
    header = [
        _("Day"),
        _("Expert"),
        _("What was done"),
        _("Hours"),
        _("Corrected hours"),
        _("Reason for the correction"),
        _("Agreement version"),
    ]
    return csv_response(
        f"{advice_request.reference or advice_request.pk}-statement.csv", header, rows
    )


# --- the programme view -------------------------------------------------------------------------


def _team_and_year(request: HttpRequest) -> tuple[Team, int, list[Team]]:
    teams = (
        list(Team.objects.order_by("name"))
        if is_admin(request.user)
        else list(Team.objects.filter(pk__in=coordinated_team_ids(request.user)).order_by("name"))
    )
    if not teams:
        raise Http404
    slug = request.GET.get("team", teams[0].slug)
    team = next((t for t in teams if t.slug == slug), None)
    if team is None:
        raise Http404
    try:
        year = int(request.GET.get("year", timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2020), 2100)
    return team, year, teams


def _chart(view: selectors.Programme) -> str:
    style = Style(
        background="transparent",
        plot_background="transparent",
        foreground="#1e1e1e",
        colors=("#01689b", "#8fcae7"),
        font_family="Arial, sans-serif",
    )
    chart = pygal.Bar(
        style=style,
        height=320,
        show_legend=True,
        legend_at_bottom=True,
        disable_xml_declaration=True,
        js=[],  # no script: the CSP allows none, and the table beside it holds the figures
        value_formatter=lambda value: f"€ {formats.number_format(value, 0, force_grouping=True)}",
    )
    chart.title = _("Programme spending per month")
    chart.x_labels = [formats.date_format(m.month, "M") for m in view.months]
    chart.add(_("Programme part"), [float(m.spent) for m in view.months])  # drawing only
    chart.add(_("Requester part"), [float(m.requester) for m in view.months])  # drawing only
    return chart.render(is_unicode=True)


@login_required
@require_GET
def programme(request: HttpRequest) -> HttpResponse:
    team, year, teams = _team_and_year(request)
    view = selectors.programme(team.pk, year)
    return render(
        request,
        "cofinancing/programme.html",
        {
            "team": team,
            "teams": teams,
            "year": year,
            "view": view,
            "can_close": can_close_period(request.user, team.pk),
            "today": timezone.localdate(),
            "years": range(timezone.localdate().year - 3, timezone.localdate().year + 2),
        },
    )


# pygal's SVG styles itself inline. Shown through <img>, an SVG runs no script and reaches
# nothing else, so its own response may allow inline style; the page keeps the strict policy.
@csp_replace(
    {"style-src": ["'unsafe-inline'"], "script-src": ["'none'"], "default-src": ["'none'"]}
)
@login_required
@require_GET
def programme_chart(request: HttpRequest) -> HttpResponse:
    team, year, _teams = _team_and_year(request)
    return HttpResponse(_chart(selectors.programme(team.pk, year)), content_type="image/svg+xml")


@login_required
@require_GET
def programme_csv(request: HttpRequest) -> HttpResponse:
    team, year, _teams = _team_and_year(request)
    view = selectors.programme(team.pk, year)
    rows = [
        [formats.date_format(m.month, "F Y"), euros(m.spent), euros(m.requester)]
        for m in view.months
    ]
    rows += [
        [],
        [_("Budget"), "" if view.budget is None else euros(view.budget)],
        [_("Committed"), euros(view.committed)],
        [_("Spent"), euros(view.spent)],
        [_("Remaining"), "" if view.remaining is None else euros(view.remaining)],
    ]
    header = [_("Month"), _("Programme part (EUR)"), _("Requester part (EUR)")]
    return csv_response(f"programme-{team.slug}-{year}.csv", header, rows)
