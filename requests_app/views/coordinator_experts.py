"""The workspace's Experts section: who is on the request, and who could be.

Assignments show the match score and reasons stored when they were made, in the reader's
language. Suggestions come from ``matching.suggest``; the workspace loads them with htmx
(they cost a pass over every active expert), or renders them inline without JavaScript and
whenever an assignment form comes back with a refusal, so the typed budget stays in its row.
The views that post these forms live in ``requests_app.views.coordinator.experts``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from requests_app import capacity, matching
from requests_app.enums import ASSIGNABLE, SUGGESTIBLE
from requests_app.models import AdviceRequest, Assignment
from requests_app.permissions import can_assign

# Suggestions help while triaging too; once the request is finished nobody can join it.

ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only, and never beyond a bigint
TEXTBOX = "utrecht-textbox utrecht-textbox--html-input ed-ex-hours"
SELECT = "utrecht-select utrecht-select--html-select"


class AssignForm(forms.Form):
    expert = forms.IntegerField(min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=Assignment.Role.choices,
        widget=forms.Select(attrs={"class": SELECT}),
    )
    hours_budget = forms.DecimalField(
        label=gettext_lazy("Hour budget"),
        max_digits=6,  # the model's field: larger numbers are a field error, not a crash
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": TEXTBOX, "step": "0.25", "min": "0"}),
    )

    @classmethod
    def for_expert(cls, expert_id: int, *, has_lead: bool) -> AssignForm:
        return cls(
            auto_id=f"assign-{expert_id}-%s",
            initial={
                "expert": expert_id,
                "role": Assignment.Role.MEMBER if has_lead else Assignment.Role.LEAD,
                "hours_budget": capacity.default_hours(),
            },
        )

    @classmethod
    def bound(cls, data) -> AssignForm:
        expert_id = _posted_id(data.get("expert"))
        # The same ids as the row's fresh form, so labels and errors stay tied to its fields.
        prefix = f"assign-{expert_id}-%s" if expert_id is not None else "assign-%s"
        return cls(data, auto_id=prefix)

    def posted_expert_id(self) -> int | None:
        return _posted_id(self.data.get("expert"))


def _posted_id(value: object) -> int | None:
    raw = str(value or "")
    return int(raw) if ID.fullmatch(raw) else None


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    reasons: list[str]
    releasable: bool


@dataclass
class SuggestionRow:
    suggestion: matching.Suggestion
    form: AssignForm | None
    error: str = ""  # the service's refusal of the form posted from this row

    @property
    def slug(self) -> str:
        return f"assign-{self.suggestion.expert.pk}"


@dataclass
class ExpertsSection:
    assignments: list[AssignmentRow]
    suggestible: bool
    assign_allowed: bool
    not_assignable_reason: str
    suggestions: list[SuggestionRow] | None = None  # None: not computed, loaded by htmx
    error: str = ""
    # A bound form whose row is not among the suggestions: its errors are listed on top.
    orphan_form: AssignForm | None = None
    bound_errors: list[str] = field(default_factory=list)


def assignment_rows(advice_request: AdviceRequest, user: User) -> list[AssignmentRow]:
    """Every assignment of the request, oldest first, with its reasons in plain words."""
    items = list(
        Assignment.objects.filter(request=advice_request)
        .select_related("expert__user")
        .order_by("created_at", "id")
    )
    themes = matching.theme_names() if any(item.match_reasons for item in items) else {}
    may_release = can_assign(user, advice_request)
    return [
        AssignmentRow(
            assignment=item,
            reasons=[matching.describe(reason, themes) for reason in item.match_reasons or []],
            releasable=may_release and item.status in Assignment.ACTIVE,
        )
        for item in items
    ]


def _assign_allowed(user: User, advice_request: AdviceRequest) -> bool:
    return advice_request.status in ASSIGNABLE and can_assign(user, advice_request)


def _not_assignable_reason(advice_request: AdviceRequest) -> str:
    if advice_request.status in ASSIGNABLE:
        return ""
    if advice_request.status in SUGGESTIBLE:
        return _("Experts can be assigned once the request is accepted.")
    return _("A request that is “%(status)s” takes no more experts.") % {
        "status": advice_request.get_status_display()
    }


def suggestion_rows(
    advice_request: AdviceRequest, user: User, *, bound: AssignForm | None = None
) -> tuple[list[SuggestionRow], AssignForm | None]:
    """The ranked suggestions, each with its form; and ``bound`` if no row took it."""
    suggestions = matching.suggest(advice_request)
    allowed = _assign_allowed(user, advice_request)
    has_lead = Assignment.objects.filter(
        request=advice_request, status__in=Assignment.ACTIVE, role=Assignment.Role.LEAD
    ).exists()
    bound_expert = bound.posted_expert_id() if bound is not None else None
    rows = []
    placed = False
    for suggestion in suggestions:
        form = None
        if allowed:
            if bound is not None and bound_expert == suggestion.expert.pk:
                form, placed = bound, True
            else:
                form = AssignForm.for_expert(suggestion.expert.pk, has_lead=has_lead)
        rows.append(SuggestionRow(suggestion=suggestion, form=form))
    return rows, (bound if bound is not None and not placed else None)


def section(
    advice_request: AdviceRequest,
    user: User,
    *,
    with_suggestions: bool = False,
    bound: AssignForm | None = None,
    error: str = "",
) -> ExpertsSection:
    suggestible = advice_request.status in SUGGESTIBLE
    result = ExpertsSection(
        assignments=assignment_rows(advice_request, user),
        suggestible=suggestible,
        assign_allowed=_assign_allowed(user, advice_request),
        not_assignable_reason=_not_assignable_reason(advice_request),
        error=error,
    )
    if suggestible and (with_suggestions or bound is not None):
        result.suggestions, result.orphan_form = suggestion_rows(advice_request, user, bound=bound)
        for row in result.suggestions:
            if error and bound is not None and row.form is bound:
                row.error, result.error = error, ""  # shown next to the budget it refused
    elif bound is not None:  # posted to a request that takes no suggestions any more
        result.orphan_form = bound
    if result.orphan_form is not None:
        result.bound_errors = _error_lines(result.orphan_form)
    return result


def _error_lines(form: AssignForm) -> list[str]:
    lines = [str(message) for message in form.non_field_errors()]
    for name, messages_ in form.errors.items():
        if name == NON_FIELD_ERRORS:
            continue
        label = form.fields[name].label if name in form.fields else ""
        for message in messages_:
            # The expert field is hidden: its messages read well on their own.
            lines.append(f"{label}: {message}" if label and name != "expert" else str(message))
    return lines


def suggestions_context(advice_request: AdviceRequest, user: User) -> dict:
    """What the htmx partial needs: the suggestions without the assignments above them."""
    suggestible = advice_request.status in SUGGESTIBLE
    rows = suggestion_rows(advice_request, user)[0] if suggestible else []
    return {
        "advice_request": advice_request,
        "experts": ExpertsSection(
            assignments=[],
            suggestible=suggestible,
            assign_allowed=_assign_allowed(user, advice_request),
            not_assignable_reason=_not_assignable_reason(advice_request),
            suggestions=rows,
        ),
    }
