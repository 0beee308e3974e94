"""The coordinators' dashboard (per team or for all their teams, for a period from the URL),
its tables as CSV, its charts as SVG images, and the yearly overview to print for the
ministry. Who may: ``reports.permissions``; the figures: ``reports.selectors``."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.roles import require
from core.csv_export import csv_response
from experts.models import Team
from reports import charts, selectors
from reports.filters import ScopeForm, YearForm, scope_query
from reports.permissions import dashboard_team_ids
from reports.tables import tables

CHARTS = {
    "statussen": lambda scope: charts.status_chart(selectors.status_counts(scope)),
    "themas": lambda scope: charts.themes_chart(selectors.demand(scope).themes),
    "inzet": lambda scope: charts.utilisation_chart(selectors.utilisation(scope)),
}


def visible_teams(request: HttpRequest) -> list[Team]:
    """The teams whose figures the person may see; 403 for who may see none."""
    ids = dashboard_team_ids(request.user)
    require(bool(ids))
    return list(Team.objects.filter(pk__in=ids).order_by("name"))


def _form(
    request: HttpRequest, form_class: type[ScopeForm] | type[YearForm]
) -> ScopeForm | YearForm:
    form = form_class(request.GET, teams=visible_teams(request))
    require(not form.names_a_foreign_team())
    return form


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form = _form(request, ScopeForm)
    context = {"form": form}
    if not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    board = selectors.dashboard(form.scope())
    context.update(
        board=board,
        tables=tables(board, shortened=True),
        query=form.query(),
        team_label=form.team_label(),
        year=form.cleaned_data["start"].year,
        team=form.cleaned_data["team"],
    )
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def dashboard_csv(request: HttpRequest, key: str) -> HttpResponse:
    form = _form(request, ScopeForm)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    table = tables(selectors.dashboard(form.scope())).get(key)
    if table is None:
        raise Http404
    data = form.cleaned_data
    name = f"{key}-{data['team']}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.csv"
    return csv_response(name, [column.label for column in table.columns], table.csv_rows())


# pygal's SVG styles itself inline. Shown through <img>, an SVG runs no script and reaches
# nothing else, so its own response may allow inline style; the page keeps the strict policy.
@csp_replace(
    {"style-src": ["'unsafe-inline'"], "script-src": ["'none'"], "default-src": ["'none'"]}
)
@login_required
@require_GET
def dashboard_chart(request: HttpRequest, name: str) -> HttpResponse:
    draw = CHARTS.get(name)
    if draw is None:
        raise Http404
    form = _form(request, ScopeForm)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    return HttpResponse(draw(form.scope()), content_type="image/svg+xml")


@login_required
@require_GET
def yearly(request: HttpRequest) -> HttpResponse:
    """The year of a team (or all one's teams) on paper: every table, no controls in print."""
    form = _form(request, YearForm)
    this_year = timezone.localdate().year
    context = {"form": form, "years": range(this_year - 5, this_year + 1)}
    if not form.is_valid():
        return render(request, "reports/yearly.html", context, status=400)
    scope = form.scope()
    board = selectors.dashboard(scope)
    context.update(
        board=board,
        tables=tables(board),
        team_label=form.team_label(),
        year=form.cleaned_data["year"],
        team=form.cleaned_data["team"],
        query=scope_query(form.cleaned_data["team"], scope),
        printed_at=timezone.now(),
    )
    return render(request, "reports/yearly.html", context)
