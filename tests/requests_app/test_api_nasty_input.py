"""Input picked by hand that once made the server fail: every one is refused (400), ignored
or not found (404), never a 500. The generated calls are in test_api_fuzz.py."""

from __future__ import annotations

import pytest

from requests_app.services import assignments, lifecycle
from tests.factories import file_request, skilled_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_ids(requester, coordinator_weer_thuis, weer_thuis) -> list[int]:
    """Requests in the states the actions start from."""
    draft = file_request(requester=requester, team=weer_thuis, submit=False)
    submitted = file_request(requester=requester, team=weer_thuis)
    undecided = file_request(requester=requester, team=None)
    asked = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(
        actor=coordinator_weer_thuis, request_id=asked.pk, action="ask_info", note="Welke regio?"
    )
    accepted = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(actor=coordinator_weer_thuis, request_id=accepted.pk, action="accept")
    return [draft.pk, submitted.pk, undecided.pk, asked.pk, accepted.pk]


@pytest.fixture
def fuzz_ids(request_ids, requester, expert, coordinator_weer_thuis, weer_thuis) -> list[int]:
    """The requests, plus an expert with a proposed and an accepted assignment."""
    from experts.models import Skill, Theme

    profile = expert.expert_profile
    Skill.objects.create(expert=profile, theme=Theme.objects.get(slug="anders-wonen"), level=3)
    skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 2})
    made = []
    for _ in range(2):
        accepted = file_request(requester=requester, team=weer_thuis)
        lifecycle.transition(actor=coordinator_weer_thuis, request_id=accepted.pk, action="accept")
        made.append(
            assignments.assign_expert(
                actor=coordinator_weer_thuis, request_id=accepted.pk, expert_id=profile.pk
            )
        )
    assignments.accept_assignment(actor=expert, assignment_id=made[1].pk)
    return sorted({*request_ids, profile.pk, *(item.pk for item in made)})


NASTY_QUERIES = [
    "team=%00",
    "theme=%00",
    "theme=a%00b",
    "municipality=GM%000",
    "municipality=%C2%B2",
    "municipality=99999999999999999999999",
    "q=%00",
    "q=%ff%fe",
    "status=%00",
    "ordering=%00",
    "page=%00",
    "page=99999999999999999999999",
    "overdue=%00",
]


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_nasty_query_strings_are_refused_or_ignored_never_a_500(
    query, coordinator_weer_thuis, request_ids
):
    from tests.requests_app.api_support import token_client

    client = token_client(coordinator_weer_thuis)

    assert client.get(f"/api/v1/requests/?{query}").status_code in (200, 400, 404)
    assert client.get(f"/api/v1/organisations/?{query}").status_code in (200, 400, 404)
    assert client.get(f"/api/v1/themes/?{query}").status_code in (200, 400, 404)


NASTY_TRIAGE_QUERIES = [
    "limit=%00",
    "limit=99999999999999999999999",
    "limit=-1",
    "weeks=%00",
    "weeks=1e3",
    "team=%00",
    "theme=a%00b",
    "status=%00",
    "status=proposed&status=%ff%fe",
    "page=%00",
    "page=99999999999999999999999",
]


@pytest.mark.parametrize("query", NASTY_TRIAGE_QUERIES)
def test_nasty_query_strings_on_triage_lists_are_refused_or_ignored_never_a_500(
    query, coordinator_weer_thuis, expert, fuzz_ids, request_ids
):
    from tests.requests_app.api_support import token_client

    as_coordinator = token_client(coordinator_weer_thuis)
    accepted = request_ids[4]
    profile = expert.expert_profile.pk

    assert as_coordinator.get(f"/api/v1/requests/{accepted}/suggestions/?{query}").status_code in (
        200,
        400,
    )
    assert as_coordinator.get(f"/api/v1/experts/?{query}").status_code in (200, 400, 404)
    assert as_coordinator.get(f"/api/v1/experts/{profile}/load/?{query}").status_code in (200, 400)
    assert token_client(expert).get(f"/api/v1/assignments/?{query}").status_code in (
        200,
        400,
        404,
    )


NASTY_FIELDS = [
    '"title": "a\\u0000b"',
    '"title": "\\ud800"',
    '"title": "x", "themes": ["\\u0000"]',
    '"title": "x", "themes": [{"slug": "anders-wonen"}]',
    '"title": "x", "team": true',
    '"title": "x", "partners": [99999999999999999999999]',
    '"title": "x", "partners": "GM0228"',
    '"title": "x", "contacts": [99999999999999999999999]',
    '"title": "x", "contacts": [-1, "a"]',
    '"title": "x", "desired_results_other": "' + "x" * 500 + '"',
    '"title": "' + "x" * 300 + '"',
    '"title": "x", "desired_start": "2027-02-30"',
    '"title": "x", "desired_start": "2027-06-01", "desired_end": "2027-01-01"',
    '"title": NaN',
    '"title": ["x"]',
]


@pytest.mark.parametrize("fields", NASTY_FIELDS)
def test_nasty_field_values_are_a_400_never_a_500(fields, requester, request_ids):
    from tests.requests_app.api_support import token_client

    client = token_client(requester)
    draft = request_ids[0]

    created = client.generic(
        "POST",
        "/api/v1/requests/",
        f'{{"lead_organisation": "GM0345", {fields}}}',
        "application/json",
    )
    edited = client.generic(
        "PATCH", f"/api/v1/requests/{draft}/", f"{{{fields}}}", "application/json"
    )

    assert (created.status_code, edited.status_code) == (400, 400), (created.json(), edited.json())


@pytest.mark.parametrize(
    "body", ["[" * 100_000 + "]" * 100_000, "not json", '{"a": "\\ud800"}', "\xff\xfe"]
)
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/requests/",
        "/api/v1/auth/token/",
        "/api/v1/requests/{id}/decline/",
        "/api/v1/requests/{id}/assignments/",
        "/api/v1/plan/apply/",
    ],
)
def test_bodies_that_are_not_json_text_are_a_400_never_a_500(
    body, path, coordinator_weer_thuis, request_ids
):
    from tests.requests_app.api_support import token_client

    response = token_client(coordinator_weer_thuis).generic(
        "POST", path.format(id=request_ids[1]), body, "application/json"
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/requests/99999999999999999999999/",
        "/api/v1/organisations/99999999999999999999999/",
        "/api/v1/teams/%00/",
        "/api/v1/themes/a%00b/",
        "/api/v1/requests/-1/",
        "/api/v1/requests/%00/",
        "/api/v1/assignments/99999999999999999999999/",
        "/api/v1/experts/99999999999999999999999/",
        "/api/v1/experts/%00/",
    ],
)
def test_nasty_paths_are_a_404_never_a_500(path, coordinator_weer_thuis):
    from tests.requests_app.api_support import token_client

    client = token_client(coordinator_weer_thuis)

    assert client.get(path).status_code == 404
    assert client.post(f"{path}accept/").status_code == 404
