"""Experts in the API: the coordinators' list, profiles, and load week by week.

The same rules as the pages (``permissions``): the list is for coordinators (the experts of
their teams) and admins (every active expert), 403 for anyone else. A profile and its load
are for the expert themself, the coordinators of their teams and admins; anyone else gets
404 — who may not edit a profile may not see it either, as on the profile pages. Changes go
through ``services.expert_profiles``: bad input is 400 with one message per field.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import require
from core.api_errors import DomainErrorsMixin, StrictJSONParser
from experts.models import Expert, Skill
from experts.permissions import can_edit_expert, can_view_expert_load
from experts.services import profiles as expert_profiles
from requests_app import selectors_experts
from requests_app.api import serializers_experts as es
from requests_app.api.filters import ExpertFilter


def _skills() -> Prefetch:
    return Prefetch(
        "skills", queryset=Skill.objects.select_related("theme").order_by("-level", "theme__name")
    )


class ExpertViewSet(DomainErrorsMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = es.ExpertListSerializer
    parser_classes = [StrictJSONParser]
    filter_backends = [DjangoFilterBackend]
    filterset_class = ExpertFilter
    lookup_value_regex = r"[0-9]+"
    queryset = Expert.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self) -> QuerySet[Expert]:
        # The experts of the teams one coordinates, every active one for an admin: the rule
        # of the coordinators' load page (its one-week absence prefetch comes along).
        experts = selectors_experts.experts_for_load(
            self.request.user, selectors_experts.coming_weeks(1)
        )
        return experts.prefetch_related(_skills()).order_by(
            "user__last_name", "user__first_name", "user__email", "id"
        )

    def _profile_or_404(self, pk: str) -> Expert:
        expert = selectors_experts.expert_for_profile(int(pk))
        if expert is None or not can_edit_expert(self.request.user, expert):
            raise Http404
        return expert

    def _profile(self, expert_id: int) -> Response:
        expert = selectors_experts.expert_for_profile(expert_id)
        return Response(es.ExpertDetailSerializer(expert).data)

    @extend_schema(
        summary="Experts of your teams, with capacity and skills (coordinators, admins)",
        responses={200: es.ExpertListSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(can_view_expert_load(request.user))
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="An expert's profile (the expert, coordinators of their teams, admins)",
        responses={200: es.ExpertDetailSerializer},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(es.ExpertDetailSerializer(self._profile_or_404(pk)).data)

    @extend_schema(
        summary="Change capacity, how meetings arrive, firm or free/busy feed",
        description=(
            "The expert themself, coordinators of their teams, admins. Only the fields given "
            "change. A capacity below the hours already committed is allowed (the load then "
            "shows weeks over capacity); new assignments never overbook."
        ),
        request=es.ExpertProfileInputSerializer,
        responses={200: es.ExpertDetailSerializer},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        expert = self._profile_or_404(pk)
        serializer = es.ExpertProfileInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expert_profiles.update_profile(
            actor=request.user, expert_id=expert.pk, **serializer.validated_data
        )
        return self._profile(expert.pk)

    @extend_schema(
        summary="Hours committed per week against capacity",
        description="From this week on; the expert, coordinators of their teams, admins.",
        parameters=[es.LoadQuerySerializer],
        responses={200: es.ExpertLoadSerializer},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def load(self, request: Request, pk: str) -> Response:
        expert = (
            Expert.objects.select_related("user").prefetch_related("teams").filter(pk=int(pk))
        ).first()
        if expert is None or not can_edit_expert(request.user, expert):
            raise Http404
        query = es.LoadQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        weeks = selectors_experts.coming_weeks(query.validated_data["weeks"])
        load = selectors_experts.loads_of([expert], weeks)[0]
        return Response(es.ExpertLoadSerializer(load).data)

    @extend_schema(
        summary="Your own expert profile",
        responses={
            200: es.ExpertDetailSerializer,
            404: OpenApiResponse(description="You have no active expert profile."),
        },
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def me(self, request: Request) -> Response:
        expert = selectors_experts.own_expert(request.user)
        if expert is None:
            raise NotFound(_("You have no active expert profile."))
        return Response(es.ExpertDetailSerializer(expert).data)
