"""The co-financing section that the request page and the workspace (``requests_app``) name by
``{% cofinancing_section advice_request %}``: rendered here, never imported there."""

from __future__ import annotations

from django import template

from cofinancing import selectors, services
from cofinancing.forms import OfferForm
from cofinancing.models import Agreement
from cofinancing.permissions import can_answer_offer, can_manage_agreement, can_view_ledger
from requests_app.enums import Status

register = template.Library()


@register.inclusion_tag("cofinancing/partials/section.html", takes_context=True)
def cofinancing_section(context: template.Context, advice_request, place: str = "detail") -> dict:
    user = context["request"].user
    if not can_view_ledger(user, advice_request):
        return {"visible": False}
    book = selectors.request_ledger(advice_request)
    manage = can_manage_agreement(user, advice_request) and place == "workspace"
    latest = (
        book.agreement.versions.order_by("-number").first() if book.agreement is not None else None
    )
    form = None
    if manage and advice_request.status in (Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED):
        base = latest or services.default_offer(advice_request)
        form = OfferForm(
            initial={
                "hours": base.hours,
                "hourly_rate": base.hourly_rate,
                "programme_hours": base.programme_hours,
                "requester_share": base.requester_share,
                "requester_cap": base.requester_cap or "",
            }
        )
    return {
        "visible": True,
        "place": place,
        "advice_request": advice_request,
        "book": book,
        "latest": latest,
        "offered": book.agreement is not None and book.agreement.status == Agreement.Status.OFFERED,
        "can_answer": can_answer_offer(user, advice_request) and place == "detail",
        "manage": manage,
        "form": form,
        "amend": book.agreement is not None,
    }
