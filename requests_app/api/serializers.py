"""What the API shows and what it accepts.

Output serializers only present data; input serializers only parse it into the services'
arguments (``intake.RequestData``, notes, teams). No serializer writes a model: every change
goes through ``requests_app.services``.

Over 400 lines on purpose: every serializer of the request resource, which a test holds the
hand-built list rows to.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ApiToken, User
from core.api_schema import ServiceRequiredText
from experts.models import Team, Theme
from organisations.models import Organisation
from requests_app import deadlines, permissions, selectors
from requests_app.enums import TRANSITIONS, Action, DesiredResult, EscalationLevel, Status
from requests_app.models import AdviceRequest, Attachment, Event, InternalNote
from requests_app.services.intake import RequestData

# --- reference data ----------------------------------------------------------------------------


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


# --- small pieces shown inside a request -------------------------------------------------------


class OrganisationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "kind", "name", "cbs_code"]


class TeamSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "slug", "name", "name_en"]


class ThemeSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "name_en"]


def _person_name(user: User) -> str:
    return user.get_full_name() or user.email


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user: User) -> str:
        return _person_name(user)


class ContactSerializer(PersonSerializer):
    email = serializers.EmailField(read_only=True)


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "final_advice"]


class InternalNoteSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = InternalNote
        fields = ["id", "author", "text", "created_at"]


class InternalFieldsSerializer(serializers.Serializer):
    """Only for coordinators of the request, its assigned experts and admins."""

    escalation_level = serializers.ChoiceField(choices=EscalationLevel.choices, read_only=True)
    escalation_label = serializers.CharField(read_only=True)
    notes = InternalNoteSerializer(many=True, read_only=True)


class EventSerializer(serializers.ModelSerializer):
    actor = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "action",
            "from_status",
            "to_status",
            "note",
            "internal_note",
            "data",
            "internal",
            "actor",
            "created_at",
        ]


# --- requests: output ------------------------------------------------------------------------


class AdviceRequestListSerializer(serializers.ModelSerializer):
    """One row of a list. The list endpoint writes these rows with ``list_rows`` from
    ``selectors.list_rows``; this class documents them in the schema."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    lead_organisation = OrganisationSummarySerializer(read_only=True)
    team = TeamSummarySerializer(read_only=True, allow_null=True)
    themes = ThemeSummarySerializer(many=True, read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = AdviceRequest
        fields = [
            "id",
            "reference",
            "title",
            "status",
            "status_label",
            "lead_organisation",
            "team",
            "themes",
            "submitted_at",
            "triage_deadline",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


def list_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``AdviceRequestListSerializer`` rows from ``selectors.list_rows`` dicts.

    The same fields and formats as the serializer declares (the schema documents that one);
    built directly because a 50-row page through DRF's generic field walk and model instances
    costs several times the database work (bench_requests). The time zone and the status
    labels are looked up once per page, not once per value.
    """
    labels = {value: str(label) for value, label in Status.choices}
    zone = timezone.get_current_timezone()

    def moment(value: dt.datetime | None) -> str | None:
        # As DRF's DateTimeField writes it: ISO 8601 in the current zone, "Z" for UTC.
        if value is None:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return [
        {
            "id": row["id"],
            "reference": row["reference"],
            "title": row["title"],
            "status": row["status"],
            "status_label": labels.get(row["status"], row["status"]),
            "lead_organisation": {
                "id": row["lead_organisation__id"],
                "kind": row["lead_organisation__kind"],
                "name": row["lead_organisation__name"],
                "cbs_code": row["lead_organisation__cbs_code"],
            },
            "team": None
            if row["team__id"] is None
            else {
                "id": row["team__id"],
                "slug": row["team__slug"],
                "name": row["team__name"],
                "name_en": row["team__name_en"],
            },
            "themes": row["themes"],
            "submitted_at": moment(row["submitted_at"]),
            "triage_deadline": None
            if row["triage_deadline"] is None
            else row["triage_deadline"].isoformat(),
            "is_overdue": bool(row["is_overdue"]),
            "created_at": moment(row["created_at"]),
            "updated_at": moment(row["updated_at"]),
        }
        for row in rows
    ]


class AdviceRequestDetailSerializer(AdviceRequestListSerializer):
    """A whole request as its viewer may see it; ``internal`` is null for requesters."""

    partners = OrganisationSummarySerializer(many=True, read_only=True)
    contacts = ContactSerializer(many=True, read_only=True)
    created_by = PersonSerializer(read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    is_overdue = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_route = serializers.SerializerMethodField()
    internal = serializers.SerializerMethodField()

    class Meta(AdviceRequestListSerializer.Meta):
        fields = [
            *AdviceRequestListSerializer.Meta.fields,
            "question",
            "partners",
            "contacts",
            "created_by",
            "desired_results",
            "desired_results_other",
            "desired_start",
            "desired_end",
            "decided_at",
            "completed_at",
            "closed_at",
            "triage_days_left",
            "decision_note",
            "cofinancing_waived",
            "delivered_results",
            "attachments",
            "actions",
            "can_edit",
            "can_route",
            "internal",
        ]
        read_only_fields = fields

    @property
    def _user(self) -> User:
        return self.context["request"].user

    def get_is_overdue(self, request: AdviceRequest) -> bool:
        # The detail query has no list annotation; the same rule, asked in Python.
        return deadlines.is_overdue(request.status, request.triage_deadline, deadlines.today())

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=Action.choices))
    )
    def get_actions(self, request: AdviceRequest) -> list[str]:
        """The lifecycle moves you may make now: ``ask_info`` is ``POST …/{id}/ask-info/``."""
        return [
            action.value
            for action, rule in TRANSITIONS.items()
            if request.status in rule.sources
            and permissions.can_transition(self._user, request, action)
        ]

    def get_can_edit(self, request: AdviceRequest) -> bool:
        """You may change its text now (PUT/PATCH)."""
        return permissions.can_edit_request(self._user, request)

    def get_can_route(self, request: AdviceRequest) -> bool:
        """You may send it to a team (POST …/route/; 409 once triage is over)."""
        return permissions.can_route(self._user, request)

    @extend_schema_field(InternalFieldsSerializer(allow_null=True))
    def get_internal(self, request: AdviceRequest) -> dict[str, Any] | None:
        if not permissions.can_see_internal(self._user, request):
            return None
        return InternalFieldsSerializer(
            {
                "escalation_level": request.escalation_level,
                "escalation_label": request.get_escalation_level_display(),
                "notes": selectors.internal_notes(request),
            },
            context=self.context,
        ).data


# --- requests: input -------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]{1,18}")


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string", "maxLength": 100}]})
class SlugOrIdField(serializers.RelatedField):
    """An object named by its id or by its natural key (a slug, a CBS code)."""

    default_error_messages = {
        "does_not_exist": _("Unknown {kind}: {value}."),
        "incorrect_type": _("Give an id (a number) or a {natural_key} (text)."),
    }

    def __init__(self, *, slug_field: str, kind: str, known: bool = False, **kwargs: Any) -> None:
        self.slug_field = slug_field
        self.kind = kind
        # A short list (teams, themes): the schema names every slug (core.api_schema).
        self.schema_values = self._slugs if known else None
        super().__init__(**kwargs)

    def _slugs(self) -> list[str]:
        queryset: QuerySet = self.get_queryset()
        return list(queryset.order_by(self.slug_field).values_list(self.slug_field, flat=True))

    def to_internal_value(self, data: Any) -> Model:
        queryset: QuerySet = self.get_queryset()
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", natural_key=self.slug_field.replace("_", " "))
        text = str(data).strip()
        if isinstance(data, int) or _DIGITS.fullmatch(text):
            lookup = {"pk": int(text)}
        else:
            lookup = {f"{self.slug_field}__iexact": text[:100]}
        try:
            return queryset.get(**lookup)
        except queryset.model.DoesNotExist:
            self.fail("does_not_exist", kind=self.kind, value=text[:100])

    def to_representation(self, value: Model) -> str:
        return getattr(value, self.slug_field)


class ContactField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {
        # The same words as the service's: an unknown id and a stranger look alike.
        "does_not_exist": _("Contact persons must work for the lead organisation."),
    }


class AdviceRequestWriteSerializer(serializers.Serializer):
    """The text of a request. Teams and themes by slug or id, partners by id or CBS code,
    contact persons by user id. The status is not here: it changes only through the actions."""

    title = serializers.CharField(allow_blank=True, trim_whitespace=False)
    question = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    team = SlugOrIdField(
        queryset=Team.objects.all(),
        slug_field="slug",
        kind=_("team"),
        known=True,
        required=False,
        allow_null=True,
        help_text=_("Null when the requester is not sure which team fits."),
    )
    themes = SlugOrIdField(
        queryset=Theme.objects.all(),
        slug_field="slug",
        kind=_("theme"),
        known=True,
        many=True,
        required=False,
    )
    partners = SlugOrIdField(
        queryset=Organisation.objects.all(),
        slug_field="cbs_code",
        kind=_("organisation"),
        many=True,
        required=False,
    )
    desired_results = serializers.ListField(
        child=serializers.ChoiceField(choices=DesiredResult.choices), required=False
    )
    desired_results_other = serializers.CharField(required=False, allow_blank=True, max_length=200)
    desired_start = serializers.DateField(required=False, allow_null=True)
    desired_end = serializers.DateField(required=False, allow_null=True)
    contacts = ContactField(queryset=User.objects.filter(is_active=True), many=True, required=False)

    def request_data(self, current: AdviceRequest | None = None) -> RequestData:
        """The complete text for the service: given fields over ``current`` (PATCH) or over
        the empty defaults (POST, PUT)."""
        if current is None:
            data = RequestData(title="")
        else:
            data = RequestData(
                title=current.title,
                question=current.question,
                team=current.team,
                themes=list(current.themes.all()),
                partners=list(current.partners.all()),
                desired_results=list(current.desired_results),
                desired_results_other=current.desired_results_other,
                desired_start=current.desired_start,
                desired_end=current.desired_end,
                contacts=list(current.contacts.all()),
            )
        for name, value in self.validated_data.items():
            if name in {"themes", "partners", "contacts"}:
                value = list(dict.fromkeys(value))
            if name != "lead_organisation":
                setattr(data, name, value)
        return data


class AdviceRequestCreateSerializer(AdviceRequestWriteSerializer):
    lead_organisation = SlugOrIdField(
        queryset=Organisation.objects.all(),
        slug_field="cbs_code",
        kind=_("organisation"),
        help_text=_("Id or CBS code of an organisation you work for."),
    )


class TransitionSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Recorded on the timeline, which the requester reads."),
    )


class NoteRequiredTransitionSerializer(TransitionSerializer):
    """Documents the moves that cannot do without a reason, question or answer. The note is
    checked by the lifecycle service, which answers 400 ``{"note": [...]}`` without it."""

    note = serializers.CharField(
        help_text=_("The reason, question or answer; the requester reads it.")
    )


class CompleteSerializer(TransitionSerializer):
    delivered_results = serializers.ListField(
        child=serializers.ChoiceField(choices=DesiredResult.choices),
        required=False,
        default=list,
        help_text=_("At least one."),
    )
    final_advice = serializers.FileField(
        required=False,
        help_text=_(
            "Optional: the final advice as a PDF or Office document (send multipart/form-data); "
            "the requester downloads it from the request."
        ),
    )


class RouteSerializer(serializers.Serializer):
    team = SlugOrIdField(queryset=Team.objects.all(), slug_field="slug", kind=_("team"), known=True)
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Why this team. Only visible to coordinators and experts."),
    )


class InternalNoteInputSerializer(serializers.Serializer):
    text = ServiceRequiredText()


class ConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices, allow_blank=True)


# --- tokens ------------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )
    code = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text=_("The code from your authenticator app, if you set up two-factor sign-in."),
    )
    name = serializers.CharField(
        required=False,
        max_length=100,
        help_text=_("A name to recognise the token by in your list (“API token” if left out)."),
    )


class ApiTokenSerializer(serializers.ModelSerializer):
    expires_at = serializers.DateTimeField(
        read_only=True, help_text=_("When the token stops working if it is not used before.")
    )

    class Meta:
        model = ApiToken
        fields = ["id", "name", "created_at", "last_used_at", "expires_at"]
        extra_kwargs = {
            "last_used_at": {"help_text": _("Kept to the minute; empty while never used.")}
        }


class TokenSerializer(ApiTokenSerializer):
    token = serializers.CharField(
        read_only=True,
        help_text=_(
            "Shown only this once: only a hash of it is kept. Send it as "
            "“Authorization: Token <token>”."
        ),
    )

    class Meta(ApiTokenSerializer.Meta):
        fields = ["token", *ApiTokenSerializer.Meta.fields]
