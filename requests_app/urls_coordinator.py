"""Coordinator pages: the triage inbox, the request workspace and the batch plan
(namespace ``requests``)."""

from django.urls import path

from requests_app.views import coordinator, planning

urlpatterns = [
    path("coordinator/inbox/", coordinator.inbox, name="inbox"),
    path("coordinator/planning/", planning.batch_plan, name="batch-plan"),
    path("coordinator/planning/toepassen/", planning.apply, name="batch-plan-apply"),
    path("coordinator/aanvragen/<int:pk>/", coordinator.workspace, name="workspace"),
    path(
        "coordinator/aanvragen/<int:pk>/experts/suggesties/",
        coordinator.suggestions,
        name="suggestions",
    ),
    path(
        "coordinator/aanvragen/<int:pk>/experts/toewijzen/",
        coordinator.assign_expert,
        name="assign-expert",
    ),
    path(
        "coordinator/aanvragen/<int:pk>/experts/<int:assignment_pk>/vrijgeven/",
        coordinator.release_assignment,
        name="release-assignment",
    ),
    path(
        "coordinator/aanvragen/<int:pk>/<slug:action>/",
        coordinator.workspace_action,
        name="workspace-action",
    ),
]
