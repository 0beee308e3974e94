"""The expert profile pages: the expert, coordinators of the expert's teams, admins
(namespace ``experts``)."""

from django.urls import path

from experts.views import profile

app_name = "experts"

urlpatterns = [
    path("expert/<int:pk>/profiel/", profile.profile, name="profile"),
    path("expert/<int:pk>/expertise/", profile.skills, name="skills"),
    path(
        "expert/<int:pk>/expertise/<int:skill_pk>/niveau/", profile.skill_level, name="skill-level"
    ),
    path(
        "expert/<int:pk>/expertise/<int:skill_pk>/verwijderen/",
        profile.skill_remove,
        name="skill-remove",
    ),
    path("expert/<int:pk>/afwezigheid/", profile.absences, name="absences"),
    path(
        "expert/<int:pk>/afwezigheid/<int:absence_pk>/verwijderen/",
        profile.absence_remove,
        name="absence-remove",
    ),
    path("expert/<int:pk>/belangenverstrengeling/", profile.conflicts, name="conflicts"),
    path(
        "expert/<int:pk>/belangenverstrengeling/<int:conflict_pk>/verwijderen/",
        profile.conflict_remove,
        name="conflict-remove",
    ),
]
