"""Meeting pages (namespace ``meetings``)."""

from django.urls import path

from meetings.views import answers, feeds

app_name = "meetings"

urlpatterns = [
    path("vergadering/antwoord/<str:token>/", answers.answer, name="answer"),
    path("agenda/<str:token>.ics", feeds.feed, name="feed"),
]
