"""The REST API (``/api/v1/``): advice requests and their lifecycle, plus reference data.

Reads go through ``requests_app.selectors``, writes through ``requests_app.services``, and every
decision about who may see or do what is asked of ``requests_app.permissions``: outsiders get
404, insiders without the right 403, a move the state does not allow 409.

Over 400 lines on purpose: the request resource with its transition actions is one viewset.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from accounts.roles import require
from core.api_errors import DomainErrorsMixin, StrictJSONParser
from core.api_ordering import OrderingFilter
from experts.models import Team, Theme
from organisations.models import Organisation
from requests_app import permissions, selectors
from requests_app.api import serializers as s
from requests_app.api.filters import (
    OnlyWhenAskedFilterBackend,
    OrganisationFilter,
    ThemeFilter,
    names_a_filter,
)
from requests_app.api.triage import RequestTriageActions
from requests_app.enums import Action
from requests_app.filters import AdviceRequestFilter
from requests_app.models import AdviceRequest
from requests_app.services import intake, lifecycle, triage
from requests_app.services import notes as note_service

# --- reference data ----------------------------------------------------------------------------

_SLUG = r"[-a-zA-Z0-9_]+"
_ID = r"[0-9]+"


class OrganisationViewSet(DomainErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """All organisations; municipalities carry their CBS code.

    ``?q=`` finds by part of the name or by a whole CBS code (``?q=GM0345``).
    """

    queryset = Organisation.objects.all()
    serializer_class = s.OrganisationSerializer
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_class = OrganisationFilter
    ordering_fields = ["name", "cbs_code"]
    ordering = ["name", "id"]
    lookup_value_regex = _ID


class TeamViewSet(DomainErrorsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Team.objects.order_by("name")
    serializer_class = s.TeamSerializer
    filter_backends: list[type] = []
    lookup_field = "slug"
    lookup_value_regex = _SLUG


class ThemeViewSet(DomainErrorsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Theme.objects.prefetch_related("teams").order_by("name")
    serializer_class = s.ThemeSerializer
    filter_backends = [DjangoFilterBackend, filters.SearchFilter]
    filterset_class = ThemeFilter
    search_fields = ["name", "name_en"]
    lookup_field = "slug"
    lookup_value_regex = _SLUG


# --- advice requests ---------------------------------------------------------------------------


class StableOrderingFilter(OrderingFilter):
    """Ordering with the id as tie-breaker, so pages never repeat or skip a request
    (many requests share a triage deadline, and drafts have none)."""

    def get_ordering(self, request: Request, queryset: Any, view: Any) -> list[str]:
        ordering = list(super().get_ordering(request, queryset, view) or [])
        if not any(field.lstrip("-") == "id" for field in ordering):
            ordering.append("-id")
        return ordering


# 400, 401, 403 and 404 are added to every operation by core.api_schema; only the services
# know which moves can conflict with the request's state.
_CONFLICT = {
    409: OpenApiResponse(
        s.ConflictSerializer, description="The request's current status does not allow this."
    ),
}


def _transition_schema(
    summary: str, body: type[BaseSerializer] = s.TransitionSerializer
) -> dict[str, Any]:
    return {
        "summary": summary,
        "request": body,
        "responses": {200: s.AdviceRequestDetailSerializer, **_CONFLICT},
    }


@extend_schema_view(
    list=extend_schema(
        summary="Requests you may see",
        responses={200: s.AdviceRequestListSerializer(many=True)},
    ),
    retrieve=extend_schema(summary="One request", responses={200: s.AdviceRequestDetailSerializer}),
    create=extend_schema(
        summary="Start a draft for an organisation you work for",
        request=s.AdviceRequestCreateSerializer,
        responses={201: s.AdviceRequestDetailSerializer},
    ),
    update=extend_schema(
        summary="Replace the text of a draft (or of a request that needs information)",
        request=s.AdviceRequestWriteSerializer,
        responses={200: s.AdviceRequestDetailSerializer, **_CONFLICT},
    ),
    partial_update=extend_schema(
        summary="Change part of the text of a draft (or of a request that needs information)",
        request=s.AdviceRequestWriteSerializer,
        responses={200: s.AdviceRequestDetailSerializer, **_CONFLICT},
    ),
)
class AdviceRequestViewSet(
    DomainErrorsMixin,
    RequestTriageActions,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Advice requests. The status changes only through the action endpoints
    (``POST /api/v1/requests/{id}/accept/`` …), never through PUT or PATCH.

    PUT and PATCH change the text of a draft, or of a request whose requester was asked for
    information: 403 for who never edits it (only the lead organisation's requesters do), 409
    for them while its status allows no edits (``permissions.check_edit_request``; the edit
    page answers the same).

    Triage: ``…/{id}/suggestions/`` ranks experts, ``…/{id}/assignments/`` lists and proposes
    them (``requests_app.api.triage``).
    """

    serializer_class = s.AdviceRequestListSerializer
    parser_classes: list[type[BaseParser]] = [StrictJSONParser]
    filter_backends = [OnlyWhenAskedFilterBackend, StableOrderingFilter]
    filterset_class = AdviceRequestFilter
    ordering_fields = ["submitted_at", "triage_deadline", "reference"]
    ordering = ["-created_at"]
    lookup_value_regex = _ID
    queryset = AdviceRequest.objects.none()  # for the schema; get_queryset decides

    def current_status(self) -> str:
        """The request's status, for the body of a 409 (``core.api_errors``)."""
        pk = self.kwargs.get("pk")
        if pk is None or not str(pk).isdigit():
            return ""
        return AdviceRequest.objects.filter(pk=pk).values_list("status", flat=True).first() or ""

    def get_queryset(self) -> Any:
        # Plain: the list reads flat rows (selectors.list_rows), the rest reads one request.
        return selectors.visible_requests(self.request.user)

    def get_serializer_class(self) -> type[BaseSerializer]:
        if self.action == "list":
            return s.AdviceRequestListSerializer
        return s.AdviceRequestDetailSerializer

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The requests you may see, 50 a page; rows as ``AdviceRequestListSerializer``."""
        queryset = self.filter_queryset(self.get_queryset())
        # The whole list someone may see has a count that is kept between calls.
        whole = not names_a_filter(request, AdviceRequestFilter)
        page = self.paginate_queryset(
            selectors.list_rows(queryset, viewer=request.user if whole else None)
        )
        return self.get_paginated_response(s.list_rows(page))

    def get_object(self) -> AdviceRequest:
        # 404 for what you may not see, with no hint that it exists.
        return permissions.get_visible_request_or_404(self.request.user, int(self.kwargs["pk"]))

    def _detail(self, request_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
        advice_request = selectors.request_detail(request_id)
        serializer = s.AdviceRequestDetailSerializer(
            advice_request, context=self.get_serializer_context()
        )
        return Response(serializer.data, status=status_code)

    def _refuse_status(self, request: Request) -> None:
        if isinstance(request.data, dict) and "status" in request.data:
            raise ValidationError(
                {
                    "status": [
                        _(
                            "The status cannot be written; it changes through the actions, "
                            "e.g. POST /api/v1/requests/{id}/submit/."
                        )
                    ]
                }
            )

    # --- create and edit ----------------------------------------------------------------

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self._refuse_status(request)
        serializer = s.AdviceRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        draft = intake.create_draft(
            actor=request.user,
            lead_organisation=serializer.validated_data["lead_organisation"],
            data=serializer.request_data(),
        )
        return self._detail(draft.pk, status_code=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        advice_request = self.get_object()
        # 403 for who never edits it, 409 for its editors while the status does not allow it:
        # the edit page answers the same.
        permissions.check_edit_request(request.user, advice_request)
        self._refuse_status(request)
        if isinstance(request.data, dict) and "lead_organisation" in request.data:
            raise ValidationError(
                {"lead_organisation": [_("The lead organisation of a request cannot change.")]}
            )
        serializer = s.AdviceRequestWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            intake.update_request(
                actor=request.user,
                request_id=advice_request.pk,
                data=serializer.request_data(advice_request if partial else None),
            )
        except PermissionDenied:
            # Submitted (or answered) by someone else a moment ago: say so, not "forbidden".
            permissions.check_edit_request(
                request.user, AdviceRequest.objects.get(pk=advice_request.pk)
            )
            raise
        return self._detail(advice_request.pk)

    # --- lifecycle ------------------------------------------------------------------------

    def _transition(
        self,
        request: Request,
        action_name: Action,
        body: type[BaseSerializer] = s.TransitionSerializer,
    ) -> Response:
        advice_request = self.get_object()
        serializer = body(data=request.data)
        serializer.is_valid(raise_exception=True)
        lifecycle.transition(
            actor=request.user,
            request_id=advice_request.pk,
            action=action_name,
            note=serializer.validated_data.get("note", ""),
            delivered_results=serializer.validated_data.get("delivered_results"),
            final_advice=serializer.validated_data.get("final_advice"),
        )
        return self._detail(advice_request.pk)

    @extend_schema(**_transition_schema("Submit a draft (requester)"))
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.SUBMIT)

    @extend_schema(**_transition_schema("Accept a submitted request (coordinator)"))
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.ACCEPT)

    @extend_schema(
        **_transition_schema(
            "Decline with a reason (coordinator)", s.NoteRequiredTransitionSerializer
        )
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.DECLINE)

    @extend_schema(
        **_transition_schema(
            "Ask the requester for information (coordinator); the triage clock stops",
            s.NoteRequiredTransitionSerializer,
        )
    )
    @action(detail=True, methods=["post"], url_path="ask-info")
    def ask_info(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.ASK_INFO)

    @extend_schema(
        **_transition_schema(
            "Answer the coordinator's question (requester); the clock resumes",
            s.NoteRequiredTransitionSerializer,
        )
    )
    @action(detail=True, methods=["post"], url_path="provide-info")
    def provide_info(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.PROVIDE_INFO)

    @extend_schema(**_transition_schema("Withdraw the request (requester)"))
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.WITHDRAW)

    @extend_schema(**_transition_schema("Start the work (coordinator)"))
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.START)

    @extend_schema(
        **_transition_schema(
            "Complete with the delivered results (coordinator)", s.CompleteSerializer
        )
    )
    # Multipart too: the final advice may come along as a file.
    @action(detail=True, methods=["post"], parser_classes=[StrictJSONParser, MultiPartParser])
    def complete(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.COMPLETE, s.CompleteSerializer)

    @extend_schema(**_transition_schema("Close a completed request (coordinator)"))
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        return self._transition(request, Action.CLOSE)

    @extend_schema(**_transition_schema("Send to a team, or re-route", s.RouteSerializer))
    @action(detail=True, methods=["post"])
    def route(self, request: Request, pk: str) -> Response:
        advice_request = self.get_object()
        serializer = s.RouteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        triage.route_request(
            actor=request.user,
            request_id=advice_request.pk,
            team=serializer.validated_data["team"],
            note=serializer.validated_data["note"],
        )
        return self._detail(advice_request.pk)

    # --- timeline and internal notes ------------------------------------------------------

    @extend_schema(
        summary="The timeline (requesters do not see internal events)",
        responses={200: s.EventSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request: Request, pk: str) -> Response:
        advice_request = self.get_object()
        events = selectors.timeline(advice_request, request.user)
        return Response(s.EventSerializer(events, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="Internal notes (coordinators, assigned experts)",
        responses={200: s.InternalNoteSerializer(many=True)},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Add an internal note (coordinators, assigned experts)",
        request=s.InternalNoteInputSerializer,
        responses={201: s.InternalNoteSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def notes(self, request: Request, pk: str) -> Response:
        advice_request = self.get_object()
        if request.method == "GET":
            require(permissions.can_see_internal(request.user, advice_request))
            return Response(
                s.InternalNoteSerializer(selectors.internal_notes(advice_request), many=True).data
            )
        serializer = s.InternalNoteInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        note = note_service.add_internal_note(
            actor=request.user,
            request_id=advice_request.pk,
            text=serializer.validated_data["text"],
        )
        return Response(s.InternalNoteSerializer(note).data, status=status.HTTP_201_CREATED)
