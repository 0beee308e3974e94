"""The organisation picker shared by the intake form, the invitation and the join page.

While typing, htmx asks ``organisation_search`` for matching organisations; without JavaScript
the form's "Search" button posts the whole form back and the page shows the same results,
with everything typed so far kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organisations import selectors
from organisations.models import Organisation

PICKER_LIMIT = 20
# The picker's purpose decides the name and kind of the controls it offers.
INPUT_TYPES = {"partners": "checkbox", "organisation": "radio"}


@dataclass(frozen=True)
class PickerResults:
    query: str
    organisations: list[Organisation]
    truncated: bool


def _ids(values: Iterable[str]) -> set[int]:
    return {int(value) for value in values if str(value).isdigit()}


def find_organisations(query: str, *, exclude: Iterable[int] = ()) -> PickerResults:
    """Matches for ``query``; nothing for an empty query (the list would be meaningless)."""
    query = (query or "").strip()[:100]
    if not query:
        return PickerResults(query="", organisations=[], truncated=False)
    found = list(selectors.organisations_for_picker(query, limit=PICKER_LIMIT + 1))
    excluded = set(exclude)
    organisations = [org for org in found[:PICKER_LIMIT] if org.pk not in excluded]
    return PickerResults(
        query=query, organisations=organisations, truncated=len(found) > PICKER_LIMIT
    )


@require_GET
def organisation_search(request: HttpRequest) -> HttpResponse:
    """Matching organisations: a fragment for htmx, a plain page for anyone else."""
    if not request.user.is_authenticated:
        if request.htmx:
            # Not the sign-in page inside the form: say so where the matches would appear.
            return render(request, "requests_app/request/partials/signed_out.html")
        return redirect_to_login(request.get_full_path())
    purpose = request.GET.get("purpose", "partners")
    if purpose not in INPUT_TYPES:
        purpose = "partners"
    query = request.GET.get(f"{purpose}_q", request.GET.get("q", ""))
    exclude = _ids(request.GET.getlist(purpose)) | _ids(request.GET.getlist("lead_organisation"))
    results = find_organisations(query, exclude=exclude)
    context = {"results": results, "name": purpose, "input_type": INPUT_TYPES[purpose]}
    if request.htmx:
        return render(request, "requests_app/request/partials/organisation_results.html", context)
    return render(request, "requests_app/request/organisation_search.html", context)
