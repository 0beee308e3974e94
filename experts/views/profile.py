"""The expert's profile pages: capacity and preferences, skills, absences, conflicts of interest.

The pages are the same for the expert and for the coordinators of the expert's teams and admins
(``can_edit_expert``). Anyone else gets 404 — also a coordinator of another team:
who may not edit an expert's profile may not see it either, so no 403 arises here. Every change
goes through ``experts.services.profiles``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.refusals import Refusal, refusable
from experts import selectors
from experts.forms import (
    AbsenceForm,
    ConflictForm,
    OrganisationSearchForm,
    ProfileForm,
    SkillForm,
    SkillLevelForm,
)
from experts.models import Expert
from experts.permissions import can_edit_expert, expert_id
from experts.services import profiles as expert_profiles
from organisations.selectors import organisations_for_picker

# --- the profile pages ----------------------------------------------------------------------------


def _expert_or_404(request: HttpRequest, pk: int) -> Expert:
    expert = selectors.expert_for_profile(pk)
    if expert is None or not can_edit_expert(request.user, expert):
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
    own = expert_id(request.user) == expert.pk
    return render(
        request,
        f"experts/{template}",
        {"expert": expert, "own": own, "section": section, **context},
        status=status,
    )


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
            expert_profiles.update_profile(
                actor=request.user, expert_id=expert.pk, **form.cleaned_data
            )
        except ValidationError as invalid:
            form.add_service_errors(invalid)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("experts:profile", pk=expert.pk)
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
    themes = list(selectors.themes_to_add(expert))
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
    form = SkillForm(request.POST, themes=list(selectors.themes_to_add(expert)))
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
            return redirect("experts:skills", pk=expert.pk)
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
            if "skill" in getattr(invalid, "error_dict", {}):  # removed meanwhile
                Refusal.of(invalid).flash(request)
                return redirect("experts:skills", pk=expert.pk)
            form.add_service_errors(invalid)
        else:
            messages.success(
                request,
                _("The level for %(theme)s is saved.") % {"theme": skill.theme.display_name},
            )
            return redirect("experts:skills", pk=expert.pk)
    return _skills_page(request, expert, bound=(skill.pk, form), status=400)


@require_POST
@login_required
def skill_remove(request: HttpRequest, pk: int, skill_pk: int) -> HttpResponse:
    return _remove(
        request,
        pk,
        lambda expert: expert_profiles.remove_skill(
            actor=request.user, expert_id=expert.pk, skill_id=skill_pk
        ),
        done=_("The skill is removed."),
        page="experts:skills",
    )


def _remove(request: HttpRequest, pk: int, remove, *, done: str, page: str) -> HttpResponse:
    """The remove buttons of the profile pages: do it, or say why it no longer applies."""
    expert = _expert_or_404(request, pk)
    with refusable() as refused:
        remove(expert)
    if refused:
        refused.flash(request)
    else:
        messages.success(request, done)
    return redirect(page, pk=expert.pk)


# absences


def _absences_page(
    request: HttpRequest, expert: Expert, form: AbsenceForm, status: int = 200
) -> HttpResponse:
    today = selectors.today()
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
            return redirect("experts:absences", pk=expert.pk)
    return _absences_page(request, expert, form, status=400)


@require_POST
@login_required
def absence_remove(request: HttpRequest, pk: int, absence_pk: int) -> HttpResponse:
    return _remove(
        request,
        pk,
        lambda expert: expert_profiles.remove_absence(
            actor=request.user, expert_id=expert.pk, absence_id=absence_pk
        ),
        done=_("The absence is removed."),
        page="experts:absences",
    )


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
        for organisation in organisations_for_picker(text):
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
            return redirect("experts:conflicts", pk=expert.pk)
    return _conflicts_page(request, expert, query, bound=(organisation_id, form), status=400)


def _as_int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


@require_POST
@login_required
def conflict_remove(request: HttpRequest, pk: int, conflict_pk: int) -> HttpResponse:
    return _remove(
        request,
        pk,
        lambda expert: expert_profiles.withdraw_conflict(
            actor=request.user, expert_id=expert.pk, conflict_id=conflict_pk
        ),
        done=_("The conflict of interest is withdrawn."),
        page="experts:conflicts",
    )
