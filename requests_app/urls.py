from django.urls import path

from requests_app import views

app_name = "requests"

urlpatterns = [
    path("", views.home, name="home"),
    path("aanvrager/", views.requester_home, name="requester-home"),
    path("coordinator/", views.coordinator_home, name="coordinator-home"),
    path("expert/", views.expert_home, name="expert-home"),
]
