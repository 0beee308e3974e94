"""One meeting: what, when, where and who answered what. Coordinators of the request's team
also see whether each invitation left, move or cancel the meeting, invite or take off people,
and send a refused invitation again to a corrected address.

Outsiders get 404 (as for the request); people who see the request but may not change the
meeting get 403 on the changes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import require
from core.exceptions import Conflict
from mail import services as outbox
from mail.models import OutboundMail
from meetings import services
from meetings.forms import CancelForm, CorrectAddressForm, GuestForm, MoveForm
from meetings.models import Meeting
from meetings.permissions import can_change_meeting, can_view_meetings


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    meeting = Meeting.objects.select_related("request").filter(pk=pk).first()
    if meeting is None or not can_view_meetings(request.user, meeting.request):
        raise Http404
    return meeting


def mail_states(meeting: Meeting) -> dict[str, OutboundMail]:
    """The newest invitation mail per address (one query)."""
    newest: dict[str, OutboundMail] = {}
    for mail in OutboundMail.objects.filter(key__startswith=f"meeting:{meeting.pk}:").order_by(
        "created_at", "pk"
    ):
        newest[mail.key.split(":")[2]] = mail
    return newest


def _page(
    request: HttpRequest, meeting: Meeting, *, status: int = 200, **forms: object
) -> HttpResponse:
    manage = can_change_meeting(request.user, meeting)
    attendees = list(meeting.attendees.all())
    states = mail_states(meeting) if manage else {}
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    context = {
        "meeting": meeting,
        "advice_request": meeting.request,
        "manage": manage and not meeting.is_cancelled,
        "rows": [(a, states.get(a.email)) for a in attendees if a.active or manage],
        "mine": next((a for a in attendees if a.user_id == request.user.pk and a.active), None),
        "move_form": forms.get("move_form")
        or MoveForm(
            initial={
                "day": start.date(),
                "start": start.time(),
                "end": end.time(),
                "location": meeting.location,
                "online_url": meeting.online_url,
            }
        ),
        "guest_form": forms.get("guest_form") or GuestForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "address_form": forms.get("address_form") or CorrectAddressForm(),
        "refused": [mail for mail in states.values() if mail.state == OutboundMail.State.FAILED],
    }
    return render(request, "meetings/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _meeting_or_404(request, pk))


def _changing(request: HttpRequest, pk: int) -> Meeting:
    meeting = _meeting_or_404(request, pk)
    require(can_change_meeting(request.user, meeting))
    return meeting


def _refused(request: HttpRequest, meeting: Meeting, refused: Conflict) -> HttpResponse:
    messages.error(request, refused.message)
    meeting.refresh_from_db()
    return _page(request, meeting, status=409)


@login_required
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _changing(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        start, end = form.moments()
        try:
            services.change_meeting(
                actor=request.user,
                meeting_id=meeting.pk,
                start=start,
                end=end,
                location=form.cleaned_data["location"],
                online_url=form.cleaned_data["online_url"],
            )
        except ValidationError as invalid:
            form.add_service_errors(invalid)
        except Conflict as refused:
            return _refused(request, meeting, refused)
        else:
            messages.success(request, _("The meeting is changed; everyone gets the update."))
            return redirect("meetings:detail", pk=meeting.pk)
    return _page(request, meeting, move_form=form, status=400)


@login_required
@require_POST
def add_guest(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _changing(request, pk)
    form = GuestForm(request.POST)
    if form.is_valid():
        try:
            services.add_attendee(
                actor=request.user,
                meeting_id=meeting.pk,
                invitee=services.Invitee(
                    email=form.cleaned_data["email"], name=form.cleaned_data["name"]
                ),
            )
        except ValidationError as invalid:
            form.add_service_errors(invalid)
        except Conflict as refused:
            return _refused(request, meeting, refused)
        else:
            messages.success(request, _("Invited; the others get the updated list."))
            return redirect("meetings:detail", pk=meeting.pk)
    return _page(request, meeting, guest_form=form, status=400)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int, attendee_pk: int) -> HttpResponse:
    meeting = _changing(request, pk)
    try:
        services.remove_attendee(actor=request.user, meeting_id=meeting.pk, attendee_id=attendee_pk)
    except Conflict as refused:
        return _refused(request, meeting, refused)
    messages.success(request, _("Taken off the meeting; they get a cancellation."))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _changing(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_meeting(
                actor=request.user, meeting_id=meeting.pk, reason=form.cleaned_data["reason"]
            )
        except Conflict as refused:
            return _refused(request, meeting, refused)
        messages.success(request, _("The meeting is cancelled; it disappears from calendars."))
        return redirect("meetings:detail", pk=meeting.pk)
    return _page(request, meeting, cancel_form=form, status=400)


@login_required
@require_POST
def resend(request: HttpRequest, pk: int, mail_pk: int) -> HttpResponse:
    meeting = _changing(request, pk)
    mail = OutboundMail.objects.filter(pk=mail_pk, key__startswith=f"meeting:{meeting.pk}:").first()
    if mail is None:
        raise Http404
    form = CorrectAddressForm(request.POST)
    if form.is_valid():
        try:
            outbox.resend(mail_id=mail.pk, to=form.cleaned_data["to"])
        except ValidationError as invalid:
            form.add_service_errors(invalid)
        else:
            messages.success(request, _("The invitation is sent again."))
            return redirect("meetings:detail", pk=meeting.pk)
    return _page(request, meeting, address_form=form, status=400)
