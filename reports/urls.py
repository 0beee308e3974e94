"""Report pages (namespace ``reports``)."""

from django.urls import path

from reports.views import dashboard, own, survey

app_name = "reports"

urlpatterns = [
    path("tevredenheid/<str:token>/", survey.survey, name="survey"),
    path("coordinator/dashboard/", dashboard.dashboard, name="dashboard"),
    path("coordinator/dashboard/<slug:key>.csv", dashboard.dashboard_csv, name="dashboard-csv"),
    path(
        "coordinator/dashboard/grafiek/<slug:name>.svg",
        dashboard.dashboard_chart,
        name="dashboard-chart",
    ),
    path("coordinator/jaaroverzicht/", dashboard.yearly, name="yearly"),
    path("aanvrager/cijfers/", own.organisation_figures, name="organisation-figures"),
    path("aanvrager/cijfers/<int:pk>.csv", own.organisation_csv, name="organisation-csv"),
    path("expert/cijfers/", own.expert_figures, name="expert-figures"),
]
