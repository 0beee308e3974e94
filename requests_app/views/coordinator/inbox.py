"""The triage inbox: a GET form over ``filters.InboxFilter`` (everything in the query string,
so a view can be shared); htmx swaps the form and table in place, and without JavaScript it is
a plain page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from organisations.models import Organisation
from requests_app import selectors
from requests_app.deadlines import DeadlineState, deadline_state, today
from requests_app.enums import FILED, FINISHED, OPEN, Status
from requests_app.filters import InboxFilter
from requests_app.forms_coordinator import FILTER_WIDGET_ATTRS
from requests_app.models import AdviceRequest
from requests_app.views.coordinator.common import _require_inbox_access

PAGE_SIZE = 50


# --- the inbox ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class InboxRow:
    """One table row, its words ready: fifty rows of template lookups add up on every load."""

    reference: str
    url: str
    title: str
    organisation: str
    team: str  # "" while not decided
    status: str
    submitted_at: dt.datetime | None
    deadline: dt.date | None
    state: DeadlineState
    themes: str


def _inbox_rows(requests: list[AdviceRequest]) -> list[InboxRow]:
    on = today()
    statuses = {value: str(label) for value, label in Status.choices}
    return [
        InboxRow(
            reference=item.reference or "",
            url=reverse("requests:workspace", args=[item.pk]),
            title=item.title,
            organisation=str(item.lead_organisation),
            team=item.team.display_name if item.team else "",
            status=statuses.get(item.status, item.status),
            submitted_at=item.submitted_at,
            deadline=item.triage_deadline,
            state=deadline_state(item, on),
            themes=", ".join(theme.display_name for theme in item.themes.all()),
        )
        for item in requests
    ]


def _style_filter_form(form: forms.Form) -> None:
    for name, attrs in FILTER_WIDGET_ATTRS.items():
        widget = form.fields[name].widget
        attrs = dict(attrs)
        if "type" in attrs:  # an input's type is not an attribute Django lets you add later
            widget.input_type = attrs.pop("type")
        widget.attrs.update(attrs)


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    _require_inbox_access(request.user)
    # Finished requests only when a status is ticked: otherwise the open ones, read in the
    # inbox's index order at any volume (bench_requests).
    statuses = FILED if request.GET.getlist("status") else OPEN
    filterset = InboxFilter(
        request.GET, queryset=selectors.inbox(request.user, statuses=statuses), request=request
    )
    _style_filter_form(filterset.form)
    page = rows = page_numbers = None
    if filterset.is_valid():
        paginator = Paginator(filterset.qs, PAGE_SIZE)
        if not any(filterset.form.cleaned_data.values()):
            # The whole inbox, as it opens: its count (every open request of the teams) is
            # kept between changes, so the page costs the same however many there are.
            paginator.count = selectors.kept_count(
                filterset.qs, whole_list="inbox", viewer=request.user
            )
        page = paginator.get_page(request.GET.get("page"))
        page_numbers = paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
        rows = _inbox_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "page_numbers": page_numbers,
        "rows": rows,
        "query": query.urlencode(),
        "filtered": filterset.active,
        "finished_query": urlencode(
            [("status", value) for value, _label in Status.choices if value in FINISHED]
        ),
    }
    partial = request.htmx and not request.htmx.history_restore_request
    if partial:
        response = render(request, "requests_app/coordinator/partials/inbox_update.html", context)
    else:
        # 342 options: joined here, which costs a fraction of a template loop.
        context["municipality_options"] = format_html_join(
            "",
            '<option value="{}">{}</option>',
            Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
            .order_by("name")
            .values_list("cbs_code", "name"),
        )
        response = render(request, "requests_app/coordinator/inbox.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response
