"""Coordinator pages: the triage inbox, the request workspace and the batch plan
(namespace ``requests``)."""

from django.urls import path

from requests_app.views import planning
from requests_app.views.coordinator import experts, inbox, workspace

urlpatterns = [
    path("coordinator/inbox/", inbox.inbox, name="inbox"),
    path("coordinator/planning/", planning.batch_plan, name="batch-plan"),
    path("coordinator/planning/toepassen/", planning.apply, name="batch-plan-apply"),
    path("coordinator/aanvragen/<int:pk>/", workspace.workspace, name="workspace"),
    path(
        "coordinator/aanvragen/<int:pk>/experts/suggesties/",
        experts.suggestions,
        name="suggestions",
    ),
    path(
        "coordinator/aanvragen/<int:pk>/experts/toewijzen/",
        experts.assign_expert,
        name="assign-expert",
    ),
    path(
        "coordinator/aanvragen/<int:pk>/experts/zoeken/",
        experts.search_experts,
        name="search-experts",
    ),
    path(
        "coordinator/aanvragen/<int:pk>/experts/<int:assignment_pk>/uren/",
        experts.change_hours,
        name="change-hours",
    ),
    path(
        "coordinator/aanvragen/<int:pk>/experts/<int:assignment_pk>/vrijgeven/",
        experts.release_assignment,
        name="release-assignment",
    ),
    path(
        "coordinator/aanvragen/<int:pk>/<slug:action>/",
        workspace.workspace_action,
        name="workspace-action",
    ),
]
