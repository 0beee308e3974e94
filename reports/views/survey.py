"""The satisfaction survey, reached by the signed link in the mail, without signing in.

Opening the link shows the form and changes nothing (mail scanners open links); sending it
stores the answer and closes the request. A link used again, expired or altered says so.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.exceptions import Conflict
from core.forms import add_service_errors
from reports import services
from reports.forms import SurveyForm


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = services.read_survey_token(token)
    except ValidationError as invalid:
        return _page(request, error=" ".join(invalid.messages), status=400)
    context = {"advice_request": link.response.request}
    try:
        services.check_open(link.response)
    except Conflict as refused:
        return _page(request, error=refused.message, status=409, **context)
    if request.method == "GET":
        return _page(request, form=SurveyForm(), **context)
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400, **context)
    try:
        services.answer_survey(
            response_id=link.response.pk,
            person_id=link.person.pk,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as invalid:
        add_service_errors(form, invalid)
        return _page(request, form=form, status=400, **context)
    except Conflict as refused:
        return _page(request, error=refused.message, status=409, **context)
    return _page(request, done=True, **context)


def _page(request: HttpRequest, *, status: int = 200, **context) -> HttpResponse:
    return render(request, "reports/survey.html", context, status=status)
