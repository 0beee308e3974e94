"""A request taken through the real lifecycle up to its work in progress (and completed), for
the tests of completion, the satisfaction survey and retention."""

from __future__ import annotations

from requests_app.models import AdviceRequest
from requests_app.services import assignments, lifecycle
from tests.factories import accept_request, file_request, skilled_expert


def request_in_progress(*, requester, team, coordinator, expert=None, **fields) -> AdviceRequest:
    """Submitted, accepted, one expert accepted, no co-financing needed, work started."""
    request = accept_request(file_request(requester=requester, team=team, **fields), coordinator)
    expert = expert or skilled_expert(teams=[team], skills={"anders-wonen": 3})
    assignment = assignments.assign_expert(
        actor=coordinator, request_id=request.pk, expert_id=expert.pk, role="lead"
    )
    assignments.accept_assignment(actor=expert.user, assignment_id=assignment.pk)
    lifecycle.set_cofinancing_waived(
        actor=coordinator, request_id=request.pk, waived=True, note="Alleen programma-uren"
    )
    return lifecycle.transition(actor=coordinator, request_id=request.pk, action="start")


def completed_request(*, requester, team, coordinator, **fields) -> AdviceRequest:
    request = request_in_progress(requester=requester, team=team, coordinator=coordinator, **fields)
    return lifecycle.transition(
        actor=coordinator,
        request_id=request.pk,
        action="complete",
        delivered_results=["business_case"],
    )
