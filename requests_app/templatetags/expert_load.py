"""The expert profile page (``experts``) shows whether the hours already committed exceed the
capacity; assignments live here, so the section comes from this app by name, not by import."""

from __future__ import annotations

from django import template

from experts.models import Expert
from requests_app import selectors_experts

register = template.Library()


@register.inclusion_tag("requests_app/expert/partials/over_capacity.html")
def over_capacity_notice(expert: Expert) -> dict:
    load = selectors_experts.home_load(expert)
    return {"count": load.weeks_over_capacity, "weeks": len(load.weeks)}
