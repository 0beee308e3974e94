"""Read-only reference data for API clients: organisations, teams and themes."""

from __future__ import annotations

from rest_framework import viewsets

from experts.models import Team, Theme
from requests_app.api.serializers import OrganisationSerializer, TeamSerializer, ThemeSerializer
from requests_app.models import Organisation


class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """All organisations; municipalities carry their CBS code (``?cbs_code=GM0345``)."""

    queryset = Organisation.objects.all()
    serializer_class = OrganisationSerializer
    filterset_fields = ["kind", "province", "cbs_code", "active"]
    search_fields = ["name", "cbs_code", "kvk_number"]
    ordering_fields = ["name", "cbs_code"]
    ordering = ["name"]


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Team.objects.all()
    serializer_class = TeamSerializer
    lookup_field = "slug"
    ordering = ["name"]


class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Theme.objects.prefetch_related("teams")
    serializer_class = ThemeSerializer
    lookup_field = "slug"
    filterset_fields = ["active", "teams__slug"]
    search_fields = ["name", "name_en"]
    ordering = ["name"]
