"""Answering an invitation from the link in the mail, without signing in.

The link is signed and names the attendee, the meeting, its version and the answer. Opening it
shows the meeting and one button, so mail scanners that open links change nothing. Pressing the
button twice is harmless; a link for an older version or a cancelled meeting says so.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.exceptions import Conflict
from meetings import services
from meetings.models import Attendee


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.read_answer_token(token)
    except ValidationError as invalid:
        return _page(request, error=" ".join(invalid.messages), status=400)
    attendee, meeting = link.attendee, link.attendee.meeting
    context = {"meeting": meeting, "attendee": attendee, "answer": Attendee.Answer(link.answer)}
    try:
        if request.method == "POST":
            context["attendee"] = services.record_answer(
                attendee_id=attendee.pk,
                answer=link.answer,
                via=Attendee.Via.LINK,
                sequence=link.sequence,
            )
            context["done"] = True
        else:
            services.check_answer_applies(meeting, attendee, link.sequence)
    except Conflict as refused:
        return _page(request, error=refused.message, status=409, **context)
    return _page(request, **context)


def _page(request: HttpRequest, *, status: int = 200, **context) -> HttpResponse:
    return render(request, "meetings/answer.html", context, status=status)
