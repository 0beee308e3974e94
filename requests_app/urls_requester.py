"""Requester pages: intake, my requests, the request page (namespace ``requests``)."""

from django.urls import path, register_converter

from requests_app.enums import Action
from requests_app.views import requester

# The addresses are Dutch, like every page's; templates and reverse() name the Action.
ACTION_SLUGS = {
    Action.SUBMIT: "indienen",
    Action.PROVIDE_INFO: "informatie-geven",
    Action.WITHDRAW: "intrekken",
}


class RequesterActionConverter:
    """Only the requester's own moves; coordinators move requests from their workspace."""

    regex = "|".join(ACTION_SLUGS[action] for action in requester.REQUESTER_ACTIONS)

    def to_python(self, value: str) -> Action:
        return next(action for action, slug in ACTION_SLUGS.items() if slug == value)

    def to_url(self, value: Action | str) -> str:
        return ACTION_SLUGS[Action(value)]


register_converter(RequesterActionConverter, "requester_action")

urlpatterns = [
    path("aanvragen/", requester.request_list, name="list"),
    path("aanvragen/nieuw/", requester.new_request, name="new"),
    path("aanvragen/concept-bewaren/", requester.autosave, name="autosave"),
    path("aanvragen/<int:pk>/", requester.request_detail, name="detail"),
    path("aanvragen/<int:pk>/bewerken/", requester.edit_request, name="edit"),
    path("aanvragen/<int:pk>/<requester_action:action>/", requester.request_action, name="action"),
    path("aanvragen/<int:pk>/verwijderen/", requester.delete_draft, name="delete"),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/",
        requester.attachment_download,
        name="attachment",
    ),
]
