from __future__ import annotations

from rest_framework import serializers

from experts.models import Team, Theme
from requests_app.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "kind", "name", "cbs_code", "kvk_number", "province", "active"]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = [
            "id",
            "slug",
            "name",
            "name_en",
            "hourly_rate",
            "programme_hours",
            "requester_share",
            "triage_working_days",
        ]


class ThemeSerializer(serializers.ModelSerializer):
    teams = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "name_en", "teams", "active"]
