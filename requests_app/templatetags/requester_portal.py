"""What the home pages show about a person's own requests, organisations and invitations.

The home views belong to every role; these tags let the requester and no-role homes fetch
their own lists (through the selectors) without the home views knowing about them.
"""

from __future__ import annotations

from django import template

from organisations import selectors as organisation_selectors
from organisations.forms import JoinForm
from organisations.permissions import member_organisation_ids
from requests_app import selectors_requester

register = template.Library()

RECENT = 5


@register.simple_tag
def recent_request_rows(user) -> list:
    """The latest requests of the person's organisations, as (request, is_lead) rows."""
    own = member_organisation_ids(user)
    requests = selectors_requester.organisation_requests(user)[:RECENT]
    return [(item, item.lead_organisation_id in own) for item in requests]


@register.simple_tag
def memberships_of(user) -> list:
    return list(organisation_selectors.memberships_of(user))


@register.simple_tag
def open_invitations_for(user) -> list:
    return list(organisation_selectors.open_invitations_for(user))


@register.simple_tag
def join_form() -> JoinForm:
    return JoinForm()


@register.simple_tag
def waiting_for_answer(user) -> list:
    """The person's requests on which a coordinator waits for their answer."""
    return list(selectors_requester.waiting_for_answer(user))
