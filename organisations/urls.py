"""Organisation pages: partner picker, invitations, memberships (namespace ``organisations``)."""

from django.urls import path

from organisations.views import memberships, pickers

app_name = "organisations"

urlpatterns = [
    path("organisaties/zoeken/", pickers.organisation_search, name="organisation-search"),
    path("uitnodiging/<str:token>/", memberships.invitation, name="invitation"),
    path("organisatie-aanmelden/", memberships.join, name="join"),
    path("coordinator/aanmeldingen/", memberships.pending, name="memberships"),
    path("coordinator/uitnodigen/", memberships.invite, name="invite"),
]
