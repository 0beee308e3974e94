"""Expert pages about assignments and the coordinators' view of expert load (namespace
``requests``)."""

from django.urls import path

from requests_app.views import expert

urlpatterns = [
    path("opdracht/<str:token>/", expert.answer_assignment, name="assignment-answer"),
    # answering from the expert home
    path("expert/opdrachten/<int:pk>/accepteren/", expert.accept_assignment, name="expert-accept"),
    path("expert/opdrachten/<int:pk>/afwijzen/", expert.decline_assignment, name="expert-decline"),
    # coordinators: the load of their teams' experts
    path("coordinator/experts/", expert.team_load, name="team-load"),
]
