"""Co-financing in the API, with the pages' rules: coordinators of the request's team offer,
amend and correct; a member of the lead organisation accepts or declines and sees the ledger of
their own organisation's requests; experts log and read only their own entries. Amounts are
strings with two decimals (never float)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import require
from cofinancing import selectors, services
from cofinancing.models import AgreementVersion, TimeEntry
from cofinancing.permissions import can_view_ledger
from core.api_errors import DomainErrorsMixin, StrictJSONParser
from experts.permissions import expert_id
from requests_app.api import serializers as s
from requests_app.permissions import get_visible_request_or_404

# 400, 401, 403 and 404 (for one request) are added to every operation by core.api_schema.
_CONFLICT = {
    409: OpenApiResponse(
        s.ConflictSerializer, description="The current state does not allow this."
    ),
}
MONEY = {"max_digits": 12, "decimal_places": 2, "coerce_to_string": True}


class VersionSerializer(serializers.ModelSerializer):
    hours = serializers.DecimalField(**MONEY)
    hourly_rate = serializers.DecimalField(**MONEY)
    programme_hours = serializers.DecimalField(**MONEY)
    requester_share = serializers.DecimalField(
        max_digits=3, decimal_places=2, coerce_to_string=True
    )
    requester_cap = serializers.DecimalField(allow_null=True, **MONEY)

    class Meta:
        model = AgreementVersion
        fields = [
            "number",
            "hours",
            "hourly_rate",
            "programme_hours",
            "requester_share",
            "requester_cap",
            "reason",
            "created_at",
            "accepted_at",
        ]


class LedgerSerializer(serializers.Serializer):
    status = serializers.CharField(
        allow_null=True, help_text="draft, offered, accepted, declined, closed"
    )
    version_in_force = serializers.IntegerField(allow_null=True)
    versions = VersionSerializer(many=True)
    hours_used = serializers.DecimalField(**MONEY)
    hours_left = serializers.DecimalField(allow_null=True, **MONEY)
    cost = serializers.DecimalField(allow_null=True, **MONEY)
    programme_part = serializers.DecimalField(allow_null=True, **MONEY)
    requester_part = serializers.DecimalField(allow_null=True, **MONEY)


class OfferInputSerializer(serializers.Serializer):
    hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=Decimal("0.25"), max_value=10000
    )
    hourly_rate = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=0, max_value=1000
    )
    programme_hours = serializers.DecimalField(
        max_digits=7, decimal_places=2, min_value=0, max_value=10000
    )
    requester_share = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=0, max_value=1
    )
    requester_cap = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class AnswerInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField()


class TimeEntrySerializer(serializers.ModelSerializer):
    hours = serializers.DecimalField(**MONEY)
    corrected_hours = serializers.DecimalField(allow_null=True, **MONEY)

    class Meta:
        model = TimeEntry
        fields = [
            "id",
            "assignment",
            "request",
            "day",
            "hours",
            "description",
            "corrected_hours",
            "correction_reason",
            "created_at",
        ]


class TimeEntryInputSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(min_value=1)
    day = serializers.DateField()
    hours = serializers.DecimalField(
        max_digits=4, decimal_places=2, min_value=Decimal("0.25"), max_value=12
    )
    description = serializers.CharField(max_length=300)


def _ledger(advice_request) -> dict:
    book = selectors.request_ledger(advice_request)
    versions = list(book.agreement.versions.order_by("number")) if book.agreement else []
    split = book.split
    return {
        "status": book.agreement.status if book.agreement else None,
        "version_in_force": book.version.number if book.version else None,
        "versions": VersionSerializer(versions, many=True).data,
        "hours_used": book.hours_used,
        "hours_left": split.hours_left if split else None,
        "cost": split.cost if split else None,
        "programme_part": split.programme_part if split else None,
        "requester_part": split.requester_part if split else None,
    }


class _CofinancingView(DomainErrorsMixin, APIView):
    parser_classes = [StrictJSONParser]

    def _request(self, pk: int):
        advice_request = get_visible_request_or_404(self.request.user, pk)
        require(can_view_ledger(self.request.user, advice_request))
        return advice_request


class LedgerView(_CofinancingView):
    @extend_schema(
        summary="A request's agreement (every version) and ledger",
        responses={200: LedgerSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(LedgerSerializer(_ledger(self._request(pk))).data)


class OfferView(_CofinancingView):
    @extend_schema(
        summary="Offer co-financing, or amend it (a reason is required for an amendment)",
        request=OfferInputSerializer,
        responses={200: LedgerSerializer, **_CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        advice_request = get_visible_request_or_404(request.user, pk)
        data = OfferInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reason = values.pop("reason")
        offer = services.Offer(**values)
        if hasattr(advice_request, "agreement"):
            services.amend(actor=request.user, request_id=pk, offer=offer, reason=reason)
        else:
            services.make_offer(actor=request.user, request_id=pk, offer=offer)
        advice_request.refresh_from_db()
        return Response(LedgerSerializer(_ledger(advice_request)).data)


class AnswerView(_CofinancingView):
    @extend_schema(
        summary="Accept or decline the offer (a member of the lead organisation)",
        request=AnswerInputSerializer,
        responses={200: LedgerSerializer, **_CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        get_visible_request_or_404(request.user, pk)
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.answer_offer(
            actor=request.user, request_id=pk, accept=data.validated_data["accept"]
        )
        return Response(LedgerSerializer(_ledger(self._request(pk))).data)


class TimeEntryViewSet(DomainErrorsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your own time entries (experts)."""

    serializer_class = TimeEntrySerializer
    parser_classes = [StrictJSONParser]
    queryset = TimeEntry.objects.none()

    def get_queryset(self):
        mine = expert_id(self.request.user)
        if mine is None:
            return TimeEntry.objects.none()
        return TimeEntry.objects.filter(expert_id=mine).order_by("-day", "-pk")

    @extend_schema(summary="Your own time entries")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Log time on your own accepted assignment",
        request=TimeEntryInputSerializer,
        responses={
            201: TimeEntrySerializer,
            404: OpenApiResponse(description="You have no expert profile."),
            **_CONFLICT,
        },
    )
    def create(self, request: Request) -> Response:
        data = TimeEntryInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if expert_id(request.user) is None:
            raise Http404
        entry = services.log_time(
            actor=request.user,
            assignment_id=values["assignment"],
            day=values["day"],
            hours=values["hours"],
            description=values["description"],
        )
        return Response(TimeEntrySerializer(entry).data, status=status.HTTP_201_CREATED)
