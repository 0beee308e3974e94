"""Meeting pages (namespace ``meetings``)."""

from django.urls import path

from meetings.views import answers

app_name = "meetings"

urlpatterns = [
    path("vergadering/antwoord/<str:token>/", answers.answer, name="answer"),
]
