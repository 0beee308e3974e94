"""Writes about people: making and revoking their API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiToken, User, api_key_hash
from core.exceptions import Conflict

TOKEN_BYTES = 32  # 256 random bits; only their SHA-256 is stored
NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length


@dataclass(frozen=True)
class NewApiToken:
    token: ApiToken
    secret: str  # shown once: only its hash is kept


def create_api_token(*, actor: User, name: str) -> NewApiToken:
    """A new token for ``actor``; their other tokens keep working."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the token a name, so that you recognise it.")})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"name": _("Keep the name to %(count)d characters.") % {"count": NAME_MAX_LENGTH}}
        )
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(user=actor, name=name, key_hash=api_key_hash(secret))
    return NewApiToken(token=token, secret=secret)


def revoke_api_token(*, actor: User, token_id: int) -> None:
    """The token stops working at once (401, like an unknown token, from then on)."""
    updated = ApiToken.objects.filter(pk=token_id, user=actor, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("This token does not exist or was revoked already."))
