"""Coordinator pages: the triage inbox and the request workspace (namespace ``requests``)."""

from django.urls import path

from requests_app.views import coordinator

urlpatterns = [
    path("coordinator/inbox/", coordinator.inbox, name="inbox"),
    path("coordinator/aanvragen/<int:pk>/", coordinator.workspace, name="workspace"),
    path(
        "coordinator/aanvragen/<int:pk>/<slug:action>/",
        coordinator.workspace_action,
        name="workspace-action",
    ),
]
