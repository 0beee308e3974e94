"""Co-financing pages. The request page and the workspace show the section through
``{% cofinancing_section %}``; the forms in it post here, and every change goes through
``cofinancing.services``. Outsiders get 404 (the request's rule), insiders without the right 403.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import require
from cofinancing import selectors, services
from cofinancing.forms import OfferForm, TimeForm
from cofinancing.models import TimeEntry
from cofinancing.permissions import can_answer_offer, can_manage_agreement
from core.exceptions import Conflict
from experts.models import Team
from experts.permissions import expert_id
from requests_app.models import Assignment
from requests_app.permissions import get_visible_request_or_404


def _back(request: HttpRequest, pk: int) -> HttpResponse:
    target = request.POST.get("next", "")
    if target in ("workspace", "detail"):
        return redirect(f"requests:{target}", pk=pk)
    return redirect("requests:detail", pk=pk)


def _refused(request: HttpRequest, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, error.message)


@login_required
@require_POST
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request = get_visible_request_or_404(request.user, pk)
    require(can_manage_agreement(request.user, advice_request))
    form = OfferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        terms = services.Offer(
            hours=data["hours"],
            hourly_rate=data["hourly_rate"],
            programme_hours=data["programme_hours"],
            requester_share=data["requester_share"],
            requester_cap=data["requester_cap"] or None,
        )
        try:
            if hasattr(advice_request, "agreement"):
                services.amend(
                    actor=request.user, request_id=pk, offer=terms, reason=data["reason"]
                )
            else:
                services.make_offer(actor=request.user, request_id=pk, offer=terms)
        except (ValidationError, Conflict) as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The offer is sent to the requester."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("requests:workspace", pk=pk)


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request = get_visible_request_or_404(request.user, pk)
    require(can_answer_offer(request.user, advice_request))
    accept = request.POST.get("answer") == "accept"
    try:
        services.answer_offer(actor=request.user, request_id=pk, accept=accept)
    except Conflict as refused:
        _refused(request, refused)
    else:
        messages.success(
            request,
            _("You accepted the co-financing.") if accept else _("You declined the offer."),
        )
    return redirect("requests:detail", pk=pk)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    advice_request = get_visible_request_or_404(request.user, pk)
    require(can_manage_agreement(request.user, advice_request))
    if not TimeEntry.objects.filter(pk=entry_pk, request=advice_request).exists():
        raise Http404
    try:
        services.correct_entry(
            actor=request.user,
            entry_id=entry_pk,
            hours=request.POST.get("hours", ""),
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, Conflict) as refused:
        _refused(request, refused)
    else:
        messages.success(request, _("The hours are corrected; the original stays visible."))
    return redirect("cofinancing:statement", pk=pk)


# --- the expert's hours -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hours(request: HttpRequest) -> HttpResponse:
    """An expert logs time on their accepted assignments and sees their own entries."""
    mine = expert_id(request.user)
    if mine is None:
        raise Http404
    assignments = list(
        Assignment.objects.filter(expert_id=mine, status=Assignment.Status.ACCEPTED)
        .select_related("request")
        .order_by("request__reference")
    )
    form = TimeForm()
    status = 200
    if request.method == "POST":
        form = TimeForm(request.POST)
        chosen = next((a for a in assignments if str(a.pk) == request.POST.get("assignment")), None)
        if chosen is None:
            form.add_error(None, _("Choose one of your assignments."))
        if form.is_valid() and chosen is not None:
            try:
                services.log_time(
                    actor=request.user,
                    assignment_id=chosen.pk,
                    day=form.cleaned_data["day"],
                    hours=form.cleaned_data["hours"],
                    description=form.cleaned_data["description"],
                )
            except ValidationError as invalid:
                form.add_service_errors(invalid)
            except Conflict as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("The hours are logged."))
                return redirect("cofinancing:hours")
        status = 400
    entries = list(selectors.entries_of_expert(mine))
    total = sum((entry.effective_hours for entry in entries), Decimal("0"))
    return render(
        request,
        "cofinancing/hours.html",
        {
            "assignments": assignments,
            "form": form,
            "entries": entries,
            "total": total,
            "chosen": request.POST.get("assignment", ""),
        },
        status=status,
    )


@login_required
@require_POST
def close_month(request: HttpRequest) -> HttpResponse:
    team = Team.objects.filter(slug=request.POST.get("team", "")).first()
    if team is None:
        raise Http404
    back = f"{reverse('cofinancing:programme')}?team={team.slug}"
    try:
        month = dt.date.fromisoformat(request.POST.get("month", "") + "-01")
    except ValueError:
        messages.error(request, _("Choose a month."))
    else:
        back += f"&year={month.year}"
        try:
            services.close_period(actor=request.user, team_id=team.pk, month=month)
        except (ValidationError, Conflict) as refused:
            _refused(request, refused)
        else:
            messages.success(request, _("The month is closed; its hours can no longer change."))
    return redirect(back)
