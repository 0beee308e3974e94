"""The workspace's Experts section: who is on the request (with a form to change their hours),
and who could be: the ranked suggestions and a search by name over every eligible expert.

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
    def for_expert(cls, expert_id: int, *, has_lead: bool, prefix: str = "assign") -> AssignForm:
        return cls(
            auto_id=f"{prefix}-{expert_id}-%s",
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


class HoursForm(forms.Form):
    """A new hour budget for an expert already on the request."""

    hours_budget = forms.DecimalField(
        label=gettext_lazy("New hour budget"),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"class": TEXTBOX, "step": "0.25", "min": "0"}),
    )

    @classmethod
    def for_assignment(cls, assignment: Assignment, data=None) -> HoursForm:
        return cls(
            data,
            auto_id=f"hours-{assignment.pk}-%s",
            initial={"hours_budget": assignment.hours_budget.normalize()},
        )


@dataclass
class AssignmentRow:
    assignment: Assignment
    reasons: list[str]
    releasable: bool
    hours_form: HoursForm | None = None  # while the request takes experts
    hours_error: str = ""  # the service's refusal of a new budget


@dataclass
class SuggestionRow:
    suggestion: matching.Suggestion
    form: AssignForm | None
    error: str = ""  # the service's refusal of the form posted from this row
    prefix: str = "assign"  # "found" in the search results: ids stay unique on the page

    @property
    def slug(self) -> str:
        return f"{self.prefix}-{self.suggestion.expert.pk}"


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
    search: str = ""  # the name searched for
    found: list[SuggestionRow] | None = None  # None: nobody searched


SEARCH_LIMIT = 20  # a name narrows the list; twenty rows show that it should be narrower


def assignment_rows(
    advice_request: AdviceRequest,
    user: User,
    *,
    hours: tuple[int, HoursForm] | None = None,
    hours_error: str = "",
) -> list[AssignmentRow]:
    """Every assignment of the request, oldest first, with its reasons in plain words;
    ``hours`` is (assignment id, bound form) after a refused change of hours."""
    items = list(
        Assignment.objects.filter(request=advice_request)
        .select_related("expert__user")
        .order_by("created_at", "id")
    )
    themes = matching.theme_names() if any(item.match_reasons for item in items) else {}
    may_release = can_assign(user, advice_request)
    may_change = _assign_allowed(user, advice_request)
    rows = []
    for item in items:
        active = item.status in Assignment.ACTIVE
        row = AssignmentRow(
            assignment=item,
            reasons=[matching.describe(reason, themes) for reason in item.match_reasons or []],
            releasable=may_release and active,
        )
        if may_change and active:
            if hours is not None and hours[0] == item.pk:
                row.hours_form, row.hours_error = hours[1], hours_error
            else:
                row.hours_form = HoursForm.for_assignment(item)
        rows.append(row)
    return rows


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
    advice_request: AdviceRequest,
    user: User,
    *,
    bound: AssignForm | None = None,
    name: str = "",
) -> tuple[list[SuggestionRow], AssignForm | None]:
    """The ranked suggestions, each with its form; and ``bound`` if no row took it. With a
    ``name``: every eligible expert of that name instead of the top ten (the same rule)."""
    if name:
        suggestions = matching.suggest(advice_request, name=name, limit=SEARCH_LIMIT)
    else:
        suggestions = matching.suggest(advice_request)
    prefix = "found" if name else "assign"
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
                form = AssignForm.for_expert(suggestion.expert.pk, has_lead=has_lead, prefix=prefix)
        rows.append(SuggestionRow(suggestion=suggestion, form=form, prefix=prefix))
    return rows, (bound if bound is not None and not placed else None)


def clean_search(text: str | None) -> str:
    """A name to search for: trimmed, at most 100 characters, no NUL."""
    return " ".join(str(text or "").replace("\x00", " ").split())[:100]


def section(
    advice_request: AdviceRequest,
    user: User,
    *,
    with_suggestions: bool = False,
    bound: AssignForm | None = None,
    error: str = "",
    search: str = "",
    hours: tuple[int, HoursForm] | None = None,
) -> ExpertsSection:
    suggestible = advice_request.status in SUGGESTIBLE
    hours_error = error if hours is not None else ""
    result = ExpertsSection(
        assignments=assignment_rows(advice_request, user, hours=hours, hours_error=hours_error),
        suggestible=suggestible,
        assign_allowed=_assign_allowed(user, advice_request),
        not_assignable_reason=_not_assignable_reason(advice_request),
        error="" if hours_error else error,  # shown next to the budget it refused
        search=search,
    )
    if suggestible and search:
        result.found = suggestion_rows(advice_request, user, name=search)[0]
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


def search_context(advice_request: AdviceRequest, user: User, search: str) -> dict:
    """What the htmx search partial needs: the eligible experts of that name."""
    suggestible = advice_request.status in SUGGESTIBLE
    found = None
    if suggestible and search:
        found = suggestion_rows(advice_request, user, name=search)[0]
    return {
        "advice_request": advice_request,
        "experts": ExpertsSection(
            assignments=[],
            suggestible=suggestible,
            assign_allowed=_assign_allowed(user, advice_request),
            not_assignable_reason=_not_assignable_reason(advice_request),
            search=search,
            found=found,
        ),
    }


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
