from rest_framework.routers import DefaultRouter

from requests_app.api import views

app_name = "api"

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("teams", views.TeamViewSet, basename="team")
router.register("themes", views.ThemeViewSet, basename="theme")

urlpatterns = router.urls
