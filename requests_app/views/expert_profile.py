"""The expert's own pages: the expert home (assignments to answer, load for the coming weeks),
the profile pages (capacity and preferences, skills, absences, conflicts of interest) and the
coordinators' load page of their teams' experts.

The profile pages are the same for the expert and for the coordinators of the expert's teams
and admins (``permissions.can_edit_expert``). Anyone else gets 404 — also a coordinator of
another team: who may not edit an expert's profile may not see it either, so no 403 arises
here. The load page answers 403 to people who are neither coordinator nor admin. Every change
goes through ``services.expert_profiles`` or ``services.assignments``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from experts.models import Expert
from requests_app import permissions, selectors, selectors_experts
from requests_app.exceptions import Conflict
from requests_app.forms_experts import (
    AbsenceForm,
    ConflictForm,
    DeclineForm,
    OrganisationSearchForm,
    ProfileForm,
    SkillForm,
    SkillLevelForm,
)
from requests_app.models import Assignment
from requests_app.services import assignments, expert_profiles

# --- the expert home ------------------------------------------------------------------------------


def render_home(
    request: HttpRequest,
    *,
    status: int = 200,
    error: str = "",
    decline_form: tuple[int, DeclineForm] | None = None,
) -> HttpResponse:
    """The expert home; ``decline_form`` is (assignment id, bound form) after a refused decline."""
    if not permissions.is_expert(request.user):
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
    try:
        assignments.accept_assignment(actor=request.user, assignment_id=assignment.pk)
    except Conflict as refused:
        return render_home(request, status=409, error=refused.message)
    messages.success(request, _("Thank you: you accepted the assignment."))
    return redirect("requests:expert-home")


@require_POST
@login_required
def decline_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    form = DeclineForm(request.POST, auto_id=f"assignment-{assignment.pk}-%s")
    if not form.is_valid():
        return render_home(request, status=400, decline_form=(assignment.pk, form))
    try:
        assignments.decline_assignment(
            actor=request.user, assignment_id=assignment.pk, reason=form.cleaned_data["reason"]
        )
    except ValidationError as invalid:
        form.add_service_errors(invalid)
        return render_home(request, status=400, decline_form=(assignment.pk, form))
    except Conflict as refused:
        return render_home(request, status=409, error=refused.message)
    messages.success(request, _("You declined the assignment; the coordinator has been told."))
    return redirect("requests:expert-home")


# --- the profile pages ----------------------------------------------------------------------------


def _expert_or_404(request: HttpRequest, pk: int) -> Expert:
    expert = selectors_experts.expert_for_profile(pk)
    if expert is None or not permissions.can_edit_expert(request.user, expert):
        raise Http404
    return expert


def _page(
    request: HttpRequest,
    template: str,
    expert: Expert,
    section: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    own = permissions.expert_id(request.user) == expert.pk
    return render(
        request,
        f"requests_app/expert/{template}",
        {"expert": expert, "own": own, "section": section, **context},
        status=status,
    )


def _refused(request: HttpRequest, error: ValidationError) -> None:
    """A remove or change that no longer applies: say why on the page we return to."""
    for message in error.messages:
        messages.error(request, message)


@require_http_methods(["GET", "POST"])
@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _expert_or_404(request, pk)
    if request.method != "POST":
        form = ProfileForm(
            initial={
                "weekly_capacity_hours": _hours(expert.weekly_capacity_hours),
                "invitation_preference": expert.invitation_preference,
                "organisation_name": expert.organisation_name,
                "free_busy_url": expert.free_busy_url,
            }
        )
        return _page(request, "profile.html", expert, "profile", {"form": form})
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            saved = expert_profiles.update_profile(
                actor=request.user, expert_id=expert.pk, **form.cleaned_data
            )
        except ValidationError as invalid:
            form.add_service_errors(invalid)
        else:
            messages.success(request, _("The profile is saved."))
            load = selectors_experts.home_load(saved)
            if load.weeks_over_capacity:
                messages.warning(
                    request,
                    _(
                        "The hours already committed exceed this capacity in %(count)d of the "
                        "coming %(weeks)d weeks. The coordinators see this on their load page."
                    )
                    % {"count": load.weeks_over_capacity, "weeks": len(load.weeks)},
                )
            return redirect("requests:expert-profile", pk=expert.pk)
    return _page(request, "profile.html", expert, "profile", {"form": form}, status=400)


def _hours(value: Decimal) -> str:
    """16.00 → "16", 7.50 → "7.5", 7.25 → "7.25": what a person would type."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# skills


def _skill_rows(expert: Expert, bound: tuple[int, SkillLevelForm] | None = None) -> list:
    rows = []
    for skill in expert.skills.all():
        if bound is not None and bound[0] == skill.pk:
            form = bound[1]
        else:
            form = SkillLevelForm(
                initial={"level": str(skill.level)},
                auto_id=f"skill-{skill.pk}-%s",
                theme_name=skill.theme.display_name,
            )
        rows.append((skill, form))
    return rows


def _skills_page(
    request: HttpRequest,
    expert: Expert,
    *,
    add_form: SkillForm | None = None,
    bound: tuple[int, SkillLevelForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    themes = list(selectors_experts.themes_to_add(expert))
    return _page(
        request,
        "skills.html",
        expert,
        "skills",
        {
            "rows": _skill_rows(expert, bound),
            "form": add_form or SkillForm(themes=themes),
            "level_form": bound[1] if bound else None,
            "has_themes": bool(themes),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def skills(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _expert_or_404(request, pk)
    if request.method != "POST":
        return _skills_page(request, expert)
    form = SkillForm(request.POST, themes=list(selectors_experts.themes_to_add(expert)))
    if form.is_valid():
        try:
            skill = expert_profiles.add_skill(
                actor=request.user,
                expert_id=expert.pk,
                theme_id=form.cleaned_data["theme"],
                level=form.cleaned_data["level"],
            )
        except ValidationError as invalid:
            form.add_service_errors(invalid)
        else:
            messages.success(
                request, _("%(theme)s is added.") % {"theme": skill.theme.display_name}
            )
            return redirect("requests:expert-skills", pk=expert.pk)
    return _skills_page(request, expert, add_form=form, status=400)


@require_POST
@login_required
def skill_level(request: HttpRequest, pk: int, skill_pk: int) -> HttpResponse:
    expert = _expert_or_404(request, pk)
    skill = next((item for item in expert.skills.all() if item.pk == skill_pk), None)
    if skill is None:
        raise Http404
    form = SkillLevelForm(
        request.POST, auto_id=f"skill-{skill.pk}-%s", theme_name=skill.theme.display_name
    )
    if form.is_valid():
        try:
            expert_profiles.change_skill_level(
                actor=request.user,
                expert_id=expert.pk,
                skill_id=skill.pk,
                level=form.cleaned_data["level"],
            )
        except ValidationError as invalid:
            if "skill" in getattr(invalid, "error_dict", {}):
                _refused(request, invalid)
                return redirect("requests:expert-skills", pk=expert.pk)
            form.add_service_errors(invalid)
        else:
            messages.success(
                request,
                _("The level for %(theme)s is saved.") % {"theme": skill.theme.display_name},
            )
            return redirect("requests:expert-skills", pk=expert.pk)
    return _skills_page(request, expert, bound=(skill.pk, form), status=400)


@require_POST
@login_required
def skill_remove(request: HttpRequest, pk: int, skill_pk: int) -> HttpResponse:
    expert = _expert_or_404(request, pk)
    try:
        expert_profiles.remove_skill(actor=request.user, expert_id=expert.pk, skill_id=skill_pk)
    except ValidationError as invalid:
        _refused(request, invalid)
    else:
        messages.success(request, _("The skill is removed."))
    return redirect("requests:expert-skills", pk=expert.pk)


# absences


def _absences_page(
    request: HttpRequest, expert: Expert, form: AbsenceForm, status: int = 200
) -> HttpResponse:
    today = selectors_experts.today()
    rows = [(absence, absence.start > today) for absence in expert.upcoming_absences]
    return _page(request, "absences.html", expert, "absences", {"form": form, "rows": rows}, status)


@require_http_methods(["GET", "POST"])
@login_required
def absences(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _expert_or_404(request, pk)
    if request.method != "POST":
        return _absences_page(request, expert, AbsenceForm())
    form = AbsenceForm(request.POST)
    if form.is_valid():
        try:
            expert_profiles.add_absence(
                actor=request.user, expert_id=expert.pk, **form.cleaned_data
            )
        except ValidationError as invalid:
            form.add_service_errors(invalid)
        else:
            messages.success(request, _("The absence is added."))
            return redirect("requests:expert-absences", pk=expert.pk)
    return _absences_page(request, expert, form, status=400)


@require_POST
@login_required
def absence_remove(request: HttpRequest, pk: int, absence_pk: int) -> HttpResponse:
    expert = _expert_or_404(request, pk)
    try:
        expert_profiles.remove_absence(
            actor=request.user, expert_id=expert.pk, absence_id=absence_pk
        )
    except ValidationError as invalid:
        _refused(request, invalid)
    else:
        messages.success(request, _("The absence is removed."))
    return redirect("requests:expert-absences", pk=expert.pk)


# conflicts of interest


def _conflicts_page(
    request: HttpRequest,
    expert: Expert,
    query: str,
    bound: tuple[int, ConflictForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    # Unbound until something was typed, so an empty search box is no error.
    search = OrganisationSearchForm({"q": query}) if query else OrganisationSearchForm()
    text = search.cleaned_data["q"] if search.is_bound and search.is_valid() else ""
    declared = {conflict.organisation_id for conflict in expert.conflicts_of_interest.all()}
    results = []
    if text:
        for organisation in selectors.organisations_for_picker(text):
            if bound is not None and bound[0] == organisation.pk:
                form = bound[1]
                form.label_for(str(organisation))
            else:
                form = ConflictForm(
                    initial={"organisation": organisation.pk},
                    auto_id=f"organisation-{organisation.pk}-%s",
                    organisation_name=str(organisation),
                )
            results.append((organisation, organisation.pk in declared, form))
    return _page(
        request,
        "conflicts.html",
        expert,
        "conflicts",
        {
            "search": search,
            "query": text,
            "searched": bool(text),
            "results": results,
            "bound": bound[1] if bound else None,
        },
        status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def conflicts(request: HttpRequest, pk: int) -> HttpResponse:
    expert = _expert_or_404(request, pk)
    if request.method != "POST":
        return _conflicts_page(request, expert, request.GET.get("q", ""))
    query = request.POST.get("q", "")
    organisation_id = _as_int(request.POST.get("organisation")) or 0
    form = ConflictForm(request.POST, auto_id=f"organisation-{organisation_id}-%s")
    if form.is_valid():
        try:
            conflict = expert_profiles.declare_conflict(
                actor=request.user,
                expert_id=expert.pk,
                organisation_id=form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as invalid:
            form.add_service_errors(invalid)
        else:
            messages.success(
                request,
                _("The conflict of interest with %(organisation)s is declared.")
                % {"organisation": conflict.organisation},
            )
            return redirect("requests:expert-conflicts", pk=expert.pk)
    return _conflicts_page(request, expert, query, bound=(organisation_id, form), status=400)


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@require_POST
@login_required
def conflict_remove(request: HttpRequest, pk: int, conflict_pk: int) -> HttpResponse:
    expert = _expert_or_404(request, pk)
    try:
        expert_profiles.withdraw_conflict(
            actor=request.user, expert_id=expert.pk, conflict_id=conflict_pk
        )
    except ValidationError as invalid:
        _refused(request, invalid)
    else:
        messages.success(request, _("The conflict of interest is withdrawn."))
    return redirect("requests:expert-conflicts", pk=expert.pk)


# --- the coordinators' load page ------------------------------------------------------------------


@require_GET
@login_required
def team_load(request: HttpRequest) -> HttpResponse:
    permissions.require(permissions.can_view_expert_load(request.user))
    weeks = selectors_experts.coming_weeks(selectors_experts.TEAM_WEEKS)
    experts = list(selectors_experts.experts_for_load(request.user, weeks))
    return render(
        request,
        "requests_app/expert/team_load.html",
        {
            "weeks": weeks,
            "rows": selectors_experts.loads_of(experts, weeks),
            "all_teams": permissions.is_admin(request.user),
        },
    )
