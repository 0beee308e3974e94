"""Editing a request through the page and through the API gives the same answer, for every
role: both ask ``permissions.check_edit_request``. The case that differed: an accepted request,
edited by its lead expert or by its requester (page 403 for all, API 409 for all)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from requests_app.models import AdviceRequest, Assignment
from requests_app.services import assignments
from tests.factories import accept_request, file_request, skilled_expert
from tests.requests_app.api_support import english_client, url
from tests.requests_app.page_support import messages_of

pytestmark = pytest.mark.django_db

ONLY_REQUESTERS = "Only the requesters of the lead organisation can change a request."
NO_LONGER = "A request that is “Accepted” can no longer be changed."


@pytest.fixture
def accepted(requester, ede, weer_thuis, coordinator_weer_thuis) -> AdviceRequest:
    return accept_request(
        file_request(requester=requester, team=weer_thuis, partners=[ede]), coordinator_weer_thuis
    )


@pytest.fixture
def lead_expert(accepted, weer_thuis, coordinator_weer_thuis):
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=accepted.pk,
        expert_id=expert.pk,
        role=Assignment.Role.LEAD,
    )
    assignments.accept_assignment(actor=expert.user, assignment_id=assignment.pk)
    return expert.user


def _page(person, advice_request: AdviceRequest, method: str) -> tuple[int, list[str]]:
    client = Client()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    address = reverse("requests:edit", args=[advice_request.pk])
    if method == "get":
        response = client.get(address)
    else:
        response = client.post(address, {"title": "Anders", "intent": "save"})
    return response.status_code, messages_of(response)


def _api(person, advice_request: AdviceRequest) -> tuple[int, list[str]]:
    client = english_client()
    client.force_login(person)
    response = client.patch(url(f"{advice_request.pk}/"), {"title": "Anders"}, format="json")
    return response.status_code, [response.json()["detail"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lead_expert", (403, [ONLY_REQUESTERS])),
        ("requester", (409, [NO_LONGER])),
        ("partner", (403, [ONLY_REQUESTERS])),
        ("coordinator", (403, [ONLY_REQUESTERS])),
        ("admin", (409, [NO_LONGER])),
    ],
)
def test_editing_an_accepted_request_gets_the_same_answer_on_the_page_and_from_the_api(
    request, accepted, lead_expert, role, expected
):
    person = {
        "lead_expert": lead_expert,
        "requester": request.getfixturevalue("requester"),
        "partner": request.getfixturevalue("requester_ede"),
        "coordinator": request.getfixturevalue("coordinator_weer_thuis"),
        "admin": request.getfixturevalue("admin_user"),
    }[role]

    answers = {
        "page (open the form)": _page(person, accepted, "get"),
        "page (save the form)": _page(person, accepted, "post"),
        "API (PATCH)": _api(person, accepted),
    }

    assert answers == dict.fromkeys(answers, expected)
    accepted.refresh_from_db()
    assert accepted.title == "Anders Wonen in de regio"


def test_the_page_names_the_reason_in_dutch_too(accepted, requester):
    client = Client()
    client.force_login(requester)

    response = client.get(reverse("requests:edit", args=[accepted.pk]))

    assert response.status_code == 409
    assert messages_of(response) == [
        "Een aanvraag met status “Aangenomen” kan niet meer worden gewijzigd."
    ]
