"""Who may see and do what with co-financing (DESIGN §9): coordinators of the request's team
offer, amend, correct and close; only a member of the lead organisation accepts; experts log
time on their own assignments and see their own hours."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.roles import AnyUser, is_admin
from experts.permissions import coordinated_team_ids, expert_id
from requests_app.permissions import coordinates_request, is_lead_member

if TYPE_CHECKING:
    from requests_app.models import AdviceRequest, Assignment


def can_manage_agreement(user: AnyUser, request: AdviceRequest) -> bool:
    return is_admin(user) or coordinates_request(user, request)


def can_answer_offer(user: AnyUser, request: AdviceRequest) -> bool:
    """Accepting commits the lead organisation's money: its own members only, not an admin."""
    return is_lead_member(user, request)


def can_view_ledger(user: AnyUser, request: AdviceRequest) -> bool:
    return can_manage_agreement(user, request) or is_lead_member(user, request)


def can_log_time(user: AnyUser, assignment: Assignment) -> bool:
    return expert_id(user) == assignment.expert_id


def can_close_period(user: AnyUser, team_id: int) -> bool:
    return is_admin(user) or team_id in coordinated_team_ids(user)
