"""The meetings section that the request page and the workspace (``requests_app``) name by
``{% meetings_section advice_request %}``: this app renders it, they never import it."""

from __future__ import annotations

from django import template

from meetings import selectors
from meetings.permissions import can_plan_meetings, can_view_meetings
from meetings.services import PLANNABLE

register = template.Library()


@register.inclusion_tag("meetings/partials/section.html", takes_context=True)
def meetings_section(context: template.Context, advice_request) -> dict:
    user = context["request"].user
    if not can_view_meetings(user, advice_request):
        return {"visible": False}
    meetings = list(selectors.meetings_of_request(advice_request))
    mine = {}
    for meeting in meetings:
        for attendee in meeting.attendees.all():
            if attendee.user_id == user.pk and attendee.active:
                mine[meeting.pk] = attendee
    return {
        "visible": True,
        "advice_request": advice_request,
        "rows": [(meeting, mine.get(meeting.pk)) for meeting in meetings],
        "can_plan": can_plan_meetings(user, advice_request) and advice_request.status in PLANNABLE,
    }
