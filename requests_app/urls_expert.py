"""Expert pages (namespace ``requests``)."""

from django.urls import path

from requests_app.views import expert

urlpatterns = [
    path("opdracht/<str:token>/", expert.answer_assignment, name="assignment-answer"),
]
