"""What the triage part of the API shows and accepts: suggestions, assignments, the batch plan.

Match scores, reasons, hour budgets and capacity are internal (DESIGN §9): an assignment
carries them in ``internal``, which is null for readers who may not see the request's
internals (requesters). Reasons come twice: as data (``code`` plus the keys that code uses)
and in plain words in the language of the API call.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.roles import is_admin
from core.api_schema import ServiceRequiredText
from experts.models import Expert
from experts.permissions import expert_id
from requests_app import matching
from requests_app.api.serializers import (
    OrganisationSummarySerializer,
    PersonSerializer,
    TeamSummarySerializer,
)
from requests_app.enums import ASSIGNABLE
from requests_app.models import AdviceRequest, Assignment
from requests_app.permissions import can_assign

# --- small pieces ------------------------------------------------------------------------------


class ReasonCode(models.TextChoices):
    COVERAGE = "coverage", _("Themes covered")
    FREE = "free", _("Free hours per week")
    CONTINUITY = "continuity", _("Worked with an organisation of the request before")
    OTHER_TEAM = "other_team", _("From another team")
    ABSENT = "absent", _("Absent in the period")
    SCORE = "score", _("The score taken apart")


class AssignmentAction(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    RELEASE = "release", _("Release")
    HOURS = "hours", _("Change the hour budget")


class MatchReasonSerializer(serializers.Serializer):
    """One reason as data. Which keys appear depends on ``code``: coverage → covered, of,
    themes, levels; free → hours; continuity → organisations; other_team → teams; absent →
    days; score → total, skills, capacity, continuity (points out of 100)."""

    # Not read-only: the optional keys must not be listed as required in the schema.
    code = serializers.ChoiceField(choices=ReasonCode.choices)
    covered = serializers.IntegerField(
        required=False, help_text=_("coverage: requested themes the expert covers")
    )
    of = serializers.IntegerField(required=False, help_text=_("coverage: requested themes"))
    themes = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text=_("coverage: ids of the covered themes"),
    )
    levels = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=3),
        required=False,
        help_text=_(
            "coverage: the expert's skill level (1-3) in each covered theme, in the order of "
            "themes; absent from reasons stored before levels were kept"
        ),
    )
    hours = serializers.FloatField(
        required=False, help_text=_("free: hours per week free in the busiest week")
    )
    total = serializers.FloatField(required=False, help_text=_("score: the score, 0 to 100"))
    skills = serializers.FloatField(
        required=False, help_text=_("score: points for the skill levels in the requested themes")
    )
    capacity = serializers.FloatField(
        required=False, help_text=_("score: points for the free hours in the period")
    )
    continuity = serializers.FloatField(
        required=False, help_text=_("score: points for earlier work with these organisations")
    )
    organisations = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text=_("continuity: organisations of the request the expert worked with"),
    )
    teams = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=_("other_team: their teams")
    )
    days = serializers.IntegerField(
        required=False, help_text=_("absent: working days absent in the period")
    )


class ExpertSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, expert: Expert) -> str:
        return str(expert)


class RequestSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = AdviceRequest
        fields = ["id", "reference", "title", "status"]
        read_only_fields = fields


def _theme_names(context: dict[str, Any]) -> dict[int, str]:
    """Theme names in the caller's language, read once per response (context is shared by
    every item of a list)."""
    if "theme_names" not in context:
        context["theme_names"] = matching.theme_names()
    return context["theme_names"]


def reason_texts(reasons: list[dict[str, Any]], context: dict[str, Any]) -> list[str]:
    if not reasons:
        return []
    themes = _theme_names(context)
    return [matching.describe(reason, themes) for reason in reasons]


# --- suggestions -----------------------------------------------------------------------------


class SuggestionSerializer(serializers.Serializer):
    """One ranked suggestion (``matching.Suggestion``), best first."""

    expert = ExpertSummarySerializer(read_only=True)
    teams = TeamSummarySerializer(source="expert.teams", many=True, read_only=True)
    score = serializers.FloatField(read_only=True, help_text=_("0 to 100."))
    reasons = MatchReasonSerializer(many=True, read_only=True)
    reason_texts = serializers.ListField(child=serializers.CharField(), read_only=True)


class SuggestionQuerySerializer(serializers.Serializer):
    limit = serializers.IntegerField(
        min_value=1, max_value=50, default=10, help_text=_("How many suggestions.")
    )


# --- assignments -----------------------------------------------------------------------------


class AssignmentRequestSerializer(RequestSummarySerializer):
    lead_organisation = OrganisationSummarySerializer(read_only=True)

    class Meta(RequestSummarySerializer.Meta):
        fields = [*RequestSummarySerializer.Meta.fields, "lead_organisation"]
        read_only_fields = fields


class AssignmentInternalSerializer(serializers.Serializer):
    """Hours, load and the match as it was when the expert was assigned."""

    hours_budget = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    match_score = serializers.DecimalField(
        max_digits=7,
        decimal_places=3,
        read_only=True,
        allow_null=True,
        help_text=_("Null when the expert did not pass the hard filters when assigned."),
    )
    match_reasons = MatchReasonSerializer(many=True, read_only=True)
    match_reason_texts = serializers.ListField(child=serializers.CharField(), read_only=True)
    decline_reason = serializers.CharField(read_only=True)
    assigned_by = PersonSerializer(read_only=True)


class AssignmentSerializer(serializers.ModelSerializer):
    """An expert on a request. ``internal`` is null for readers who may not see the request's
    internals; they only ever see accepted assignments."""

    request = AssignmentRequestSerializer(read_only=True)
    expert = ExpertSummarySerializer(read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    actions = serializers.SerializerMethodField()
    internal = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "request",
            "expert",
            "role",
            "role_label",
            "status",
            "status_label",
            "created_at",
            "decided_at",
            "actions",
            "internal",
        ]
        read_only_fields = fields

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=AssignmentAction.choices))
    )
    def get_actions(self, assignment: Assignment) -> list[str]:
        """What you may do now: ``accept`` is ``POST /api/v1/assignments/{id}/accept/``."""
        user = self.context["request"].user
        allowed = []
        answering = expert_id(user) == assignment.expert_id or is_admin(user)
        if assignment.status == Assignment.Status.PROPOSED and answering:
            allowed += [AssignmentAction.ACCEPT.value, AssignmentAction.DECLINE.value]
        if assignment.status in Assignment.ACTIVE and can_assign(user, assignment.request):
            allowed.append(AssignmentAction.RELEASE.value)
            if assignment.request.status in ASSIGNABLE:
                allowed.append(AssignmentAction.HOURS.value)
        return allowed

    @extend_schema_field(AssignmentInternalSerializer(allow_null=True))
    def get_internal(self, assignment: Assignment) -> dict[str, Any] | None:
        internal = self.context.get("internal", False)
        if callable(internal):
            internal = internal(assignment)
        if not internal:
            return None
        reasons = assignment.match_reasons or []
        return AssignmentInternalSerializer(
            {
                "hours_budget": assignment.hours_budget,
                "period_start": assignment.period_start,
                "period_end": assignment.period_end,
                "hours_per_week": assignment.hours_per_week,
                "match_score": assignment.match_score,
                "match_reasons": reasons,
                "match_reason_texts": reason_texts(reasons, self.context),
                "decline_reason": assignment.decline_reason,
                "assigned_by": assignment.assigned_by,
            },
            context=self.context,
        ).data


class AssignInputSerializer(serializers.Serializer):
    expert = serializers.IntegerField(min_value=1, help_text=_("The expert's id."))
    role = serializers.ChoiceField(
        choices=Assignment.Role.choices,
        default=Assignment.Role.MEMBER,
        help_text=_("Member when left out; a request has at most one active lead expert."),
    )
    hours_budget = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text=_("Hours for this expert; the default budget when left out."),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Only visible to coordinators and experts."),
    )


class DeclineAssignmentSerializer(serializers.Serializer):
    reason = ServiceRequiredText(help_text=_("The coordinator reads why you decline."))


class ReleaseAssignmentSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Only visible to coordinators and experts."),
    )


class ChangeHoursSerializer(serializers.Serializer):
    hours_budget = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        help_text=_(
            "The new budget in hours, spread over the same period; more than 0, and within the "
            "expert's free hours in every week still to come."
        ),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Only visible to coordinators and experts."),
    )


class AssignmentConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.ChoiceField(choices=Assignment.Status.choices, allow_blank=True)


# --- the batch plan ----------------------------------------------------------------------------


class PlanPairSerializer(serializers.Serializer):
    request = serializers.IntegerField(min_value=1, help_text=_("The request's id."))
    expert = serializers.IntegerField(min_value=1, help_text=_("The expert's id."))


class PlanItemSerializer(serializers.Serializer):
    request = RequestSummarySerializer(read_only=True)
    expert = ExpertSummarySerializer(read_only=True, allow_null=True)
    score = serializers.FloatField(read_only=True, allow_null=True)
    reasons = MatchReasonSerializer(many=True, read_only=True)
    reason_texts = serializers.ListField(child=serializers.CharField(), read_only=True)
    unplanned_reason = serializers.CharField(
        read_only=True, help_text=_("Why no expert is proposed; empty when one is.")
    )
    hours_budget = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_("The budget applying the pair assigns (the default); null when unplanned."),
    )
    hours_per_week = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text=_("That budget spread over the request's period; null when unplanned."),
    )


class PlanSerializer(serializers.Serializer):
    items = PlanItemSerializer(many=True, read_only=True)
    total_score = serializers.FloatField(read_only=True)
    pairs = PlanPairSerializer(
        many=True, read_only=True, help_text=_("The proposed pairs: the body for …/plan/apply/.")
    )


MAX_PLAN_PAIRS = 1000


class PlanApplyInputSerializer(serializers.Serializer):
    pairs = PlanPairSerializer(many=True, allow_empty=False, max_length=MAX_PLAN_PAIRS)


class SkippedPairSerializer(serializers.Serializer):
    request = serializers.IntegerField(read_only=True)
    reference = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("Null for a request you do not coordinate, or that does not exist."),
    )
    expert = serializers.IntegerField(read_only=True)
    reason = serializers.CharField(read_only=True)


class PlanApplyResultSerializer(serializers.Serializer):
    assigned = AssignmentSerializer(many=True, read_only=True)
    skipped = SkippedPairSerializer(many=True, read_only=True)
