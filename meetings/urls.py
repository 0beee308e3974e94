"""Meeting pages (namespace ``meetings``)."""

from django.urls import path

from meetings.views import answers, feeds, meeting, planning, subscriptions

app_name = "meetings"

urlpatterns = [
    path("coordinator/aanvragen/<int:pk>/vergadering-plannen/", planning.plan, name="plan"),
    path("vergaderingen/<int:pk>/", meeting.detail, name="detail"),
    path("vergaderingen/<int:pk>/verplaatsen/", meeting.move, name="move"),
    path("vergaderingen/<int:pk>/uitnodigen/", meeting.add_guest, name="add-guest"),
    path(
        "vergaderingen/<int:pk>/deelnemers/<int:attendee_pk>/afmelden/",
        meeting.remove,
        name="remove",
    ),
    path("vergaderingen/<int:pk>/annuleren/", meeting.cancel, name="cancel"),
    path(
        "vergaderingen/<int:pk>/uitnodiging/<int:mail_pk>/opnieuw/", meeting.resend, name="resend"
    ),
    path("vergadering/antwoord/<str:token>/", answers.answer, name="answer"),
    path("agenda/<str:token>.ics", feeds.feed, name="feed"),
    path("agenda-abonnementen/", subscriptions.subscriptions, name="subscriptions"),
    path("agenda-abonnementen/nieuw/", subscriptions.create, name="create-feed"),
    path("agenda-abonnementen/<int:pk>/intrekken/", subscriptions.revoke, name="revoke-feed"),
]
