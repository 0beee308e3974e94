"""Meetings in the API (``/api/v1/meetings/``, ``/api/v1/feeds/``): the same services and rules as
the pages. Requesters see their own organisation's meetings, experts their own, coordinators
their teams'; only the request's coordinators (and admins) plan, move, invite and cancel.

Over 400 lines on purpose: the meeting and feed-address resources with the serializers only they
use.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.roles import require
from core.api_errors import DomainErrorsMixin, StrictJSONParser
from experts.models import Expert, Team
from meetings import selectors, services
from meetings.models import Attendee, FeedToken, Meeting
from meetings.permissions import can_change_meeting, can_plan_meetings
from requests_app.api import serializers as s
from requests_app.models import AdviceRequest
from requests_app.permissions import get_visible_request_or_404

# 400, 401, 403 and 404 (for one meeting) are added to every operation by core.api_schema.
_CONFLICT = {
    409: OpenApiResponse(
        s.ConflictSerializer, description="The meeting's current state does not allow this."
    ),
}
_NO_REQUEST = {404: OpenApiResponse(description="No such request, or not one you may see.")}


class AttendeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendee
        fields = [
            "id",
            "email",
            "name",
            "kind",
            "required",
            "by_mail",
            "answer",
            "answered_at",
            "answered_via",
            "removed_at",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    attendees = AttendeeSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "request",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "uid",
            "sequence",
            "status",
            "cancelled_at",
            "attendees",
        ]


class MeetingListQuerySerializer(serializers.Serializer):
    request = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, required=False, help_text="Only this request's meetings."
    )


class InviteeSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    expert = serializers.IntegerField(min_value=1, required=False, help_text="An expert's id.")
    required = serializers.BooleanField(default=False)

    def validate(self, attrs: dict) -> dict:
        if not attrs.get("email") and not attrs.get("expert"):
            raise serializers.ValidationError("Give an e-mail address or an expert's id.")
        return attrs


class MeetingPlanSerializer(serializers.Serializer):
    request = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Meeting.Kind.choices, default=Meeting.Kind.INTAKE)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    online_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    attendees = InviteeSerializer(many=True, min_length=1, max_length=100)


class MoveSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    online_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class AnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=["ACCEPTED", "TENTATIVE", "DECLINED"])


class SlotQuerySerializer(serializers.Serializer):
    request = serializers.IntegerField(min_value=1)
    attendees = InviteeSerializer(many=True, min_length=1, max_length=50)
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    duration_minutes = serializers.IntegerField(min_value=15, max_value=480)
    buffer_minutes = serializers.IntegerField(min_value=0, max_value=120, default=15)


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    busy_optional = serializers.ListField(child=serializers.CharField())


class SlotAdviceSerializer(serializers.Serializer):
    slots = SlotSerializer(many=True)
    reasons = serializers.ListField(child=serializers.CharField())
    calendar_problems = serializers.ListField(child=serializers.CharField())


def _experts(items: list[dict]) -> dict[int, Expert]:
    ids = [item["expert"] for item in items if item.get("expert")]
    return {e.pk: e for e in Expert.objects.select_related("user").filter(pk__in=ids)}


def _invitees(items: list[dict]) -> list[services.Invitee]:
    experts = _experts(items)
    invitees = []
    for item in items:
        if item.get("expert"):
            expert = experts.get(item["expert"])
            if expert is None:
                raise serializers.ValidationError({"attendees": ["No such expert."]})
            invitees.append(services.invitee_for_expert(expert, required=True))
        else:
            invitees.append(
                services.Invitee(
                    email=item["email"], name=item.get("name", ""), required=item["required"]
                )
            )
    return invitees


class MeetingViewSet(
    DomainErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = MeetingSerializer
    parser_classes = [StrictJSONParser]
    lookup_value_regex = r"[0-9]+"
    queryset = Meeting.objects.none()  # for the schema; get_queryset decides

    def get_queryset(self) -> QuerySet[Meeting]:
        meetings = selectors.visible_meetings(self.request.user)
        return (
            Meeting.objects.filter(pk__in=meetings.values("pk"))
            .prefetch_related(Prefetch("attendees", queryset=Attendee.objects.order_by("pk")))
            .order_by("starts_at", "pk")
        )

    def _changeable(self, pk: str) -> Meeting:
        meeting = self.get_queryset().filter(pk=int(pk)).select_related("request").first()
        if meeting is None:
            raise Http404
        require(can_change_meeting(self.request.user, meeting))
        return meeting

    def _fresh(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        return Response(MeetingSerializer(self.get_queryset().get(pk=pk)).data, status=code)

    @extend_schema(
        summary="Meetings you may see",
        parameters=[MeetingListQuerySerializer],
        responses={200: MeetingSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = MeetingListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        meetings = self.filter_queryset(self.get_queryset())
        if "request" in query.validated_data:
            meetings = meetings.filter(request_id=query.validated_data["request"])
        page = self.paginate_queryset(meetings)
        return self.get_paginated_response(MeetingSerializer(page, many=True).data)

    @extend_schema(
        summary="One meeting with its attendees and their answers",
        responses={200: MeetingSerializer},
    )
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="Plan a meeting and send the invitations (coordinators of the request)",
        request=MeetingPlanSerializer,
        responses={201: MeetingSerializer, **_NO_REQUEST, **_CONFLICT},
    )
    def create(self, request: Request) -> Response:
        data = MeetingPlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        advice_request = get_visible_request_or_404(request.user, values["request"])
        meeting = services.schedule_meeting(
            actor=request.user,
            request_id=advice_request.pk,
            title=values["title"],
            kind=values["kind"],
            start=values["start"],
            end=values["end"],
            location=values["location"],
            online_url=values["online_url"],
            invitees=_invitees(values["attendees"]),
        )
        return self._fresh(meeting.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move the meeting or change its place (everyone gets the update)",
        request=MoveSerializer,
        responses={200: MeetingSerializer, **_CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        meeting = self._changeable(pk)
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.change_meeting(actor=request.user, meeting_id=meeting.pk, **data.validated_data)
        return self._fresh(meeting.pk)

    @extend_schema(
        summary="Cancel the meeting (everyone gets a cancellation)",
        request=CancelSerializer,
        responses={200: MeetingSerializer, **_CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        meeting = self._changeable(pk)
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.cancel_meeting(actor=request.user, meeting_id=meeting.pk, **data.validated_data)
        return self._fresh(meeting.pk)

    @extend_schema(
        summary="Invite one more person",
        request=InviteeSerializer,
        responses={201: MeetingSerializer, **_CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def attendees(self, request: Request, pk: str) -> Response:
        meeting = self._changeable(pk)
        data = InviteeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        (invitee,) = _invitees([data.validated_data])
        services.add_attendee(actor=request.user, meeting_id=meeting.pk, invitee=invitee)
        return self._fresh(meeting.pk, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Take a person off the meeting (they get a cancellation)",
        request=None,
        responses={200: MeetingSerializer, **_CONFLICT},
    )
    @action(detail=True, methods=["post"], url_path=r"attendees/(?P<attendee_id>[0-9]+)/remove")
    def remove_attendee(self, request: Request, pk: str, attendee_id: str) -> Response:
        meeting = self._changeable(pk)
        services.remove_attendee(
            actor=request.user, meeting_id=meeting.pk, attendee_id=int(attendee_id)
        )
        return self._fresh(meeting.pk)

    @extend_schema(
        summary="Your own answer to an invitation",
        request=AnswerSerializer,
        responses={200: MeetingSerializer, **_CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        meeting = self.get_queryset().filter(pk=int(pk)).first()
        if meeting is None:
            raise Http404
        attendee = next(
            (a for a in meeting.attendees.all() if a.user_id == request.user.pk and a.active), None
        )
        if attendee is None:
            raise Http404
        data = AnswerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.record_answer(
            attendee_id=attendee.pk,
            answer=data.validated_data["answer"],
            via=Attendee.Via.LINK,
            sequence=meeting.sequence,
        )
        return self._fresh(meeting.pk)

    @extend_schema(
        summary="Free times for a meeting of a request (coordinators of the request)",
        request=SlotQuerySerializer,
        responses={200: SlotAdviceSerializer, **_NO_REQUEST},
    )
    @action(detail=False, methods=["post"])
    def slots(self, request: Request) -> Response:
        data = SlotQuerySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        advice_request = get_visible_request_or_404(request.user, values["request"])
        require(can_plan_meetings(request.user, advice_request))
        experts = _experts(values["attendees"])
        people = []
        for item in values["attendees"]:
            expert = experts.get(item.get("expert") or 0)
            if item.get("expert") and expert is None:
                raise serializers.ValidationError({"attendees": ["No such expert."]})
            people.append(
                selectors.SlotPerson(
                    email=(expert.user.email if expert else item["email"]).lower(),
                    name=str(expert) if expert else (item.get("name") or item["email"]),
                    required=True if expert else item["required"],
                    expert_id=expert.pk if expert else None,
                )
            )
        advice = services.suggest_slots(
            actor=request.user,
            request_id=advice_request.pk,
            people=people,
            first_day=values["first_day"],
            last_day=values["last_day"],
            duration=dt.timedelta(minutes=values["duration_minutes"]),
            buffer=dt.timedelta(minutes=values["buffer_minutes"]),
        )
        return Response(SlotAdviceSerializer(advice).data)


class FeedSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedToken
        fields = ["id", "scope", "expert", "request", "team", "include_absences", "created_at"]


class NewFeedInputSerializer(serializers.Serializer):
    scope = serializers.ChoiceField(choices=FeedToken.Scope.choices)
    request = serializers.IntegerField(min_value=1, required=False)
    team = serializers.IntegerField(min_value=1, required=False)
    include_absences = serializers.BooleanField(default=False)


class NewFeedSerializer(FeedSerializer):
    https = serializers.CharField(help_text="Shown once: only a hash of the token is kept.")
    webcal = serializers.CharField()

    class Meta(FeedSerializer.Meta):
        fields = [*FeedSerializer.Meta.fields, "https", "webcal"]


class FeedViewSet(
    DomainErrorsMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Your own calendar feed addresses: list, make (the address is shown once), revoke."""

    serializer_class = FeedSerializer
    parser_classes = [StrictJSONParser]
    lookup_value_regex = r"[0-9]+"
    queryset = FeedToken.objects.none()

    def get_queryset(self) -> QuerySet[FeedToken]:
        return FeedToken.objects.filter(owner=self.request.user, revoked_at=None).order_by("pk")

    @extend_schema(summary="Your feed addresses (without the address itself)")
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="Make a feed address (replaces your earlier one for the same calendar)",
        request=NewFeedInputSerializer,
        responses={
            201: NewFeedSerializer,
            404: OpenApiResponse(
                description="No such request or team, or you have no active expert profile."
            ),
        },
    )
    def create(self, request: Request) -> Response:
        data = NewFeedInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        subject: dict = {}
        if values["scope"] == FeedToken.Scope.EXPERT:
            subject = {
                "expert": Expert.objects.filter(user=request.user, active=True).first(),
                "include_absences": values["include_absences"],
            }
        elif values["scope"] == FeedToken.Scope.REQUEST:
            subject = {
                "request": AdviceRequest.objects.filter(pk=values.get("request") or 0).first()
            }
        else:
            subject = {"team": Team.objects.filter(pk=values.get("team") or 0).first()}
        if any(value is None for value in subject.values()):
            raise Http404
        new = services.create_feed(actor=request.user, **subject)
        https = request.build_absolute_uri(reverse("meetings:feed", args=[new.secret]))
        body = {**FeedSerializer(new.token).data, "https": https}
        body["webcal"] = "webcal://" + https.split("://", 1)[1]
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Revoke a feed address (it answers 404 from then on)",
        responses={
            204: None,
            409: OpenApiResponse(
                s.ConflictSerializer, description="The address was revoked a moment ago."
            ),
        },
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        token = self.get_object()
        services.revoke_feed(actor=request.user, token_id=token.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
