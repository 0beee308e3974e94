from django.urls import path

from requests_app.urls_coordinator import urlpatterns as coordinator_urls
from requests_app.urls_expert import urlpatterns as expert_urls
from requests_app.urls_requester import urlpatterns as requester_urls
from requests_app.views import home

app_name = "requests"

urlpatterns = [
    path("", home.home, name="home"),
    path("aanvrager/", home.requester_home, name="requester-home"),
    path("coordinator/", home.coordinator_home, name="coordinator-home"),
    path("expert/", home.expert_home, name="expert-home"),
    *requester_urls,
    *coordinator_urls,
    *expert_urls,
]
