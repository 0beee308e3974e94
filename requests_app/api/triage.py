"""The triage part of the API: ranked suggestions, assignments and the batch plan.

Who may do what is asked of ``requests_app.permissions`` exactly as the pages do:

- suggestions: coordinators of the request and admins; anyone else who can see the request
  (its requesters, its assigned experts) gets 403, everybody else 404;
- a request's assignments: everyone who can see the request. Those who may see its internals
  (coordinators, assigned experts, admins) get every assignment with its hours and match;
  requesters get only the accepted ones, with ``internal`` null — match scores and capacity
  are not for requesters (DESIGN §9);
- assigning, releasing and changing hours: coordinators of the request and admins;
  accepting and declining: the assigned expert (and admins);
- the batch plan: coordinators (over the requests of their teams, and undecided ones) and
  admins (over all).

Every change goes through ``requests_app.services``: a refusal of the state is 409
``{"detail", "status"}`` (the request's status on request URLs, the assignment's on
assignment URLs), a field error 400.

Over 400 lines on purpose: suggestions, assignments and the batch plan share their error schema
and serializers.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.roles import is_admin, require
from core.api_errors import DomainErrorsMixin, StrictJSONParser
from core.exceptions import Conflict
from experts import permissions as expert_permissions
from requests_app import matching, permissions, planning
from requests_app.api import serializers as s
from requests_app.api import serializers_triage as ts
from requests_app.api.filters import AssignmentFilter
from requests_app.enums import SUGGESTIBLE
from requests_app.models import Assignment
from requests_app.services import assignments as assignment_service
from requests_app.services.planning import apply_plan

# Suggestions help while triaging too; once a request is finished nobody can join it.
ID_MAX = 2**63 - 1  # the largest id a database column holds: larger numbers are unknown ids

# 400, 401, 403 and 404 are added to every operation by core.api_schema.
_CONFLICT = {
    409: OpenApiResponse(
        s.ConflictSerializer, description="The request's current state does not allow this."
    ),
}
_ASSIGNMENT_CONFLICT = OpenApiResponse(
    ts.AssignmentConflictSerializer,
    description="The assignment's current status does not allow this; the answer names it.",
)


def assignments_with_joins() -> QuerySet[Assignment]:
    """Assignments with everything ``AssignmentSerializer`` shows, in one query."""
    return Assignment.objects.select_related(
        "request__lead_organisation", "expert__user", "assigned_by"
    )


# --- /api/v1/requests/{id}/suggestions/ and /assignments/ ------------------------------------


class RequestTriageActions:
    """Actions on one advice request, mixed into ``AdviceRequestViewSet`` (which provides
    ``get_object``: 404 for requests you may not see)."""

    @extend_schema(
        summary="Ranked expert suggestions (coordinators of the request, admins)",
        description=(
            "Best first, ties by expert id. Only experts who pass the hard filters (active, in "
            "the team or called for by a theme, no conflict of interest, not absent for most "
            "of the period, capacity left, at least one theme covered); experts already on "
            "the request are left out. Each reason comes as data and in plain words."
        ),
        parameters=[ts.SuggestionQuerySerializer],
        responses={200: ts.SuggestionSerializer(many=True), **_CONFLICT},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def suggestions(self, request: Request, pk: str) -> Response:
        advice_request = self.get_object()
        require(permissions.can_assign(request.user, advice_request))
        query = ts.SuggestionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        if advice_request.status not in SUGGESTIBLE:
            raise Conflict(
                _("A request that is “%(status)s” takes no more experts.")
                % {"status": advice_request.get_status_display()}
            )
        suggestions = matching.suggest(advice_request, limit=query.validated_data["limit"])
        prefetch_related_objects([item.expert for item in suggestions], "teams")
        return Response(ts.SuggestionSerializer(suggestions, many=True).data)

    @extend_schema(
        methods=["GET"],
        summary="The experts on a request",
        description=(
            "Coordinators of the request, its assigned experts and admins: every assignment "
            "(also declined and released ones) with its hours and match in ``internal``. "
            "Requesters: the accepted assignments only, with ``internal`` null."
        ),
        responses={200: ts.AssignmentSerializer(many=True)},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Propose an expert (coordinators of the request, admins)",
        description=(
            "Never overbooks: 409 when the budget does not fit the expert's free hours in "
            "some week of the request's period, for a second lead, an expert already on the "
            "request, an inactive or conflicted expert, or a request that is not accepted. "
            "The expert gets a mail to accept or decline."
        ),
        request=ts.AssignInputSerializer,
        responses={201: ts.AssignmentSerializer, **_CONFLICT},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def assignments(self, request: Request, pk: str) -> Response:
        advice_request = self.get_object()
        user = request.user
        context = self.get_serializer_context()
        if request.method == "GET":
            internal = permissions.can_see_internal(user, advice_request)
            items = assignments_with_joins().filter(request=advice_request)
            if not internal:
                items = items.filter(status=Assignment.Status.ACCEPTED)
            return Response(
                ts.AssignmentSerializer(
                    items.order_by("created_at", "id"),
                    many=True,
                    context={**context, "internal": internal},
                ).data
            )
        # Who may not assign hears so before any word about their input.
        require(permissions.can_assign(user, advice_request))
        serializer = ts.AssignInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assignment = assignment_service.assign_expert(
            actor=user,
            request_id=advice_request.pk,
            expert_id=data["expert"],
            role=data["role"],
            hours_budget=data.get("hours_budget"),
            note=data["note"],
        )
        return Response(
            ts.AssignmentSerializer(
                assignments_with_joins().get(pk=assignment.pk),
                context={**context, "internal": True},
            ).data,
            status=status.HTTP_201_CREATED,
        )


# --- /api/v1/assignments/ ------------------------------------------------------------------------


def visible_assignment_or_404(user: User, pk: int) -> tuple[Assignment, bool]:
    """The assignment and whether ``user`` sees its internals; 404 when they may not see it.

    One's own assignments are always visible, in full. Otherwise the request decides: who may
    not see it gets 404, who may see its internals sees every assignment in full, and
    requesters see the accepted ones without internals.
    """
    assignment = assignments_with_joins().filter(pk=pk).first()
    if assignment is None:
        raise Http404
    if expert_permissions.expert_id(user) == assignment.expert_id:
        return assignment, True
    advice_request = permissions.get_visible_request_or_404(user, assignment.request_id)
    internal = permissions.can_see_internal(user, advice_request)
    if not internal and assignment.status != Assignment.Status.ACCEPTED:
        raise Http404
    return assignment, internal


def _assignment_action_schema(summary: str, body: type | None, description: str) -> dict:
    return {
        "summary": summary,
        "description": description,
        "request": body,
        "responses": {200: ts.AssignmentSerializer, 409: _ASSIGNMENT_CONFLICT},
    }


class AssignmentViewSet(
    DomainErrorsMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Assignments: the signed-in expert's own list, and the answers to one assignment.

    ``GET /api/v1/assignments/`` lists your own assignments as an expert (403 for people
    without an expert profile), newest first; ``?status=proposed`` shows the ones waiting for
    your answer. A request's assignments are at ``/api/v1/requests/{id}/assignments/``.
    """

    serializer_class = ts.AssignmentSerializer
    parser_classes = [StrictJSONParser]
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssignmentFilter
    lookup_value_regex = r"[0-9]+"
    queryset = Assignment.objects.none()  # for the schema; get_queryset decides

    def current_status(self) -> str:
        """The assignment's status, for the body of a 409 (``core.api_errors``)."""
        pk = self.kwargs.get("pk")
        if pk is None or int(pk) > ID_MAX:
            return ""
        return Assignment.objects.filter(pk=int(pk)).values_list("status", flat=True).first() or ""

    def get_queryset(self) -> QuerySet[Assignment]:
        expert = expert_permissions.expert_id(self.request.user)
        if expert is None:
            return Assignment.objects.none()
        return assignments_with_joins().filter(expert_id=expert).order_by("-created_at", "-id")

    def get_serializer_context(self) -> dict[str, Any]:
        # The list holds one's own assignments only: all of them in full.
        return {**super().get_serializer_context(), "internal": True}

    def _visible(self, pk: str) -> tuple[Assignment, bool]:
        return visible_assignment_or_404(self.request.user, int(pk))

    def _answer(self, assignment_id: int, internal: bool) -> Response:
        fresh = assignments_with_joins().get(pk=assignment_id)
        context = {**super().get_serializer_context(), "internal": internal}
        return Response(ts.AssignmentSerializer(fresh, context=context).data)

    @extend_schema(
        summary="Your own assignments as an expert",
        responses={200: ts.AssignmentSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if expert_permissions.expert_id(request.user) is None:
            raise ApiPermissionDenied(_("Only experts have assignments of their own."))
        return super().list(request, *args, **kwargs)

    @extend_schema(
        summary="One assignment",
        description=(
            "Your own, or one on a request you may see: requesters see accepted ones only, "
            "without ``internal``."
        ),
        responses={200: ts.AssignmentSerializer},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        assignment, internal = self._visible(pk)
        return self._answer(assignment.pk, internal)

    def _require_answering(self, assignment: Assignment) -> None:
        # The service's rule (the assigned expert, or an admin), asked first so that someone
        # who may not answer hears so before any word about their input.
        user = self.request.user
        require(expert_permissions.expert_id(user) == assignment.expert_id or is_admin(user))

    @extend_schema(
        **_assignment_action_schema(
            "Accept a proposed assignment (the assigned expert)",
            None,
            "409 when it was already answered or released.",
        )
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        assignment, internal = self._visible(pk)
        self._require_answering(assignment)
        assignment_service.accept_assignment(actor=request.user, assignment_id=assignment.pk)
        return self._answer(assignment.pk, internal)

    @extend_schema(
        **_assignment_action_schema(
            "Decline a proposed assignment with a reason (the assigned expert)",
            ts.DeclineAssignmentSerializer,
            "The hours are free again at once. 400 without a reason; 409 when it was already "
            "answered or released.",
        )
    )
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: str) -> Response:
        assignment, internal = self._visible(pk)
        self._require_answering(assignment)
        serializer = ts.DeclineAssignmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment_service.decline_assignment(
            actor=request.user,
            assignment_id=assignment.pk,
            reason=serializer.validated_data["reason"],
        )
        return self._answer(assignment.pk, internal)

    @extend_schema(
        **_assignment_action_schema(
            "Release an expert from a request (coordinators of the request, admins)",
            ts.ReleaseAssignmentSerializer,
            "The hours are free again at once. 409 unless it is proposed or accepted.",
        )
    )
    @action(detail=True, methods=["post"])
    def release(self, request: Request, pk: str) -> Response:
        assignment, internal = self._visible(pk)
        require(permissions.can_assign(request.user, assignment.request))
        serializer = ts.ReleaseAssignmentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment_service.release_assignment(
            actor=request.user,
            assignment_id=assignment.pk,
            note=serializer.validated_data["note"],
        )
        return self._answer(assignment.pk, internal)

    @extend_schema(
        **_assignment_action_schema(
            "Change the hour budget of a proposed or accepted assignment (coordinators of the "
            "request, admins)",
            ts.ChangeHoursSerializer,
            "The same period, the new budget spread over it; checked against the expert's "
            "capacity exactly as assigning is (the page's “Change hours” does the same). 400 "
            "for a budget of 0 or less; 409 when it does not fit in a week still to come (the "
            "answer names the free hours), when the assignment was declined or released, or "
            "when the request no longer takes experts. The expert is mailed the new budget.",
        )
    )
    @action(detail=True, methods=["post"])
    def hours(self, request: Request, pk: str) -> Response:
        assignment, internal = self._visible(pk)
        require(permissions.can_assign(request.user, assignment.request))
        serializer = ts.ChangeHoursSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment_service.change_assignment_hours(
            actor=request.user,
            assignment_id=assignment.pk,
            hours_budget=serializer.validated_data["hours_budget"],
            note=serializer.validated_data["note"],
        )
        return self._answer(assignment.pk, internal)


# --- /api/v1/plan/ -------------------------------------------------------------------------------


def _require_planner(user: User) -> None:
    require(permissions.can_plan(user))


class PlanComputeView(DomainErrorsMixin, APIView):
    parser_classes = [StrictJSONParser]

    @extend_schema(
        summary="Propose a batch plan (coordinators, admins)",
        description=(
            "A lead expert for every accepted request without experts that you coordinate, "
            "chosen together so that the total score is the highest possible under capacity "
            "and conflict constraints. Writes nothing: review it, then POST the pairs you "
            "want to /api/v1/plan/apply/. Requests that stay open say why."
        ),
        request=None,
        responses={200: ts.PlanSerializer},
    )
    def post(self, request: Request) -> Response:
        _require_planner(request.user)
        plan = planning.compute_plan(planning.plannable_requests(request.user))
        context: dict[str, Any] = {"request": request}
        items = [
            {
                "request": item.request,
                "expert": item.expert,
                "score": item.score,
                "reasons": item.reasons,
                "reason_texts": ts.reason_texts(item.reasons, context),
                "unplanned_reason": item.unplanned_reason,
                "hours_budget": item.hours_budget,
                "hours_per_week": item.hours_per_week,
            }
            for item in plan.items
        ]
        pairs = [{"request": item.request.pk, "expert": item.expert.pk} for item in plan.planned]
        return Response(
            ts.PlanSerializer(
                {"items": items, "total_score": plan.total_score, "pairs": pairs}, context=context
            ).data
        )


class PlanApplyView(DomainErrorsMixin, APIView):
    parser_classes = [StrictJSONParser]

    @extend_schema(
        summary="Apply (part of) a batch plan (coordinators, admins)",
        description=(
            "Each pair assigns the expert as lead with the default budget, through the same "
            "checks as a single assignment: a pair that no longer fits (capacity taken, a "
            "lead already chosen, a request you do not coordinate, an unknown id) is skipped "
            "with the reason, the others are assigned. Applying the same pairs twice assigns "
            "nothing twice. Repeated pairs count once."
        ),
        request=ts.PlanApplyInputSerializer,
        responses={200: ts.PlanApplyResultSerializer},
    )
    def post(self, request: Request) -> Response:
        user = request.user
        _require_planner(user)
        serializer = ts.PlanApplyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        pairs = list(
            dict.fromkeys(
                (pair["request"], pair["expert"]) for pair in serializer.validated_data["pairs"]
            )
        )
        outcome = apply_plan(actor=user, pairs=pairs)
        coordinated = outcome.requests
        skipped = {(r, e): str(why) for r, e, why in outcome.skipped}
        assigned = assignments_with_joins().in_bulk([item.pk for item in outcome.assigned])
        context = {"request": request, "internal": True}
        return Response(
            ts.PlanApplyResultSerializer(
                {
                    "assigned": [assigned[item.pk] for item in outcome.assigned],
                    "skipped": [
                        {
                            "request": r,
                            "reference": coordinated[r].reference if r in coordinated else None,
                            "expert": e,
                            "reason": skipped[(r, e)],
                        }
                        for r, e in pairs
                        if (r, e) in skipped
                    ],
                },
                context=context,
            ).data
        )
