"""Requester pages: intake, my requests, the request page (namespace ``requests``)."""

from django.urls import path, register_converter

from requests_app.enums import Action
from requests_app.views import requester


class RequesterActionConverter:
    """Only the requester's own moves; coordinators move requests from their workspace."""

    regex = "|".join(action.value for action in requester.REQUESTER_ACTIONS)

    def to_python(self, value: str) -> Action:
        return Action(value)

    def to_url(self, value: Action | str) -> str:
        return str(Action(value).value)


register_converter(RequesterActionConverter, "requester_action")

urlpatterns = [
    path("aanvragen/", requester.request_list, name="list"),
    path("aanvragen/nieuw/", requester.new_request, name="new"),
    path("aanvragen/concept-bewaren/", requester.autosave, name="autosave"),
    path("aanvragen/<int:pk>/", requester.request_detail, name="detail"),
    path("aanvragen/<int:pk>/bewerken/", requester.edit_request, name="edit"),
    path("aanvragen/<int:pk>/<requester_action:action>/", requester.request_action, name="action"),
    path(
        "aanvragen/<int:pk>/bijlagen/<int:attachment_pk>/",
        requester.attachment_download,
        name="attachment",
    ),
]
