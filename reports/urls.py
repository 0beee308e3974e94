"""Report pages (namespace ``reports``)."""

from django.urls import path

from reports.views import survey

app_name = "reports"

urlpatterns: list = [
    path("tevredenheid/<str:token>/", survey.survey, name="survey"),
]
