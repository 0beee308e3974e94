"""Who may see and plan meetings (DESIGN §9): the rules of the request they are about.

Requesters see the meetings of their own organisation's requests (lead or partner), experts
those they are invited to or of requests they work on, coordinators their teams'; only
coordinators of the request's team and admins plan, change and cancel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.roles import AnyUser, is_admin
from requests_app.permissions import can_view_request, coordinates_request

if TYPE_CHECKING:
    from meetings.models import Meeting
    from requests_app.models import AdviceRequest


def can_plan_meetings(user: AnyUser, request: AdviceRequest) -> bool:
    return is_admin(user) or coordinates_request(user, request)


def can_view_meetings(user: AnyUser, request: AdviceRequest) -> bool:
    return can_view_request(user, request)


def can_change_meeting(user: AnyUser, meeting: Meeting) -> bool:
    return can_plan_meetings(user, meeting.request)
