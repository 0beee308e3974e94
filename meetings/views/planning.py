"""Coordinators plan a meeting from the request workspace: choose who, how long, where and in
which days; expertdesk proposes free times; one click plans it and sends the invitations.

Works without JavaScript: "Find times" is a GET of the same page with the answers in the
address; "Plan and invite" posts the chosen time.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import require
from core.exceptions import Conflict
from core.workdays import add_working_days, local_date
from meetings import selectors, services
from meetings.forms import PlanForm
from meetings.permissions import can_plan_meetings
from requests_app.models import AdviceRequest
from requests_app.permissions import get_visible_request_or_404

WINDOW_WORKING_DAYS = 10


def _request_to_plan(request: HttpRequest, pk: int) -> AdviceRequest:
    advice_request = get_visible_request_or_404(request.user, pk)
    require(can_plan_meetings(request.user, advice_request))
    return advice_request


def _invitees(form: PlanForm, candidates: dict[str, selectors.Candidate]) -> list[services.Invitee]:
    invitees = []
    for key in form.cleaned_data["people"]:
        candidate = candidates[key]
        if candidate.expert is not None:
            invitees.append(services.invitee_for_expert(candidate.expert))
        else:
            invitees.append(services.invitee_for_person(candidate.user, candidate.kind))
    invitees += [services.Invitee(email=address) for address in form.cleaned_data["guests"]]
    return invitees


def _slot_people(
    form: PlanForm, candidates: dict[str, selectors.Candidate]
) -> list[selectors.SlotPerson]:
    people = []
    for key in form.cleaned_data["people"]:
        candidate = candidates[key]
        person = candidate.expert.user if candidate.expert else candidate.user
        people.append(
            selectors.SlotPerson(
                email=person.email.lower(),
                name=person.get_full_name() or person.email,
                required=candidate.required,
                expert_id=candidate.expert.pk if candidate.expert else None,
            )
        )
    people += [
        selectors.SlotPerson(address.lower(), address, False)
        for address in form.cleaned_data["guests"]
    ]
    return people


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request = _request_to_plan(request, pk)
    candidates = {c.key: c for c in selectors.invitable_people(advice_request)}
    choices = [(c.key, c.label) for c in candidates.values()]
    today = local_date(timezone.now())
    initial = {
        "people": [c.key for c in candidates.values() if c.required],
        "title": _("Intake: %s") % advice_request.title,
        "first_day": add_working_days(today, 1),
        "last_day": add_working_days(today, WINDOW_WORKING_DAYS),
    }
    status, advice = 200, None
    searching = request.method == "POST" or "zoeken" in request.GET
    data = request.POST if request.method == "POST" else (request.GET if searching else None)
    form = PlanForm(data, initial=initial, people=choices)
    if searching and form.is_valid():
        try:
            if request.method == "POST" and form.cleaned_data.get("slot"):
                start = form.cleaned_data["slot"]
                meeting = services.schedule_meeting(
                    actor=request.user,
                    request_id=advice_request.pk,
                    title=form.cleaned_data["title"],
                    kind=form.cleaned_data["kind"],
                    start=start,
                    end=start + form.duration_delta,
                    location=form.cleaned_data["location"],
                    online_url=form.cleaned_data["online_url"],
                    invitees=_invitees(form, candidates),
                )
                messages.success(
                    request, _("The meeting is planned; the invitations are on their way.")
                )
                return redirect("meetings:detail", pk=meeting.pk)
            advice = services.suggest_slots(
                actor=request.user,
                request_id=advice_request.pk,
                people=_slot_people(form, candidates),
                first_day=form.cleaned_data["first_day"],
                last_day=form.cleaned_data["last_day"],
                duration=form.duration_delta,
            )
        except ValidationError as invalid:
            form.add_service_errors(invalid)
            status = 400
        except Conflict as refused:
            form.add_error(None, refused.message)
            status = 409
    elif searching:
        status = 400
    return render(
        request,
        "meetings/plan.html",
        {
            "advice_request": advice_request,
            "form": form,
            "advice": advice,
            "searched": advice is not None,
            "duration": form.duration_delta if advice is not None else dt.timedelta(0),
        },
        status=status,
    )
