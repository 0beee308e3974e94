"""How API calls say who they are: ``Authorization: Token <secret>`` (an ``accounts.ApiToken``,
made by ``api/tokens.py`` or on the account page) or the session of the web pages. Its own
module: DRF imports it while loading its views."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.models import ApiToken, User, api_key_hash
from accounts.selectors import idle_cutoff

# How stale ``last_used_at`` may get before a call writes it again.
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)


class TokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <secret>`` checked in one plain query: the owner of a token that
    is not revoked and not idle for ``API_TOKEN_IDLE_DAYS``. An expired or revoked token is
    refused exactly like an unknown one.

    Every API call makes it, and the ORM took three times as long to build the token-and-user
    join as the database took to answer it (bench_requests). ``request.auth`` is the token.
    """

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        now = timezone.now()
        # Only table names from the models are formatted in; the values are parameters.
        sql = (
            "SELECT person.*, token.id AS api_token_id, "  # noqa: S608
            "CASE WHEN token.last_used_at IS NULL OR token.last_used_at < %s THEN 1 ELSE 0 END"
            " AS api_token_stale "
            f"FROM {User._meta.db_table} person "
            f"JOIN {ApiToken._meta.db_table} token ON token.user_id = person.id "
            "WHERE token.key_hash = %s AND token.revoked_at IS NULL "
            "AND COALESCE(token.last_used_at, token.created_at) > %s"
        )
        moment = connection.ops.adapt_datetimefield_value  # as the ORM writes them
        params = [moment(now - LAST_USE_RESOLUTION), api_key_hash(key), moment(idle_cutoff(now))]
        user = next(iter(User.objects.raw(sql, params)), None)
        if user is None:
            raise AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        token = ApiToken(pk=user.api_token_id, user=user, key_hash=api_key_hash(key))
        if user.api_token_stale:
            # At most one write a minute per token, not one per call: a write would make every
            # API read wait for SQLite's one writer (the worker's mail, other clients) and leave
            # a dead row version per call on PostgreSQL; idle expiry in days needs no finer clock.
            ApiToken.objects.filter(
                Q(last_used_at=None) | Q(last_used_at__lt=now - LAST_USE_RESOLUTION), pk=token.pk
            ).update(last_used_at=now)
            token.last_used_at = now
        return user, token
