"""Own figures: a requester's organisations over the years, an expert's own hours, load and
scores. Who may: ``reports.permissions``; the figures: ``reports.selectors_own``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import require
from core.csv_export import comma, csv_response, euros
from experts.models import Expert
from organisations.models import Organisation
from reports import selectors_own
from reports.permissions import (
    can_view_organisation_figures,
    figures_organisation_ids,
    own_expert_id,
)


@login_required
@require_GET
def organisation_figures(request: HttpRequest) -> HttpResponse:
    ids = figures_organisation_ids(request.user)
    require(bool(ids))
    organisations = Organisation.objects.filter(pk__in=ids).order_by("name")
    return render(
        request,
        "reports/organisation_figures.html",
        {"figures": [selectors_own.organisation_figures(o) for o in organisations]},
    )


@login_required
@require_GET
def organisation_csv(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    require(can_view_organisation_figures(request.user, organisation.pk))
    figures = selectors_own.organisation_figures(organisation)
    header = [
        _("Year"),
        _("Requests as lead organisation"),
        _("Requests as partner"),
        _("Hours"),
        _("Requester part (EUR)"),
        _("Programme part (EUR)"),
    ]
    rows = [
        [
            str(y.year),
            str(y.led),
            str(y.partnered),
            comma(y.hours, 2),
            euros(y.requester_part),
            euros(y.programme_part),
        ]
        for y in figures.years
    ]
    slug = organisation.cbs_code or str(organisation.pk)
    return csv_response(f"cijfers-{slug}.csv", header, rows)


@login_required
@require_GET
def expert_figures(request: HttpRequest) -> HttpResponse:
    pk = own_expert_id(request.user)
    require(pk is not None)
    expert = Expert.objects.select_related("user").get(pk=pk)
    return render(
        request,
        "reports/expert_figures.html",
        {"figures": selectors_own.expert_figures(expert), "expert": expert},
    )
