"""Requester pages: intake, my requests, the request page (namespace ``requests``)."""

from django.urls import path

from requests_app.views import requester

urlpatterns = [
    path("aanvragen/<int:pk>/", requester.request_detail, name="detail"),
]
