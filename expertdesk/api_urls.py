"""``/api/v1/``: one router for every app's API; the project is the one place that knows all."""

from django.urls import path
from rest_framework import routers
from rest_framework.renderers import JSONRenderer

from cofinancing import api as cofinancing_api
from meetings import api as meetings_api
from reports import api as reports_api
from requests_app.api import experts, tokens, triage, views

app_name = "api"


class Router(routers.DefaultRouter):
    class APIRootView(routers.APIRootView):
        # The list of endpoints in JSON, like the rest of the API (see DomainErrorsMixin).
        renderer_classes = [JSONRenderer]


router = Router()
router.register("requests", views.AdviceRequestViewSet, basename="request")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("teams", views.TeamViewSet, basename="team")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("assignments", triage.AssignmentViewSet, basename="assignment")
router.register("experts", experts.ExpertViewSet, basename="expert")
router.register("meetings", meetings_api.MeetingViewSet, basename="meeting")
router.register("feeds", meetings_api.FeedViewSet, basename="feed")
router.register("time-entries", cofinancing_api.TimeEntryViewSet, basename="time-entry")
router.register("auth/tokens", tokens.ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("auth/token/", tokens.TokenView.as_view(), name="token"),
    path("plan/compute/", triage.PlanComputeView.as_view(), name="plan-compute"),
    path("plan/apply/", triage.PlanApplyView.as_view(), name="plan-apply"),
    path(
        "requests/<int:pk>/cofinancing/",
        cofinancing_api.LedgerView.as_view(),
        name="cofinancing",
    ),
    path(
        "requests/<int:pk>/cofinancing/offer/",
        cofinancing_api.OfferView.as_view(),
        name="cofinancing-offer",
    ),
    path(
        "requests/<int:pk>/cofinancing/answer/",
        cofinancing_api.AnswerView.as_view(),
        name="cofinancing-answer",
    ),
    path("reports/dashboard/", reports_api.DashboardView.as_view(), name="reports-dashboard"),
    path(
        "reports/organisations/<int:pk>/",
        reports_api.OrganisationFiguresView.as_view(),
        name="reports-organisation",
    ),
    path("reports/expert/", reports_api.ExpertFiguresView.as_view(), name="reports-expert"),
    *router.urls,
]
