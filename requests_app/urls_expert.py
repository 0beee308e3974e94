"""Expert pages and the coordinators' view of expert load (namespace ``requests``)."""

from django.urls import path

from requests_app.views import expert, expert_profile

urlpatterns = [
    path("opdracht/<str:token>/", expert.answer_assignment, name="assignment-answer"),
    # answering from the expert home
    path(
        "expert/opdrachten/<int:pk>/accepteren/",
        expert_profile.accept_assignment,
        name="expert-accept",
    ),
    path(
        "expert/opdrachten/<int:pk>/afwijzen/",
        expert_profile.decline_assignment,
        name="expert-decline",
    ),
    # the profile pages: the expert, coordinators of the expert's teams, admins
    path("expert/<int:pk>/profiel/", expert_profile.profile, name="expert-profile"),
    path("expert/<int:pk>/expertise/", expert_profile.skills, name="expert-skills"),
    path(
        "expert/<int:pk>/expertise/<int:skill_pk>/niveau/",
        expert_profile.skill_level,
        name="expert-skill-level",
    ),
    path(
        "expert/<int:pk>/expertise/<int:skill_pk>/verwijderen/",
        expert_profile.skill_remove,
        name="expert-skill-remove",
    ),
    path("expert/<int:pk>/afwezigheid/", expert_profile.absences, name="expert-absences"),
    path(
        "expert/<int:pk>/afwezigheid/<int:absence_pk>/verwijderen/",
        expert_profile.absence_remove,
        name="expert-absence-remove",
    ),
    path(
        "expert/<int:pk>/belangenverstrengeling/",
        expert_profile.conflicts,
        name="expert-conflicts",
    ),
    path(
        "expert/<int:pk>/belangenverstrengeling/<int:conflict_pk>/verwijderen/",
        expert_profile.conflict_remove,
        name="expert-conflict-remove",
    ),
    # coordinators: the load of their teams' experts
    path("coordinator/experts/", expert_profile.team_load, name="team-load"),
]
