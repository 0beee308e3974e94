"""The application's URLs plus the floor: a bare ``.values()`` JSON view over the same rows."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from requests_app.models import AdviceRequest

FLOOR_FIELDS = (
    "id",
    "reference",
    "title",
    "status",
    "team_id",
    "lead_organisation_id",
    "submitted_at",
    "triage_deadline",
)


def floor(request: HttpRequest) -> JsonResponse:
    """What serving 50 request rows costs with no framework on top: the throughput floor."""
    page = max(1, int(request.GET.get("page", "1")))
    ordered = AdviceRequest.objects.order_by("-created_at", "-id")  # as the API list
    rows = list(ordered.values(*FLOOR_FIELDS)[(page - 1) * 50 : page * 50])
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bench/floor/", floor),
    path("", include("expertdesk.urls")),
]
