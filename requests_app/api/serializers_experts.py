"""What the experts part of the API shows and accepts: profiles, skills and load.

Input is only parsed here; ``services.expert_profiles.update_profile`` checks it and answers
with one message per field, in the same words as the profile page.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api_schema import OptionalURLField
from experts.models import Absence, ConflictOfInterest, Expert, InvitationPreference, Skill
from requests_app.api.serializers import (
    OrganisationSummarySerializer,
    TeamSummarySerializer,
    ThemeSummarySerializer,
)
from requests_app.api.serializers_triage import ExpertSummarySerializer


class SkillSerializer(serializers.ModelSerializer):
    theme = ThemeSummarySerializer(read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Skill
        fields = ["id", "theme", "level", "level_label"]
        read_only_fields = fields


class ExpertListSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    email = serializers.EmailField(source="user.email", read_only=True)
    teams = TeamSummarySerializer(many=True, read_only=True)
    skills = SkillSerializer(many=True, read_only=True)

    class Meta:
        model = Expert
        fields = [
            "id",
            "name",
            "email",
            "teams",
            "weekly_capacity_hours",
            "invitation_preference",
            "organisation_name",
            "active",
            "skills",
        ]
        read_only_fields = fields

    def get_name(self, expert: Expert) -> str:
        return str(expert)


class AbsenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Absence
        fields = ["id", "start", "end", "reason"]
        read_only_fields = fields


class ConflictOfInterestSerializer(serializers.ModelSerializer):
    organisation = OrganisationSummarySerializer(read_only=True)

    class Meta:
        model = ConflictOfInterest
        fields = ["id", "organisation", "note", "declared_at"]
        read_only_fields = fields


class ExpertDetailSerializer(ExpertListSerializer):
    """A whole profile, as the expert, the coordinators of their teams and admins see it."""

    absences = AbsenceSerializer(
        source="upcoming_absences",
        many=True,
        read_only=True,
        help_text=_("Absences that have not ended yet."),
    )
    conflicts_of_interest = ConflictOfInterestSerializer(many=True, read_only=True)
    free_busy_url = OptionalURLField(
        read_only=True,
        help_text=_("An iCalendar address whose busy times block scheduling; null when unset."),
    )

    class Meta(ExpertListSerializer.Meta):
        fields = [
            *ExpertListSerializer.Meta.fields,
            "free_busy_url",
            "absences",
            "conflicts_of_interest",
        ]
        read_only_fields = fields


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "maxLength": 20}]})
class HoursField(serializers.CharField):
    """Hours as a JSON number or as text ("7.25", "7,25"); the service checks the value."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_length=20, **kwargs)


class ExpertProfileInputSerializer(serializers.Serializer):
    """The fields of a profile change; a field left out stays as it is."""

    weekly_capacity_hours = HoursField(
        required=False, help_text=_("0 to 60 hours per week, in quarter hours, e.g. 7.25.")
    )
    invitation_preference = serializers.ChoiceField(
        choices=InvitationPreference.choices, required=False
    )
    organisation_name = serializers.CharField(
        required=False, allow_blank=True, help_text=_("The firm; empty clears it.")
    )
    free_busy_url = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=_(
            "An http(s) iCalendar address whose busy times block scheduling; empty or null "
            "clears it."
        ),
    )

    def validate_free_busy_url(self, value: str | None) -> str:
        return value or ""


class LoadQuerySerializer(serializers.Serializer):
    weeks = serializers.IntegerField(
        min_value=1, max_value=26, default=12, help_text=_("How many weeks, from this one.")
    )


class WeekLoadSerializer(serializers.Serializer):
    week = serializers.DateField(read_only=True, help_text=_("The Monday of the week."))
    number = serializers.IntegerField(read_only=True, help_text=_("The ISO week number."))
    committed = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        read_only=True,
        help_text=_("Hours per week of the active (proposed or accepted) assignments."),
    )
    capacity = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True)
    absent_days = serializers.IntegerField(
        read_only=True, help_text=_("Working days of the week the expert is absent.")
    )
    available = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        read_only=True,
        help_text=_("The capacity less the share of the working days the expert is absent."),
    )
    free = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        read_only=True,
        help_text=_("Available hours not yet committed (never below 0): a week of leave has 0."),
    )
    over_capacity = serializers.BooleanField(read_only=True)


class ExpertLoadSerializer(serializers.Serializer):
    expert = ExpertSummarySerializer(read_only=True)
    weekly_capacity_hours = serializers.DecimalField(
        source="expert.weekly_capacity_hours", max_digits=5, decimal_places=2, read_only=True
    )
    active_assignments = serializers.IntegerField(read_only=True)
    weeks_over_capacity = serializers.IntegerField(read_only=True)
    weeks = WeekLoadSerializer(many=True, read_only=True)
