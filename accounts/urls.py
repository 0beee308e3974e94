"""Account pages of our own (namespace ``accounts``), next to allauth's under /account/
(accounts/urls_allauth.py)."""

from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/nieuw/", views.create, name="create-api-token"),
    path("api-tokens/<int:pk>/intrekken/", views.revoke, name="revoke-api-token"),
]
