"""API tokens: sign in with e-mail address and password (and the authenticator code, when
two-factor sign-in is set up) to get a new token for ``Authorization: Token <token>``; list
your tokens and revoke them.

The same protections as the web sign-in: django-axes counts failures per (account, address) and
refuses a locked pair before any password check; a wrong authenticator code counts as a failed
sign-in too; an unverified e-mail address gets no token; staff who must use two-factor sign-in
but have not set it up get no token either (the token would bypass it). A token is stored
hashed, shown once, and stops working after ``API_TOKEN_IDLE_DAYS`` without use.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate, user_login_failed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.models import ApiToken, User
from accounts.roles import needs_two_factor_setup
from core.api_errors import DetailSerializer, DomainErrorsMixin, StrictJSONParser
from requests_app.api import serializers as s

_UNAUTHENTICATED = OpenApiResponse(
    DetailSerializer,
    description="No token or session, or a token that is unknown, revoked or expired.",
)


class TokenView(DomainErrorsMixin, APIView):
    parser_classes = [StrictJSONParser]

    def initialize_request(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Request:
        # Signing in needs no earlier sign-in (and no CSRF token); revoking needs the token.
        self.signing_in = request.method == "POST"
        return super().initialize_request(request, *args, **kwargs)

    def get_authenticators(self) -> list:
        if getattr(self, "signing_in", False):
            return []
        return super().get_authenticators()

    def get_permissions(self) -> list:
        if getattr(self, "signing_in", False):
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        summary="Get a new API token",
        description=(
            "Every sign-in makes a new token (your earlier ones keep working); the token is "
            "shown only in this answer. It stops working after API_TOKEN_IDLE_DAYS days "
            "without a call, or when you revoke it."
        ),
        request=s.TokenRequestSerializer,
        responses={
            200: s.TokenSerializer,
            400: OpenApiResponse(description="Wrong e-mail address, password or code."),
            403: OpenApiResponse(
                DetailSerializer, description="Two-factor sign-in must be set up first."
            ),
            429: OpenApiResponse(
                DetailSerializer, description="Too many failed attempts: wait and try again."
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = s.TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].strip().lower()
        # ``request`` lets axes see the address and refuse a locked (account, address) pair.
        user = authenticate(
            request=request, email=email, password=serializer.validated_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return self._locked_out()
        if user is None:
            raise ValidationError({"non_field_errors": [_("Wrong e-mail address or password.")]})
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise ValidationError(
                {"email": [_("Confirm your e-mail address first; we sent you a link.")]}
            )
        if is_mfa_enabled(user):
            self._check_code(request, user, email, serializer.validated_data.get("code", ""))
            if getattr(request, "axes_locked_out", False):
                return self._locked_out()
        elif settings.EXPERTDESK_REQUIRE_2FA_FOR_STAFF and needs_two_factor_setup(user):
            raise PermissionDenied(
                _("Your role requires two-factor sign-in. Set it up in expertdesk first.")
            )
        # Counts as a successful sign-in for axes: earlier failures are forgotten.
        AxesProxyHandler.user_logged_in(sender=type(self), request=request, user=user)
        new = services.create_api_token(
            actor=user, name=serializer.validated_data.get("name") or _("API token")
        )
        return Response({"token": new.secret, **s.ApiTokenSerializer(new.token).data})

    def _check_code(self, request: Request, user: User, email: str, code: str) -> None:
        if not code.strip():
            raise ValidationError({"code": [_("Enter the code from your authenticator app.")]})
        form = AuthenticateForm(user=user, data={"code": code})
        if form.is_valid():
            form.authenticator.record_usage()
            return
        # A wrong code is a failed sign-in: axes locks the pair after too many.
        user_login_failed.send(sender=type(self), credentials={"email": email}, request=request)
        if getattr(request, "axes_locked_out", False):
            return
        raise ValidationError({"code": [_("This code is not right. Try the current one.")]})

    def _locked_out(self) -> Response:
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        return Response(
            {
                "detail": _("Too many failed sign-in attempts. Try again in %(minutes)d minutes.")
                % {"minutes": minutes}
            },
            status=status.HTTP_429_TOO_MANY_REQUESTS,
        )

    @extend_schema(
        summary="Revoke the API token this call is made with",
        description="To revoke another of your tokens: DELETE /api/v1/auth/tokens/{id}/.",
        request=None,
        responses={
            204: None,
            400: OpenApiResponse(
                DetailSerializer, description="The call was made with a session, not a token."
            ),
            401: _UNAUTHENTICATED,
        },
    )
    def delete(self, request: Request) -> Response:
        if not isinstance(request.auth, ApiToken):
            return Response(
                {
                    "detail": _(
                        "This call was not made with an API token. Revoke a token by its "
                        "number: DELETE /api/v1/auth/tokens/{id}/."
                    )
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        services.revoke_api_token(actor=request.user, token_id=request.auth.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenViewSet(
    DomainErrorsMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Your own API tokens that still work: list and revoke (a token is made by signing in at
    POST /api/v1/auth/token/, or on the account page)."""

    serializer_class = s.ApiTokenSerializer
    parser_classes = [StrictJSONParser]
    lookup_value_regex = r"[0-9]+"
    queryset = ApiToken.objects.none()

    def get_queryset(self) -> QuerySet[ApiToken]:
        # Someone else's token, a revoked or an expired one: 404 alike.
        return selectors.live_api_tokens(self.request.user)

    @extend_schema(
        summary="Your API tokens that still work (without the token itself)",
        responses={200: s.ApiTokenSerializer(many=True), 401: _UNAUTHENTICATED},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Revoke one of your API tokens (calls with it answer 401 from then on)",
        responses={
            204: None,
            401: _UNAUTHENTICATED,
            404: OpenApiResponse(
                DetailSerializer,
                description="No such token of yours, or it was revoked or has expired.",
            ),
        },
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token = self.get_object()
        services.revoke_api_token(actor=request.user, token_id=token.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
