"""Coordinator pages: the triage inbox and the request workspace with its Experts section.

The inbox is a GET form over ``filters.InboxFilter`` (everything in the query string, so a
view can be shared); htmx swaps the form and table in place, and without JavaScript it is a
plain page. Every workspace action is a POST to a service; its refusal is shown on the page:
a ValidationError as field errors (400), an IllegalTransition or Conflict as a message (409).
Assigning and releasing experts work the same way (``coordinator_experts`` builds the section).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.roles import is_admin, is_coordinator, require
from core.exceptions import Conflict, IllegalTransition
from core.forms import INTERNAL_ONLY, READ_BY_REQUESTER
from core.workdays import local_date, working_days_between
from experts.models import Team
from organisations.models import Organisation
from requests_app import permissions, selectors
from requests_app.enums import (
    OPEN,
    ROUTABLE,
    TRANSITIONS,
    TRIAGE,
    Action,
    Actor,
    DesiredResult,
    Status,
)
from requests_app.event_descriptions import TimelineEntry, describe
from requests_app.filters import InboxFilter
from requests_app.models import AdviceRequest, Assignment, Event
from requests_app.services import assignments, lifecycle, notes, triage
from requests_app.views import coordinator_experts
from requests_app.views.coordinator_experts import AssignForm

PAGE_SIZE = 50


# --- deadlines ----------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _working_days(start: dt.date, end: dt.date) -> int:
    # A page of 50 rows shares few distinct dates; the count walks day by day.
    return working_days_between(start, end)


@dataclass(frozen=True)
class DeadlineState:
    """How a request stands against its working-day triage deadline, in words and colour."""

    kind: str  # overdue | due | on_time | paused | decided | none
    text: str
    indicator: str = ""  # modifier of the design system's rvo-status-indicator
    escalation: str = ""

    @property
    def overdue(self) -> bool:
        return self.kind == "overdue"


def deadline_state(advice_request: AdviceRequest, today: dt.date) -> DeadlineState:
    escalation = ""
    if advice_request.escalation_level and advice_request.status in TRIAGE:
        escalation = _("Escalated: %(level)s") % {
            "level": advice_request.get_escalation_level_display().lower()
        }
    deadline = advice_request.triage_deadline
    if advice_request.status in TRIAGE and deadline is not None:
        if deadline < today:
            days = _working_days(deadline, today)
            text = ngettext(
                "Overdue by %(days)d working day",
                "Overdue by %(days)d working days",
                days,
            ) % {"days": days}
            return DeadlineState("overdue", text, "rood", escalation)
        if deadline == today:
            return DeadlineState("due", _("Due today"), "oranje", escalation)
        days = _working_days(today, deadline)
        text = ngettext("%(days)d working day left", "%(days)d working days left", days) % {
            "days": days
        }
        return DeadlineState("on_time", text, "oranje" if days <= 1 else "groen", escalation)
    if advice_request.status == Status.NEEDS_INFO:
        left = advice_request.triage_days_left or 0
        text = ngettext(
            "Paused: waiting for information (%(days)d working day left)",
            "Paused: waiting for information (%(days)d working days left)",
            left,
        ) % {"days": left}
        return DeadlineState("paused", text, "hemelblauw")
    if advice_request.status in OPEN and advice_request.decided_at:
        return DeadlineState("decided", _("Triage done"))
    return DeadlineState("none", "")


def _today() -> dt.date:
    return local_date(timezone.now())


# --- access -------------------------------------------------------------------------------------


def _require_inbox_access(user: User) -> None:
    require(is_admin(user) or is_coordinator(user))


def _coordinated_request_or_404(user: User, pk: int) -> AdviceRequest:
    """404 for who may not see the request, 403 for who sees it but may not coordinate it."""
    advice_request = permissions.get_visible_request_or_404(user, pk)
    require(is_admin(user) or permissions.coordinates_request(user, advice_request))
    return advice_request


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
    today = _today()
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
            state=deadline_state(item, today),
            themes=", ".join(theme.display_name for theme in item.themes.all()),
        )
        for item in requests
    ]


TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
SELECT_CLASSES = "utrecht-select utrecht-select--html-select"
FILTER_WIDGET_ATTRS = {
    "q": {"class": TEXTBOX, "type": "search"},
    "team": {"class": SELECT_CLASSES},
    "status": {"class": "rvo-checkbox__input"},
    "theme": {"class": SELECT_CLASSES},
    # The datalist offers every municipality by name; a CBS code can be typed as well.
    "municipality": {"class": TEXTBOX, "list": "municipality-options", "autocomplete": "off"},
    "overdue": {"class": "rvo-checkbox__input"},
}


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
    filterset = InboxFilter(request.GET, queryset=selectors.inbox(request.user), request=request)
    _style_filter_form(filterset.form)
    page = rows = page_numbers = None
    if filterset.is_valid():
        paginator = Paginator(filterset.qs, PAGE_SIZE)
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


# --- workspace forms ----------------------------------------------------------------------------

TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
CHECKBOX = {"class": "rvo-checkbox__input"}


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Message to the requester"),
        help_text=READ_BY_REQUESTER,
        required=False,  # the lifecycle says when a note is required, and why
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    NOTE_LABELS = {
        Action.DECLINE: gettext_lazy("Reason for declining (the requester reads this)"),
        Action.ASK_INFO: gettext_lazy("Question for the requester"),
    }

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = self.NOTE_LABELS.get(
            action, gettext_lazy("Message to the requester")
        )
        # Marked "(required)" on the page; the lifecycle enforces it with its own message.
        self.fields["note"].shown_required = TRANSITIONS[action].needs_note
        if "delivered_results" in self.fields:
            self.fields["delivered_results"].shown_required = True


class CompleteForm(TransitionForm):
    delivered_results = forms.MultipleChoiceField(
        label=gettext_lazy("Delivered results"),
        choices=DesiredResult.choices,
        required=False,  # the lifecycle asks for at least one, with its own message
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )

    field_order = ["delivered_results", "note"]


class RouteForm(forms.Form):
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.order_by("name"),
        to_field_name="slug",
        empty_label=None,
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=gettext_lazy("Why this team"),
        help_text=INTERNAL_ONLY,  # the requester sees only that the team changed
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class CofinancingForm(forms.Form):
    waived = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=gettext_lazy("Why (for the timeline)"),
        help_text=READ_BY_REQUESTER,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Internal note"),
        help_text=INTERNAL_ONLY,
        required=False,  # the service says "write the note first"
        max_length=10000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].shown_required = True


# --- workspace actions --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkspaceAction:
    """One thing a coordinator can do from the workspace: a form, a rule, a service call."""

    slug: str  # the Dutch URL segment
    title: Promise
    button: Promise
    allowed: Callable[[User, AdviceRequest], bool]
    make_form: Callable[..., forms.Form]
    perform: Callable[[User, AdviceRequest, dict[str, Any]], str]  # returns the success message
    danger: bool = False

    def new_form(self, advice_request: AdviceRequest, data: Any = None) -> forms.Form:
        return self.make_form(advice_request, data=data, auto_id=f"{self.slug}-%s")


def _transition_allowed(action: Action) -> Callable[[User, AdviceRequest], bool]:
    rule = TRANSITIONS[action]

    def allowed(user: User, advice_request: AdviceRequest) -> bool:
        return (
            rule.actor == Actor.COORDINATOR
            and advice_request.status in rule.sources
            and permissions.can_transition(user, advice_request, action)
        )

    return allowed


def _transition_form(action: Action) -> Callable[..., forms.Form]:
    def make(advice_request: AdviceRequest, **kwargs: Any) -> forms.Form:
        if action == Action.COMPLETE:
            initial = {
                "delivered_results": [
                    value
                    for value in advice_request.desired_results
                    if value in DesiredResult.values
                ]
            }
            return CompleteForm(action=action, initial=initial, **kwargs)
        return TransitionForm(action=action, **kwargs)

    return make


_DONE = {
    Action.ACCEPT: gettext_lazy("Request %(reference)s is accepted."),
    Action.DECLINE: gettext_lazy("Request %(reference)s is declined; the requester is told why."),
    Action.ASK_INFO: gettext_lazy(
        "Your question on %(reference)s is sent to the requester; the triage clock is paused."
    ),
    Action.START: gettext_lazy("Work on %(reference)s has started."),
    Action.COMPLETE: gettext_lazy("Request %(reference)s is completed."),
    Action.CLOSE: gettext_lazy("Request %(reference)s is closed."),
}


def _transition_perform(action: Action) -> Callable[[User, AdviceRequest, dict[str, Any]], str]:
    def perform(user: User, advice_request: AdviceRequest, data: dict[str, Any]) -> str:
        lifecycle.transition(
            actor=user,
            request_id=advice_request.pk,
            action=action,
            note=data.get("note", ""),
            delivered_results=data.get("delivered_results"),
        )
        return str(_DONE[action]) % {"reference": advice_request.reference}

    return perform


def _transition(
    action: Action, slug: str, title: Promise, button: Promise, *, danger: bool = False
) -> WorkspaceAction:
    return WorkspaceAction(
        slug=slug,
        title=title,
        button=button,
        allowed=_transition_allowed(action),
        make_form=_transition_form(action),
        perform=_transition_perform(action),
        danger=danger,
    )


def _route_allowed(user: User, advice_request: AdviceRequest) -> bool:
    return advice_request.status in ROUTABLE and permissions.can_route(user, advice_request)


def _route_form(advice_request: AdviceRequest, **kwargs: Any) -> forms.Form:
    initial = {"team": advice_request.team} if advice_request.team_id else {}
    return RouteForm(initial=initial, **kwargs)


def _route_perform(user: User, advice_request: AdviceRequest, data: dict[str, Any]) -> str:
    team = data["team"]
    previous = advice_request.team_id
    triage.route_request(actor=user, request_id=advice_request.pk, team=team, note=data["note"])
    names = {"reference": advice_request.reference, "team": team.display_name}
    if previous == team.pk:  # the service changed nothing
        return _("Request %(reference)s already is with team %(team)s.") % names
    return _("Request %(reference)s is routed to team %(team)s.") % names


def _cofinancing_allowed(user: User, advice_request: AdviceRequest) -> bool:
    # The decision is what lets work start without an agreement: offered where "start" is.
    return _transition_allowed(Action.START)(user, advice_request)


def _cofinancing_form(advice_request: AdviceRequest, **kwargs: Any) -> forms.Form:
    return CofinancingForm(
        initial={"waived": "0" if advice_request.cofinancing_waived else "1"}, **kwargs
    )


def _cofinancing_perform(user: User, advice_request: AdviceRequest, data: dict[str, Any]) -> str:
    lifecycle.set_cofinancing_waived(
        actor=user, request_id=advice_request.pk, waived=data["waived"], note=data["note"]
    )
    if data["waived"]:
        return _("Recorded: request %(reference)s needs no co-financing.") % {
            "reference": advice_request.reference
        }
    return _("Recorded: request %(reference)s needs a co-financing agreement.") % {
        "reference": advice_request.reference
    }


def _note_perform(user: User, advice_request: AdviceRequest, data: dict[str, Any]) -> str:
    notes.add_internal_note(actor=user, request_id=advice_request.pk, text=data["text"])
    return _("Your internal note is added.")


ACTIONS: dict[str, WorkspaceAction] = {
    action.slug: action
    for action in [
        _transition(
            Action.ACCEPT, "accepteren", gettext_lazy("Accept"), gettext_lazy("Accept request")
        ),
        _transition(
            Action.ASK_INFO,
            "informatie-vragen",
            gettext_lazy("Ask for information"),
            gettext_lazy("Send question"),
        ),
        _transition(
            Action.DECLINE,
            "afwijzen",
            gettext_lazy("Decline"),
            gettext_lazy("Decline request"),
            danger=True,
        ),
        WorkspaceAction(
            slug="team",
            title=gettext_lazy("Route to a team"),
            button=gettext_lazy("Route to this team"),
            allowed=_route_allowed,
            make_form=_route_form,
            perform=_route_perform,
        ),
        WorkspaceAction(
            slug="cofinanciering",
            title=gettext_lazy("Co-financing"),
            button=gettext_lazy("Record decision"),
            allowed=_cofinancing_allowed,
            make_form=_cofinancing_form,
            perform=_cofinancing_perform,
        ),
        _transition(Action.START, "starten", gettext_lazy("Start"), gettext_lazy("Start work")),
        _transition(
            Action.COMPLETE,
            "afronden",
            gettext_lazy("Complete"),
            gettext_lazy("Complete request"),
        ),
        _transition(Action.CLOSE, "sluiten", gettext_lazy("Close"), gettext_lazy("Close request")),
        WorkspaceAction(
            slug="notitie",
            title=gettext_lazy("Add an internal note"),
            button=gettext_lazy("Add note"),
            allowed=permissions.can_add_internal_note,
            make_form=lambda advice_request, **kwargs: NoteForm(**kwargs),
            perform=_note_perform,
        ),
    ]
}
NOTE_ACTION = "notitie"


# --- the workspace ------------------------------------------------------------------------------


def _timeline(advice_request: AdviceRequest, user: User) -> list[tuple[Event, TimelineEntry]]:
    """Each event with its sentence; coordinators see the deadlines the events moved."""
    teams = {team.slug: team for team in Team.objects.all()}
    return [
        (event, describe(event, teams=teams, show_deadline=True))
        for event in selectors.timeline(advice_request, user)
    ]


def _result_labels(values: list[str]) -> list[str]:
    return [DesiredResult(value).label for value in values if value in DesiredResult.values]


def _render_workspace(
    request: HttpRequest,
    advice_request: AdviceRequest,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: str = "",
    status: int = 200,
    with_suggestions: bool = False,
    assign_form: AssignForm | None = None,
    experts_error: str = "",
) -> HttpResponse:
    user = request.user
    panels = []
    for action in ACTIONS.values():
        if not action.allowed(user, advice_request):
            continue
        keep_input = bound is not None and bound[0] == action.slug
        panels.append((action, bound[1] if keep_input else action.new_form(advice_request)))
    note_panel = next((panel for panel in panels if panel[0].slug == NOTE_ACTION), None)
    panels = [panel for panel in panels if panel[0].slug != NOTE_ACTION]
    timeline = _timeline(advice_request, user)
    context = {
        "advice_request": advice_request,
        "deadline": deadline_state(advice_request, _today()),
        "pauses": sum(1 for event, _entry in timeline if event.action == "request.needs_info"),
        "panels": panels,
        "note_panel": note_panel,
        "internal_notes": selectors.internal_notes(advice_request),
        "timeline": timeline,
        "desired_results": _result_labels(advice_request.desired_results),
        "delivered_results": _result_labels(advice_request.delivered_results),
        "error": error,
        "experts": coordinator_experts.section(
            advice_request,
            user,
            with_suggestions=with_suggestions,
            bound=assign_form,
            error=experts_error,
        ),
    }
    return render(request, "requests_app/coordinator/workspace.html", context, status=status)


@login_required
@require_GET
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request = _coordinated_request_or_404(request.user, pk)
    # Without JavaScript the "show suggestions" link asks for them inline.
    return _render_workspace(
        request, advice_request, with_suggestions=request.GET.get("suggesties") == "1"
    )


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


@login_required
@require_POST
def workspace_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    user = request.user
    advice_request = _coordinated_request_or_404(user, pk)
    form = spec.new_form(advice_request, data=request.POST)
    if not form.is_valid():
        if spec.allowed(user, advice_request):
            return _render_workspace(request, advice_request, bound=(spec.slug, form), status=400)
        # A stale page: this form is no longer on offer, so its errors could not be shown.
        message = _("“%(action)s” is not possible for a request that is “%(status)s”.") % {
            "action": spec.title,
            "status": advice_request.get_status_display(),
        }
        return _render_workspace(request, advice_request, error=message, status=409)
    try:
        message = spec.perform(user, advice_request, form.cleaned_data)
    except ValidationError as refused:
        _add_service_errors(form, refused)
        fresh = _coordinated_request_or_404(user, pk)
        return _render_workspace(request, fresh, bound=(spec.slug, form), status=400)
    except (IllegalTransition, Conflict) as refused:
        # Usually a stale page: someone else moved the request on. Show where it stands now.
        fresh = _coordinated_request_or_404(user, pk)
        return _render_workspace(
            request, fresh, bound=(spec.slug, form), error=refused.message, status=409
        )
    messages.success(request, message)
    fresh = selectors.request_detail(pk)
    if fresh is not None and (is_admin(user) or permissions.coordinates_request(user, fresh)):
        return redirect("requests:workspace", pk=pk)
    # Routed to a team this coordinator does not coordinate: it left their inbox.
    return redirect(reverse("requests:inbox"))


# --- experts: suggestions, assigning, releasing ---------------------------------------------


def _workspace_url(pk: int, fragment: str = "") -> str:
    return reverse("requests:workspace", args=[pk]) + (f"#{fragment}" if fragment else "")


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
    try:
        assignment = assignments.assign_expert(
            actor=user,
            request_id=advice_request.pk,
            expert_id=data["expert"],
            role=data["role"],
            hours_budget=data["hours_budget"],
        )
    except ValidationError as refused:
        _add_service_errors(form, refused)
        fresh = _coordinated_request_or_404(user, pk)
        return _render_workspace(request, fresh, assign_form=form, status=400)
    except Conflict as refused:
        fresh = _coordinated_request_or_404(user, pk)
        return _render_workspace(
            request, fresh, assign_form=form, experts_error=refused.message, status=409
        )
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
    return redirect(_workspace_url(pk, "experts-title"))


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
    try:
        assignments.release_assignment(actor=user, assignment_id=assignment.pk)
    except Conflict as refused:
        # Usually a stale page: the expert declined, or a colleague released them already.
        fresh = _coordinated_request_or_404(user, pk)
        return _render_workspace(request, fresh, experts_error=refused.message, status=409)
    messages.success(
        request,
        _("%(expert)s is released from %(reference)s; their hours are free again.")
        % {"expert": assignment.expert, "reference": advice_request.reference},
    )
    return redirect(_workspace_url(pk, "experts-title"))
