"""Feed addresses: who may own one, making and revoking them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_admin, require
from core.exceptions import Conflict
from experts.models import Expert
from experts.permissions import coordinated_team_ids, expert_id
from meetings import feeds
from meetings.models import FeedToken
from requests_app.models import AdviceRequest
from requests_app.permissions import is_lead_member

# --- feed addresses -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewFeed:
    token: FeedToken
    secret: str  # shown once: only its hash is kept


def may_own_feed(user: User, *, expert: Expert | None = None, request=None, team=None) -> bool:
    """An expert their own feed; a member of the lead organisation their request's; a
    coordinator their team's (admins every team's)."""
    if expert is not None:
        return expert_id(user) == expert.pk
    if request is not None:
        return is_lead_member(user, request)
    if team is not None:
        return is_admin(user) or team.pk in coordinated_team_ids(user)
    return False


def create_feed(
    *,
    actor: User,
    expert: Expert | None = None,
    request: AdviceRequest | None = None,
    team=None,
    include_absences: bool = False,
) -> NewFeed:
    """A new feed address; the one for the same subject that the person had is revoked (so
    this is also how an address is replaced)."""
    require(may_own_feed(actor, expert=expert, request=request, team=team))
    scope = (
        FeedToken.Scope.EXPERT
        if expert is not None
        else FeedToken.Scope.REQUEST
        if request is not None
        else FeedToken.Scope.TEAM
    )
    secret = secrets.token_urlsafe(feeds.TOKEN_BYTES)
    with transaction.atomic():
        FeedToken.objects.filter(
            owner=actor, scope=scope, expert=expert, request=request, team=team, revoked_at=None
        ).update(revoked_at=timezone.now())
        token = FeedToken.objects.create(
            owner=actor,
            scope=scope,
            expert=expert,
            request=request,
            team=team,
            token_hash=feeds.token_hash(secret),
            include_absences=include_absences and expert is not None,
        )
    return NewFeed(token=token, secret=secret)


def revoke_feed(*, actor: User, token_id: int) -> None:
    """The address stops working at once (404 from then on)."""
    updated = FeedToken.objects.filter(pk=token_id, owner=actor, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("This feed address does not exist or was revoked already."))
