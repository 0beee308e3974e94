"""List endpoints cost the same number of queries for one item as for a full page of fifty."""

from __future__ import annotations

import pytest

from experts.models import Theme
from requests_app.models import Organisation
from tests.factories import file_request
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

    # token + user, roles (teams, organisations, expert profile), count, page, themes
    with django_assert_num_queries(7):
        response = client.get(url())

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_the_request_list_for_a_requester(
    count, requester, weer_thuis, ede, django_assert_num_queries
):
    _file(requester, weer_thuis, ede, count)
    client = token_client(requester)

    # token + user, roles (teams, organisations, expert profile), count, page, themes
    with django_assert_num_queries(7):
        response = client.get(url())

    assert len(response.json()["results"]) == count


@pytest.mark.parametrize("count", [1, 50])
def test_a_filtered_and_searched_request_list(
    count, requester, coordinator_weer_thuis, weer_thuis, ede, django_assert_num_queries
):
    _file(requester, weer_thuis, ede, count)
    client = token_client(coordinator_weer_thuis)

    # one more than unfiltered: the team filter reads the team choices to check the slug
    with django_assert_num_queries(8):
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

    # token + user, roles (3), the request and its four prefetches, events with their actors
    with django_assert_num_queries(10):
        response = client.get(url(f"{request.pk}/events/"))

    assert len(response.json()) == 2 + count
