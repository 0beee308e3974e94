"""The inbox summary on the coordinator's home page: how many requests wait, how many are late."""

from __future__ import annotations

from django import template

from requests_app import selectors

register = template.Library()


@register.inclusion_tag("requests_app/coordinator/partials/inbox_summary.html", takes_context=True)
def inbox_summary(context: template.Context) -> dict:
    """One aggregate query over the same inbox the coordinator opens (``inbox_counts``)."""
    counts = selectors.inbox_counts(context["request"].user)
    return {**counts, "overdue_only": "?overdue=on"}
