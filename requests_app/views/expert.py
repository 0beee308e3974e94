"""Expert pages: answering an assignment, from the expert home or from the mail's link."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from requests_app.exceptions import Conflict
from requests_app.services import assignments


@require_http_methods(["GET", "POST"])
def answer_assignment(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in the assignment mail: accept, or decline with a reason.

    The link itself identifies the expert (it is signed and expires), so the expert does not
    have to sign in first; the page still asks for an explicit click.
    """
    try:
        assignment = assignments.assignment_from_token(token)
    except ValidationError as invalid:
        return render(
            request,
            "requests_app/expert/answer.html",
            {"error": " ".join(invalid.messages)},
            status=400,
        )
    actor = assignment.expert.user
    context = {"assignment": assignment, "advice_request": assignment.request}
    if request.method == "POST":
        choice = request.POST.get("answer")
        try:
            if choice == "accept":
                assignments.accept_assignment(actor=actor, assignment_id=assignment.pk)
                messages.success(request, _("Thank you: you accepted the assignment."))
            elif choice == "decline":
                assignments.decline_assignment(
                    actor=actor, assignment_id=assignment.pk, reason=request.POST.get("reason", "")
                )
                messages.success(
                    request, _("You declined the assignment; the coordinator has been told.")
                )
            else:
                context["error"] = _("Choose to accept or to decline.")
                return render(request, "requests_app/expert/answer.html", context, status=400)
        except ValidationError as invalid:
            context["form_errors"] = invalid.message_dict
            context["reason"] = request.POST.get("reason", "")
            return render(request, "requests_app/expert/answer.html", context, status=400)
        except Conflict as refused:
            context["error"] = refused.message
            return render(request, "requests_app/expert/answer.html", context, status=409)
        return redirect(request.path)
    return render(request, "requests_app/expert/answer.html", context)
