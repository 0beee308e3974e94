"""The request workspace. Every action is a POST to a service; its refusal is shown on the
page: a ValidationError as field errors (400), an IllegalTransition or Conflict as a message
(409)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.roles import is_admin
from core.refusals import Refusal, refusable
from experts.models import Team
from requests_app import permissions, selectors
from requests_app.deadlines import deadline_state, today
from requests_app.enums import (
    ROUTABLE,
    TRANSITIONS,
    Action,
    Actor,
    DesiredResult,
    Status,
)
from requests_app.event_descriptions import TimelineEntry, describe
from requests_app.forms_coordinator import (
    CofinancingForm,
    CompleteForm,
    NoteForm,
    RouteForm,
    TransitionForm,
)
from requests_app.models import AdviceRequest, Event
from requests_app.services import lifecycle, notes, triage
from requests_app.views import coordinator_experts
from requests_app.views.coordinator.common import _coordinated_request_or_404
from requests_app.views.coordinator_experts import AssignForm, HoursForm

# --- workspace actions --------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkspaceAction:
    """One thing a coordinator can do from the workspace: a form, a rule, a service call."""

    slug: str  # the Dutch URL segment
    name: str  # what the code calls it, whatever the URL says (``NEXT_ACTIONS``)
    title: Promise
    button: Promise
    allowed: Callable[[User, AdviceRequest], bool]
    make_form: Callable[..., forms.Form]
    perform: Callable[[User, AdviceRequest, dict[str, Any]], str]  # returns the success message
    danger: bool = False

    def new_form(
        self, advice_request: AdviceRequest, data: Any = None, files: Any = None
    ) -> forms.Form:
        return self.make_form(advice_request, data=data, files=files, auto_id=f"{self.slug}-%s")


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
            final_advice=data.get("final_advice"),
        )
        return str(_DONE[action]) % {"reference": advice_request.reference}

    return perform


def _transition(
    action: Action, slug: str, title: Promise, button: Promise, *, danger: bool = False
) -> WorkspaceAction:
    return WorkspaceAction(
        slug=slug,
        name=str(action.value),
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
            name="route",
            title=gettext_lazy("Route to a team"),
            button=gettext_lazy("Route to this team"),
            allowed=_route_allowed,
            make_form=_route_form,
            perform=_route_perform,
        ),
        WorkspaceAction(
            slug="cofinanciering",
            name="cofinancing",
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
            name="note",
            title=gettext_lazy("Add an internal note"),
            button=gettext_lazy("Add note"),
            allowed=permissions.can_add_internal_note,
            make_form=lambda advice_request, **kwargs: NoteForm(**kwargs),
            perform=_note_perform,
        ),
    ]
}
NOTE_ACTION = "notitie"

# What a request in each status waits for: at most two actions, shown first; whatever else is
# allowed sits behind "Other actions". A submitted request without a team is routed first.
NEXT_ACTIONS: dict[str, tuple[str, ...]] = {
    Status.SUBMITTED: ("accept", "ask_info"),
    Status.ACCEPTED: ("start", "cofinancing"),
    Status.IN_PROGRESS: ("complete",),
    Status.COMPLETED: ("close",),
}
UNROUTED_NEXT = ("route", "ask_info")


def next_action_names(advice_request: AdviceRequest) -> tuple[str, ...]:
    if advice_request.status == Status.SUBMITTED and not advice_request.team_id:
        return UNROUTED_NEXT
    return NEXT_ACTIONS.get(advice_request.status, ())


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
    search: str = "",
    hours: tuple[int, HoursForm] | None = None,
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
    wanted = next_action_names(advice_request)
    next_panels = sorted(
        (panel for panel in panels if panel[0].name in wanted),
        key=lambda panel: wanted.index(panel[0].name),
    )
    other_panels = [panel for panel in panels if panel[0].name not in wanted]
    timeline = _timeline(advice_request, user)
    context = {
        "advice_request": advice_request,
        "deadline": deadline_state(advice_request, today()),
        "pauses": sum(1 for event, _entry in timeline if event.action == "request.needs_info"),
        "panels": panels,
        "next_panels": next_panels,
        "other_panels": other_panels,
        # A form that came back with errors is shown open, wherever it sits.
        "other_open": bound is not None and any(p[0].slug == bound[0] for p in other_panels),
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
            search=search,
            hours=hours,
        ),
    }
    return render(request, "requests_app/coordinator/workspace.html", context, status=status)


@login_required
@require_GET
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request = _coordinated_request_or_404(request.user, pk)
    # Without JavaScript the "show suggestions" link asks for them inline.
    return _render_workspace(
        request,
        advice_request,
        with_suggestions=request.GET.get("suggesties") == "1",
        search=coordinator_experts.clean_search(request.GET.get("naam")),
    )


@login_required
@require_POST
def workspace_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    user = request.user
    advice_request = _coordinated_request_or_404(user, pk)
    form = spec.new_form(advice_request, data=request.POST, files=request.FILES)
    if not form.is_valid():
        if spec.allowed(user, advice_request):
            return _render_workspace(request, advice_request, bound=(spec.slug, form), status=400)
        # A stale page: this form is no longer on offer, so its errors could not be shown.
        message = _("“%(action)s” is not possible for a request that is “%(status)s”.") % {
            "action": spec.title,
            "status": advice_request.get_status_display(),
        }
        return _render_workspace(request, advice_request, error=message, status=409)
    with refusable(form) as refused:
        message = spec.perform(user, advice_request, form.cleaned_data)
    if refused:
        return refused_workspace(request, pk, refused, bound=(spec.slug, form))
    messages.success(request, message)
    fresh = selectors.request_detail(pk)
    if fresh is not None and (is_admin(user) or permissions.coordinates_request(user, fresh)):
        return redirect("requests:workspace", pk=pk)
    # Routed to a team this coordinator does not coordinate: it left their inbox.
    return redirect(reverse("requests:inbox"))


def refused_workspace(
    request: HttpRequest,
    pk: int,
    refused: Refusal,
    *,
    where: str = "error",
    **context: Any,
) -> HttpResponse:
    """The one answer to a refused workspace action: 400 with the errors on the posted form, or
    409 (usually a stale page: someone else moved the request on), the request as it stands now
    with the reason where the action was."""
    fresh = _coordinated_request_or_404(request.user, pk)
    return _render_workspace(
        request, fresh, status=refused.status, **{where: refused.message}, **context
    )
