"""The workspace's Experts section: ranked suggestions and the search by name (htmx fragments,
inline without JavaScript), assigning, changing hours and releasing (``coordinator_experts``
builds the section)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.refusals import refusable
from requests_app.models import Assignment
from requests_app.services import assignments
from requests_app.views import coordinator_experts
from requests_app.views.coordinator.common import _coordinated_request_or_404
from requests_app.views.coordinator.workspace import (
    _render_workspace,
    refused_workspace,
)
from requests_app.views.coordinator_experts import AssignForm, HoursForm

# --- experts: suggestions, assigning, releasing ---------------------------------------------


def _workspace_url(pk: int, fragment: str = "", *, suggestions: bool = False) -> str:
    query = "?suggesties=1" if suggestions else ""
    return reverse("requests:workspace", args=[pk]) + query + (f"#{fragment}" if fragment else "")


@require_GET
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The ranked suggestions as an htmx fragment; without htmx, the workspace shows them."""
    if not request.user.is_authenticated:
        if request.htmx:
            # Not the sign-in page inside the workspace: say so where the list would appear.
            response = render(request, "requests_app/coordinator/partials/signed_out.html")
        else:
            response = redirect_to_login(request.get_full_path())
        patch_vary_headers(response, ("HX-Request",))
        return response
    advice_request = _coordinated_request_or_404(request.user, pk)
    if request.htmx:
        response = render(
            request,
            "requests_app/coordinator/partials/suggestions.html",
            coordinator_experts.suggestions_context(advice_request, request.user),
        )
    else:
        response = redirect(
            reverse("requests:workspace", args=[pk]) + "?suggesties=1#suggestions-title"
        )
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_POST
def assign_expert(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose an expert from the suggestions; a refusal comes back into the expert's row."""
    user = request.user
    advice_request = _coordinated_request_or_404(user, pk)
    form = AssignForm.bound(request.POST)
    if not form.is_valid():
        return _render_workspace(request, advice_request, assign_form=form, status=400)
    data = form.cleaned_data
    with refusable(form) as refused:
        assignment = assignments.assign_expert(
            actor=user,
            request_id=advice_request.pk,
            expert_id=data["expert"],
            role=data["role"],
            hours_budget=data["hours_budget"],
        )
    if refused:
        return refused_workspace(request, pk, refused, where="experts_error", assign_form=form)
    messages.success(
        request,
        _(
            "%(expert)s is proposed as %(role)s for %(reference)s with %(hours)s hours; "
            "they get a mail to accept or decline."
        )
        % {
            "expert": assignment.expert,
            "role": assignment.get_role_display().lower(),
            "reference": advice_request.reference,
            "hours": f"{assignment.hours_budget.normalize():f}",
        },
    )
    # The suggestions stay open: a second expert is one more click.
    return redirect(_workspace_url(pk, "suggestions-title", suggestions=True))


@require_GET
def search_experts(request: HttpRequest, pk: int) -> HttpResponse:
    """Every eligible expert of a name, as an htmx fragment; without htmx, in the workspace."""
    if not request.user.is_authenticated:
        if request.htmx:
            response = render(request, "requests_app/coordinator/partials/signed_out.html")
        else:
            response = redirect_to_login(request.get_full_path())
        patch_vary_headers(response, ("HX-Request",))
        return response
    advice_request = _coordinated_request_or_404(request.user, pk)
    search = coordinator_experts.clean_search(request.GET.get("naam"))
    if request.htmx:
        response = render(
            request,
            "requests_app/coordinator/partials/expert_search_results.html",
            coordinator_experts.search_context(advice_request, request.user, search),
        )
    else:
        response = redirect(
            reverse("requests:workspace", args=[pk])
            + "?"
            + urlencode({"naam": search})
            + "#expert-search-title"
        )
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_POST
def change_hours(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """A new hour budget for an expert on the request, through the assignment's capacity
    check; a refusal comes back into the expert's row."""
    user = request.user
    advice_request = _coordinated_request_or_404(user, pk)
    assignment = (
        Assignment.objects.filter(pk=assignment_pk, request=advice_request)
        .select_related("expert__user")
        .first()
    )
    if assignment is None:
        raise Http404
    form = HoursForm.for_assignment(assignment, data=request.POST)
    if not form.is_valid():
        return _render_workspace(request, advice_request, hours=(assignment.pk, form), status=400)
    with refusable(form) as refused:
        changed = assignments.change_assignment_hours(
            actor=user, assignment_id=assignment.pk, hours_budget=form.cleaned_data["hours_budget"]
        )
    if refused:
        return refused_workspace(
            request, pk, refused, where="experts_error", hours=(assignment.pk, form)
        )
    messages.success(
        request,
        _("%(expert)s now has %(hours)s hours on %(reference)s, about %(per_week)s per week.")
        % {
            "expert": assignment.expert,
            "hours": f"{changed.hours_budget.normalize():f}",
            "reference": advice_request.reference,
            "per_week": f"{changed.hours_per_week.normalize():f}",
        },
    )
    return redirect(_workspace_url(pk, f"assignment-{assignment.pk}"))


@login_required
@require_POST
def release_assignment(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    """Take an expert off the request; their hours are free again at once."""
    user = request.user
    advice_request = _coordinated_request_or_404(user, pk)
    assignment = (
        Assignment.objects.filter(pk=assignment_pk, request=advice_request)
        .select_related("expert__user")
        .first()
    )
    if assignment is None:
        raise Http404
    with refusable() as refused:
        assignments.release_assignment(actor=user, assignment_id=assignment.pk)
    if refused:
        # Usually a stale page: the expert declined, or a colleague released them already.
        return refused_workspace(request, pk, refused, where="experts_error")
    messages.success(
        request,
        _("%(expert)s is released from %(reference)s; their hours are free again.")
        % {"expert": assignment.expert, "reference": advice_request.reference},
    )
    return redirect(_workspace_url(pk, "experts-title"))
