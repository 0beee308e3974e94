"""The Foodvalley-like story every meetings test starts from: an accepted Weer Thuis request
with a lead expert, and a helper to plan a meeting for it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.workdays import AMSTERDAM
from meetings import services
from meetings.models import Attendee, Meeting
from requests_app.services import assignments
from tests.factories import accept_request, file_request, skilled_expert

# The Monday after the March 2027 clock change and a Tuesday in October before it goes back.
SUMMER = dt.datetime(2027, 3, 29, 10, 0, tzinfo=AMSTERDAM)
WINTER = dt.datetime(2027, 10, 26, 14, 30, tzinfo=AMSTERDAM)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def story(requester, weer_thuis, coordinator_weer_thuis):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    lead = skilled_expert(
        teams=[weer_thuis],
        skills={"anders-wonen": 3},
        user__first_name="Sanne",
        user__last_name="de Vries",
        user__email="sanne@experts.example",
    )
    assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        expert_id=lead.pk,
        role="lead",
        hours_budget=Decimal("12"),
    )
    return request, lead


def plan(story, coordinator, **changes) -> Meeting:
    request, lead = story
    fields = {
        "actor": coordinator,
        "request_id": request.pk,
        "title": "Intake Anders Wonen",
        "start": SUMMER,
        "end": SUMMER + HOUR,
        "location": "Stadhuis Veenendaal",
        "invitees": [
            services.invitee_for_expert(lead),
            services.invitee_for_person(request.created_by, Attendee.Kind.REQUESTER),
        ],
    }
    return services.schedule_meeting(**{**fields, **changes})


@pytest.fixture(autouse=True)
def english(client):
    """Messages and pages in English, the source language (the Dutch comes from the catalogue)."""
    from django.conf import settings
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
