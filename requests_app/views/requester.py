"""The request page and the requester's intake pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from requests_app import permissions, selectors


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request = permissions.get_visible_request_or_404(request.user, pk)
    return render(
        request,
        "requests_app/request/detail.html",
        {
            "advice_request": advice_request,
            "events": selectors.timeline(advice_request, request.user),
            "show_internal": permissions.can_see_internal(request.user, advice_request),
        },
    )
