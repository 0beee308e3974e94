"""The batch plan page: a lead expert for every accepted request without experts, at once.

``planning.compute_plan`` proposes; the coordinator unticks what they do not want and applies
the rest through ``services.planning.apply_plan``, which assigns each pair through the same
service as a single assignment — so a stale or tampered plan can never overbook anyone. What
was assigned and what was skipped (and why) is shown once, above the plan that is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.roles import require
from requests_app import matching, permissions, planning
from requests_app.models import AdviceRequest
from requests_app.services.planning import apply_plan

RESULT_SESSION_KEY = "expertdesk.batch_plan_result"
PAIR = re.compile(r"([0-9]{1,18}):([0-9]{1,18})")  # ASCII digits, never beyond a bigint


def _require_planner(user: User) -> None:
    require(permissions.can_plan(user))


@dataclass(frozen=True)
class PlanRow:
    item: planning.PlannedItem
    pair: str  # the checkbox value: "<request id>:<expert id>"
    reasons: list[str]


def _render_plan(
    request: HttpRequest,
    *,
    result: dict[str, Any] | None = None,
    error: str = "",
    chosen: set[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = planning.compute_plan(planning.plannable_requests(request.user))
    themes = matching.theme_names() if plan.planned else {}
    rows = [
        PlanRow(
            item=item,
            pair=f"{item.request.pk}:{item.expert.pk}",
            reasons=[matching.describe(reason, themes) for reason in item.reasons],
        )
        for item in plan.planned
    ]
    context = {
        "plan": plan,
        "rows": rows,
        "unplanned": plan.unplanned,
        "result": result,
        "error": error,
        "chosen": chosen,
    }
    return render(request, "requests_app/planning/batch_plan.html", context, status=status)


@login_required
@require_GET
def batch_plan(request: HttpRequest) -> HttpResponse:
    _require_planner(request.user)
    # The outcome of the apply that redirected here, shown once.
    result = request.session.pop(RESULT_SESSION_KEY, None)
    return _render_plan(request, result=result)


def _parse_pairs(values: list[str]) -> tuple[list[tuple[int, int]], list[str]]:
    """The posted pairs in order without repeats, and the values that are no pair at all."""
    pairs: list[tuple[int, int]] = []
    unreadable: list[str] = []
    for value in values:
        match = PAIR.fullmatch(value.strip())
        if match is None:
            unreadable.append(value[:40])
            continue
        pair = (int(match.group(1)), int(match.group(2)))
        if pair not in pairs:
            pairs.append(pair)
    return pairs, unreadable


def _request_label(advice_request: AdviceRequest | None, request_id: int) -> dict[str, str]:
    if advice_request is None:  # unknown, or another team's: not even its reference is told
        return {"request": _("request number %(id)s") % {"id": request_id}, "title": ""}
    return {"request": advice_request.reference, "title": advice_request.title}


@login_required
@require_POST
def apply(request: HttpRequest) -> HttpResponse:
    """Apply the ticked pairs; then show what happened above what is still open."""
    user = request.user
    _require_planner(user)
    values = request.POST.getlist("pair")
    pairs, unreadable = _parse_pairs(values)
    if unreadable:
        message = _("These proposals could not be read: %(values)s. Nothing was assigned.") % {
            "values": ", ".join(f"“{value}”" for value in unreadable[:5])
        }
        return _render_plan(request, error=message, chosen=set(values), status=400)
    if not pairs:
        message = _("Tick at least one proposal to apply. Nothing was assigned.")
        return _render_plan(request, error=message, chosen=set(), status=400)

    outcome = apply_plan(actor=user, pairs=pairs)
    visible, experts = outcome.requests, outcome.experts

    def expert_label(expert_id: int) -> str:
        expert = experts.get(expert_id)
        return str(expert) if expert else _("expert number %(id)s") % {"id": expert_id}

    skipped = {(r, e): why for r, e, why in outcome.skipped}
    request.session[RESULT_SESSION_KEY] = {
        "assigned": [
            {
                **_request_label(assignment.request, assignment.request_id),
                "url": reverse("requests:workspace", args=[assignment.request_id]),
                "expert": str(assignment.expert),
                "hours": f"{assignment.hours_budget.normalize():f}",
            }
            for assignment in outcome.assigned
        ],
        "skipped": [
            {
                **_request_label(visible.get(r), r),
                "url": reverse("requests:workspace", args=[r]) if r in visible else "",
                "expert": expert_label(e),
                "why": str(skipped[(r, e)]),
            }
            for r, e in pairs
            if (r, e) in skipped
        ],
    }
    return redirect("requests:batch-plan")
