from django.urls import path
from rest_framework.routers import DefaultRouter

from requests_app.api import tokens, views

app_name = "api"

router = DefaultRouter()
router.register("requests", views.AdviceRequestViewSet, basename="request")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("teams", views.TeamViewSet, basename="team")
router.register("themes", views.ThemeViewSet, basename="theme")

urlpatterns = [
    path("auth/token/", tokens.TokenView.as_view(), name="token"),
    *router.urls,
]
