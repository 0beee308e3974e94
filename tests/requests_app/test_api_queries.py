"""List endpoints cost the same number of queries for one item as for a full page of fifty."""

from __future__ import annotations

import pytest

from experts.models import Theme
from organisations.models import Organisation
from requests_app.services import assignments
from tests.factories import accept_request, file_request, skilled_expert
from tests.requests_app.api_support import token_client, url

pytestmark = pytest.mark.django_db


def _file(requester, team, ede, count: int) -> None:
    themes = list(Theme.objects.filter(slug__in=["anders-wonen", "businesscase", "uitstroom"]))
    for number in range(count):
        file_request(
            requester=requester,
            team=team,
            themes=themes,
            partners=[ede],
            title=f"Vraag {number}",
        )


@pytest.mark.parametrize("count", [1, 50])
def test_the_request_list_for_a_coordinator(
    count, requester, coordinator_weer_thuis, weer_thuis, ede, django_assert_num_queries
):
    _file(requester, weer_thuis, ede, count)
    client = token_client(coordinator_weer_thuis)

    # token + user, roles (one query), list version, count, page, themes
    with django_assert_num_queries(6):
        response = client.get(url())
    # the same again: nothing changed, so the count is the one kept from the first call
    with django_assert_num_queries(5):
        again = client.get(url())

    assert len(response.json()["results"]) == count
    assert again.json() == response.json()


@pytest.mark.parametrize("count", [1, 50])
def test_the_request_list_for_a_requester(
    count, requester, weer_thuis, ede, django_assert_num_queries
):
    _file(requester, weer_thuis, ede, count)
    client = token_client(requester)

    # token + user, roles (one query), list version, count, page, themes
    with django_assert_num_queries(6):
        response = client.get(url())
    # the same again: nothing changed, so the count is the one kept from the first call
    with django_assert_num_queries(5):
        again = client.get(url())

    assert len(response.json()["results"]) == count
    assert again.json() == response.json()


@pytest.mark.parametrize("count", [1, 50])
def test_a_filtered_and_searched_request_list(
    count, requester, coordinator_weer_thuis, weer_thuis, ede, django_assert_num_queries
):
    _file(requester, weer_thuis, ede, count)
    client = token_client(coordinator_weer_thuis)

    # one more than unfiltered: the team filter reads the team choices to check the slug
    with django_assert_num_queries(6):
        response = client.get(
            url(),
            {"team": "weer-thuis", "status": "submitted", "q": "Vraag", "ordering": "reference"},
        )

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize(("query", "count"), [({"q": "GM0345"}, 1), ({}, 50)])
def test_the_organisation_list(query, count, requester, django_assert_num_queries):
    assert Organisation.objects.count() > 50  # the municipalities from the migration
    client = token_client(requester)

    # token + user, count, page
    with django_assert_num_queries(3):
        response = client.get("/api/v1/organisations/", query)

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 12])
def test_the_timeline(
    count, requester, coordinator_weer_thuis, weer_thuis, django_assert_num_queries
):
    request = file_request(requester=requester, team=weer_thuis)
    client = token_client(coordinator_weer_thuis)
    for number in range(count):
        client.post(url(f"{request.pk}/notes/"), {"text": f"Notitie {number}"})

    # token + user, roles, the request and its four prefetches, events with their actors
    with django_assert_num_queries(8):
        response = client.get(url(f"{request.pk}/events/"))

    assert len(response.json()) == 2 + count


# --- triage: experts, assignments, suggestions, the batch plan ---------------------------------


def _experts(team, count: int) -> list:
    return [
        skilled_expert(teams=[team], skills={"anders-wonen": 3, "businesscase": 2})
        for _ in range(count)
    ]


@pytest.mark.parametrize("count", [1, 30])
def test_the_expert_list(count, coordinator_weer_thuis, weer_thuis, django_assert_num_queries):
    _experts(weer_thuis, count)
    client = token_client(coordinator_weer_thuis)

    # token + user, roles, the team and theme the filters name, count, page, teams, absences
    # this week, skills with their themes
    with django_assert_num_queries(9):
        response = client.get("/api/v1/experts/", {"team": "weer-thuis", "theme": "anders-wonen"})

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 20])
def test_an_experts_own_assignment_list(
    count, requester, weer_thuis, coordinator_weer_thuis, django_assert_num_queries
):
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="60")
    for _ in range(count):
        request = accept_request(
            file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
        )
        assignments.assign_expert(
            actor=coordinator_weer_thuis,
            request_id=request.pk,
            expert_id=expert.pk,
            hours_budget=1,
        )
    client = token_client(expert.user)

    # token + user, roles, count, page with requests, experts and
    # assigners, theme names for the reasons
    with django_assert_num_queries(5):
        response = client.get("/api/v1/assignments/", {"status": "proposed"})

    assert len(response.json()["results"]) == count
    assert client.get("/api/v1/assignments/?status=").json() == response.json()  # "any"


@pytest.mark.parametrize("count", [1, 12])
def test_a_requests_assignments(
    count, requester, weer_thuis, coordinator_weer_thuis, django_assert_num_queries
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    for expert in _experts(weer_thuis, count):
        assignments.assign_expert(
            actor=coordinator_weer_thuis, request_id=request.pk, expert_id=expert.pk
        )
    client = token_client(coordinator_weer_thuis)

    # token + user, the request and its four prefetches, roles, assignments with their
    # requests, experts and assigners, theme names for the reasons
    with django_assert_num_queries(9):
        response = client.get(url(f"{request.pk}/assignments/"))

    assert len(response.json()) == count


@pytest.mark.parametrize("count", [1, 40])
def test_suggestions(
    count, requester, weer_thuis, coordinator_weer_thuis, django_assert_num_queries
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    _experts(weer_thuis, count)
    client = token_client(coordinator_weer_thuis)

    # token + user, the request and its four prefetches, roles, the expert pool (11),
    # experts already on it, organisation and theme names, the suggested experts' teams
    with django_assert_num_queries(22):
        response = client.get(url(f"{request.pk}/suggestions/"), {"limit": 50})

    assert len(response.json()) == count


@pytest.mark.parametrize("count", [1, 15])
def test_the_batch_plan(
    count, requester, weer_thuis, coordinator_weer_thuis, django_assert_num_queries
):
    for _ in range(count):
        accept_request(file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis)
    _experts(weer_thuis, count)
    client = token_client(coordinator_weer_thuis)

    # token + user, roles, the requests with themes and partners, the expert pool (11),
    # organisation names, theme names
    with django_assert_num_queries(18):
        response = client.post("/api/v1/plan/compute/")

    assert len(response.json()["pairs"]) == count
