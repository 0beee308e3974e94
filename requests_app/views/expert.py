"""Expert pages about assignments: the expert home (assignments to answer, load for the coming
weeks), answering from the home or from the mail's link, and the coordinators' load page of
their teams' experts (403 for people who are neither coordinator nor admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import is_admin, is_expert, require
from core.exceptions import Conflict
from core.refusals import refusable
from experts.permissions import can_view_expert_load
from requests_app import selectors_experts
from requests_app.forms import DeclineForm
from requests_app.models import Assignment
from requests_app.services import assignments


@require_http_methods(["GET", "POST"])
def answer_assignment(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in the assignment mail: accept, or decline with a reason.

    The link itself identifies the expert (it is signed and expires), so the expert does not
    have to sign in first; the page still asks for an explicit click.
    """
    try:
        assignment = assignments.assignment_from_token(token)
    except ValidationError as invalid:
        return render(
            request,
            "requests_app/expert/answer.html",
            {"error": " ".join(invalid.messages)},
            status=400,
        )
    actor = assignment.expert.user
    context = {"assignment": assignment, "advice_request": assignment.request}
    if request.method == "POST":
        choice = request.POST.get("answer")
        try:
            if choice == "accept":
                assignments.accept_assignment(actor=actor, assignment_id=assignment.pk)
                messages.success(request, _("Thank you: you accepted the assignment."))
            elif choice == "decline":
                assignments.decline_assignment(
                    actor=actor, assignment_id=assignment.pk, reason=request.POST.get("reason", "")
                )
                messages.success(
                    request, _("You declined the assignment; the coordinator has been told.")
                )
            else:
                context["error"] = _("Choose to accept or to decline.")
                return render(request, "requests_app/expert/answer.html", context, status=400)
        except ValidationError as invalid:
            context["form_errors"] = invalid.message_dict
            context["reason"] = request.POST.get("reason", "")
            return render(request, "requests_app/expert/answer.html", context, status=400)
        except Conflict as refused:
            context["error"] = refused.message
            return render(request, "requests_app/expert/answer.html", context, status=409)
        return redirect(request.path)
    return render(request, "requests_app/expert/answer.html", context)


# --- the expert home ------------------------------------------------------------------------------


def render_home(
    request: HttpRequest,
    *,
    status: int = 200,
    error: str = "",
    decline_form: tuple[int, DeclineForm] | None = None,
) -> HttpResponse:
    """The expert home; ``decline_form`` is (assignment id, bound form) after a refused decline."""
    if not is_expert(request.user):
        raise PermissionDenied
    expert = selectors_experts.own_expert(request.user)
    rows = []
    for assignment in selectors_experts.active_assignments(expert):
        form = None
        if assignment.status == Assignment.Status.PROPOSED:
            if decline_form is not None and decline_form[0] == assignment.pk:
                form = decline_form[1]
            else:
                form = DeclineForm(auto_id=f"assignment-{assignment.pk}-%s")
        rows.append((assignment, form))
    load = selectors_experts.home_load(expert)
    return render(
        request,
        "requests_app/home/expert.html",
        {
            "expert": expert,
            "proposed": [row for row in rows if row[0].status == Assignment.Status.PROPOSED],
            "accepted": [row for row in rows if row[0].status == Assignment.Status.ACCEPTED],
            "load": load,
            "error": error,
        },
        status=status,
    )


def _own_assignment(request: HttpRequest, pk: int) -> Assignment:
    assignment = selectors_experts.own_assignment(request.user, pk)
    if assignment is None:
        raise Http404
    return assignment


@require_POST
@login_required
def accept_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    with refusable() as refused:
        assignments.accept_assignment(actor=request.user, assignment_id=assignment.pk)
    if refused:
        return render_home(request, status=refused.status, error=refused.message)
    messages.success(request, _("Thank you: you accepted the assignment."))
    return redirect("requests:expert-home")


@require_POST
@login_required
def decline_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    form = DeclineForm(request.POST, auto_id=f"assignment-{assignment.pk}-%s")
    if not form.is_valid():
        return render_home(request, status=400, decline_form=(assignment.pk, form))
    with refusable(form) as refused:
        assignments.decline_assignment(
            actor=request.user, assignment_id=assignment.pk, reason=form.cleaned_data["reason"]
        )
    if refused:
        return render_home(
            request,
            status=refused.status,
            error=refused.message,
            decline_form=(assignment.pk, form),
        )
    messages.success(request, _("You declined the assignment; the coordinator has been told."))
    return redirect("requests:expert-home")


# --- the coordinators' load page ------------------------------------------------------------------


@require_GET
@login_required
def team_load(request: HttpRequest) -> HttpResponse:
    require(can_view_expert_load(request.user))
    weeks = selectors_experts.coming_weeks(selectors_experts.TEAM_WEEKS)
    experts = list(selectors_experts.experts_for_load(request.user, weeks))
    return render(
        request,
        "requests_app/expert/team_load.html",
        {
            "weeks": weeks,
            "rows": selectors_experts.loads_of(experts, weeks),
            "all_teams": is_admin(request.user),
        },
    )
