"""The inbox summary on the coordinator's home page: how many requests wait, how many are late."""

from __future__ import annotations

from django import template
from django.db.models import Count, Q

from requests_app import selectors
from requests_app.enums import TRIAGE

register = template.Library()


@register.inclusion_tag("requests_app/coordinator/partials/inbox_summary.html", takes_context=True)
def inbox_summary(context: template.Context) -> dict:
    """One aggregate query over the same inbox the coordinator opens."""
    user = context["request"].user
    counts = selectors.inbox(user).aggregate(
        waiting=Count("pk", filter=Q(status__in=list(TRIAGE))),
        overdue=Count("pk", filter=Q(is_overdue=True)),
    )
    return {**counts, "overdue_only": "?overdue=on"}
