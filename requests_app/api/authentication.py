"""How API calls say who they are: ``Authorization: Token <key>`` (from ``api/tokens.py``) or
the session of the web pages. Its own module: DRF imports it while loading its views."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import authentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from accounts.models import User


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's ``Authorization: Token <key>`` check in one plain query.

    Every API call makes it, and the ORM took three times as long to build the token-and-user
    join as the database took to answer it (bench_requests). ``request.auth`` is the key.
    """

    def authenticate_credentials(self, key: str) -> tuple[User, str]:
        # Only table names from the models are formatted in; the key is a parameter.
        sql = (
            f"SELECT person.* FROM {User._meta.db_table} person "  # noqa: S608
            f"JOIN {Token._meta.db_table} token ON token.user_id = person.id "
            "WHERE token.key = %s"
        )
        user = next(iter(User.objects.raw(sql, [key])), None)
        if user is None:
            raise AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        return user, key
