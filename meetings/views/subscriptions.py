"""The person's calendar feed addresses: their own meetings (experts), a request's meetings
(members of the lead organisation), a team's (its coordinators). An address is shown once,
when it is made, as webcal:// and https:// with a copy button; later it can be revoked or
replaced, never read back (only its hash is kept)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import is_admin
from core.exceptions import Conflict
from experts.models import Expert, Team
from experts.permissions import coordinated_team_ids, expert_id
from meetings import services
from meetings.models import ExternalCalendar, FeedToken
from organisations.permissions import member_organisation_ids
from requests_app.enums import Status
from requests_app.models import AdviceRequest

_NEW_FEED = "meetings:new-feed"


def _subjects(request: HttpRequest) -> dict:
    user = request.user
    own = expert_id(user)
    teams = (
        Team.objects.all()
        if is_admin(user)
        else Team.objects.filter(pk__in=coordinated_team_ids(user))
    )
    requests = AdviceRequest.objects.filter(
        lead_organisation_id__in=member_organisation_ids(user)
    ).exclude(status=Status.DRAFT)
    return {
        "expert": Expert.objects.select_related("user").filter(pk=own).first() if own else None,
        "teams": list(teams.order_by("name")),
        "requests": list(requests.order_by("-submitted_at")[:50]),
    }


@login_required
@require_GET
def subscriptions(request: HttpRequest) -> HttpResponse:
    subjects = _subjects(request)
    new = request.session.pop(_NEW_FEED, None)
    tokens = list(
        FeedToken.objects.filter(owner=request.user, revoked_at=None)
        .select_related("expert__user", "request", "team")
        .order_by("scope", "created_at")
    )
    calendar = (
        ExternalCalendar.objects.filter(expert=subjects["expert"]).first()
        if subjects["expert"]
        else None
    )
    return render(
        request,
        "meetings/subscriptions.html",
        {**subjects, "tokens": tokens, "new": new, "own_calendar": calendar},
    )


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    subjects = _subjects(request)
    scope = request.POST.get("scope")
    kwargs: dict = {}
    if scope == FeedToken.Scope.EXPERT and subjects["expert"] is not None:
        kwargs = {
            "expert": subjects["expert"],
            "include_absences": request.POST.get("include_absences") == "on",
        }
    elif scope == FeedToken.Scope.TEAM:
        kwargs = {
            "team": next(
                (t for t in subjects["teams"] if str(t.pk) == request.POST.get("team")), None
            )
        }
    elif scope == FeedToken.Scope.REQUEST:
        kwargs = {
            "request": next(
                (r for r in subjects["requests"] if str(r.pk) == request.POST.get("request")), None
            )
        }
    if not kwargs or None in kwargs.values():
        raise Http404
    new = services.create_feed(actor=request.user, **kwargs)
    path = reverse("meetings:feed", args=[new.secret])
    https = request.build_absolute_uri(path)
    # Shown once, on the next page only; the session is signed-in and not logged.
    request.session[_NEW_FEED] = {
        "https": https,
        "webcal": "webcal://" + https.split("://", 1)[1],
        "name": str(new.token),
    }
    messages.success(request, _("The feed address is made. Copy it now: it is shown only once."))
    return redirect("meetings:subscriptions")


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.revoke_feed(actor=request.user, token_id=pk)
    except Conflict as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request, _("The address no longer works; calendars subscribed to it stop updating.")
        )
    return redirect("meetings:subscriptions")
