"""Role home pages. Everyone lands on the home of their most demanding role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.roles import Role, is_coordinator, is_requester, landing_role
from organisations import selectors as organisation_selectors
from requests_app import selectors
from requests_app.views import expert as expert_views

_HOME_URLS = {
    Role.ADMIN: "admin:index",
    Role.COORDINATOR: "requests:coordinator-home",
    Role.EXPERT: "requests:expert-home",
    Role.REQUESTER: "requests:requester-home",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = landing_role(request.user)
    if role is None:
        return render(request, "requests_app/home/no_role.html")
    return redirect(reverse(_HOME_URLS[role]))


@login_required
def requester_home(request: HttpRequest) -> HttpResponse:
    if not is_requester(request.user):
        raise PermissionDenied
    return render(
        request,
        "requests_app/home/requester.html",
        {
            "memberships": organisation_selectors.memberships_of(request.user),
            "teams": selectors.teams_with_themes(),
        },
    )


@login_required
def coordinator_home(request: HttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        raise PermissionDenied
    teams = list(selectors.coordinated_teams(request.user))
    return render(
        request,
        "requests_app/home/coordinator.html",
        {"teams": [(team, selectors.team_experts(team)) for team in teams]},
    )


@login_required
def expert_home(request: HttpRequest) -> HttpResponse:
    """Assignments to answer and accepted ones, load for the coming weeks, profile links."""
    return expert_views.render_home(request)
