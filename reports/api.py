"""The figures in the API, read-only, with the pages' rules (``reports.permissions``): the
dashboard for coordinators (their teams) and admins; an organisation's figures for its members
and admins; an expert's own figures for that expert. Numbers are strings with fixed decimals
(never float); ``team``, ``start`` and ``end`` are the dashboard page's URL parameters."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import require
from core.api_errors import DetailSerializer, DomainErrorsMixin
from experts.models import Expert, Team
from organisations.models import Organisation
from reports import selectors, selectors_own
from reports.filters import ScopeForm
from reports.permissions import (
    can_view_organisation_figures,
    dashboard_team_ids,
    own_expert_id,
)


def _number(places: int, **kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=20, decimal_places=places, coerce_to_string=True, read_only=True, **kwargs
    )


class RowSerializer(serializers.Serializer):
    key = serializers.CharField(allow_blank=True, help_text="Empty for the bucket of none.")
    label = serializers.CharField()
    count = serializers.IntegerField()


class ComplianceSerializer(serializers.Serializer):
    on_time = serializers.IntegerField(help_text="Decided on or before the triage deadline.")
    late = serializers.IntegerField(help_text="Decided after it.")
    waiting_late = serializers.IntegerField(help_text="Still waiting for triage, past it.")
    percentage = _number(2, allow_null=True, help_text="on_time of all three, in per cent.")


class LeadTimeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="triaged, first_meeting or completed")
    label = serializers.CharField()
    count = serializers.IntegerField()
    median_days = _number(2, allow_null=True)
    p90_days = _number(2, allow_null=True, help_text="90th percentile (linear interpolation).")


class TimingSerializer(serializers.Serializer):
    compliance = ComplianceSerializer()
    lead_times = LeadTimeSerializer(many=True)


class MunicipalitySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="CBS code")
    name = serializers.CharField()
    province = serializers.CharField(allow_blank=True, help_text="Empty where none is known.")
    count = serializers.IntegerField()


class DemandSerializer(serializers.Serializer):
    themes = RowSerializer(many=True)
    municipalities = MunicipalitySerializer(many=True)
    provinces = RowSerializer(many=True)
    kinds = RowSerializer(many=True)
    total = serializers.IntegerField()
    regional = serializers.IntegerField(help_text="With at least one partner municipality.")
    regional_percentage = _number(2, allow_null=True)


class UtilisationSerializer(serializers.Serializer):
    expert_id = serializers.IntegerField()
    name = serializers.CharField()
    capacity = _number(2)
    committed = _number(2)
    logged = _number(2)
    logged_percentage = _number(2, allow_null=True)


class MoneySerializer(serializers.Serializer):
    committed_programme = _number(2)
    committed_requester = _number(2)
    spent_programme = _number(2)
    spent_requester = _number(2)
    hours = _number(2)


class SatisfactionSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    average = _number(2, allow_null=True)
    scores = serializers.DictField(child=serializers.IntegerField(), help_text="score → answers")


class ScopeSerializer(serializers.Serializer):
    team_ids = serializers.ListField(child=serializers.IntegerField())
    start = serializers.DateField()
    end = serializers.DateField()


class DashboardSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    statuses = RowSerializer(many=True)
    timing = TimingSerializer()
    demand = DemandSerializer()
    utilisation = UtilisationSerializer(many=True)
    money = MoneySerializer()
    satisfaction = SatisfactionSerializer()


class OrganisationYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    led = serializers.IntegerField()
    partnered = serializers.IntegerField()
    hours = _number(2)
    requester_part = _number(2)
    programme_part = _number(2)


class OrganisationFiguresSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation.pk")
    years = OrganisationYearSerializer(many=True)


class ExpertYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    hours = _number(2)
    requests = serializers.IntegerField()


class WeekSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="Its Monday.")
    committed = _number(2)
    capacity = _number(2)


class LoadSerializer(serializers.Serializer):
    weeks = WeekSerializer(many=True)


class ScoreSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    score = serializers.IntegerField()
    answered_at = serializers.DateTimeField()


class ExpertFiguresSerializer(serializers.Serializer):
    expert = serializers.IntegerField(source="expert.pk")
    years = ExpertYearSerializer(many=True)
    load = LoadSerializer()
    scores = ScoreSerializer(many=True)
    average_score = _number(2, allow_null=True)


_403 = OpenApiResponse(DetailSerializer, description="You may not see these figures.")
SCOPE_PARAMETERS = [
    OpenApiParameter("team", OpenApiTypes.STR, description="A team's slug, or 'alle' (default)."),
    OpenApiParameter("start", OpenApiTypes.DATE, description="First day (default 1 January)."),
    OpenApiParameter("end", OpenApiTypes.DATE, description="Last day (default 31 December)."),
]


class DashboardView(DomainErrorsMixin, APIView):
    @extend_schema(
        summary="The coordinator dashboard's figures for teams and a period",
        parameters=SCOPE_PARAMETERS,
        responses={
            200: DashboardSerializer,
            400: OpenApiResponse(description="Field errors: {field: [message, …]}."),
            403: _403,
        },
    )
    def get(self, request: Request) -> Response:
        ids = dashboard_team_ids(request.user)
        require(bool(ids))
        form = ScopeForm(request.query_params, teams=list(Team.objects.filter(pk__in=ids)))
        require(not form.names_a_foreign_team())
        if not form.is_valid():
            return Response(form.errors, status=400)
        return Response(DashboardSerializer(selectors.dashboard(form.scope())).data)


class OrganisationFiguresView(DomainErrorsMixin, APIView):
    @extend_schema(
        summary="An organisation's requests, hours and co-financing per year",
        responses={200: OrganisationFiguresSerializer, 403: _403},
    )
    def get(self, request: Request, pk: int) -> Response:
        organisation = get_object_or_404(Organisation, pk=pk)
        require(can_view_organisation_figures(request.user, organisation.pk))
        figures = selectors_own.organisation_figures(organisation)
        return Response(OrganisationFiguresSerializer(figures).data)


class ExpertFiguresView(DomainErrorsMixin, APIView):
    @extend_schema(
        summary="Your own hours, load and the satisfaction scores of requests you led",
        responses={200: ExpertFiguresSerializer, 403: _403},
    )
    def get(self, request: Request) -> Response:
        pk = own_expert_id(request.user)
        require(pk is not None)
        expert = Expert.objects.select_related("user").get(pk=pk)
        return Response(ExpertFiguresSerializer(selectors_own.expert_figures(expert)).data)
