"""No input to any API operation makes the server fail (5xx).

Schemathesis reads our own OpenAPI schema and generates calls to every operation — valid
ones and deliberately invalid ones — sent straight to the Django WSGI application, signed with
a coordinator's, a requester's and an expert's token. Half of the calls go to objects that
exist (requests in several states, an expert, proposed and accepted assignments), so the
actions reach the services instead of stopping at a 404.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from accounts.selectors import live_api_tokens
from accounts.services import create_api_token
from requests_app.services import assignments, lifecycle
from tests.factories import file_request, skilled_expert

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 6


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The WSGI application, keeping the test's connection (and transaction) between calls,
    as django.test.Client does: a real handler would close it after every response."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


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


def _fuzz(wsgi_app: WSGIHandler, user, request_ids: list[int]) -> list[str]:
    """Every operation, both generation modes; returns the operations it ran."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    ran = []
    for result in schema.get_all_operations():
        operation = result.ok()
        takes_id = any(parameter.name == "id" for parameter in operation.path_parameters)
        modes = [GenerationMode.POSITIVE]
        if _has_inputs(operation):  # else there is nothing to make invalid
            modes.append(GenerationMode.NEGATIVE)
        for mode in modes:
            strategy = operation.as_strategy(generation_mode=mode)
            if takes_id:
                strategy = st.one_of(
                    strategy,
                    st.sampled_from(request_ids).flatmap(
                        lambda pk, mode=mode, operation=operation: operation.as_strategy(
                            generation_mode=mode, path_parameters={"id": pk}
                        )
                    ),
                )
            _run(strategy, user)
        ran.append(operation.label)
    return ran


def _has_inputs(operation) -> bool:
    return bool(list(operation.path_parameters) or list(operation.query) or list(operation.body))


def _run(strategy, user) -> None:
    current = [create_api_token(actor=user, name="fuzz")]

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,  # no example replay from earlier runs: every run is the same size
        derandomize=True,  # the same calls every run, so a failure reproduces
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case) -> None:
        # Checked every time: DELETE /api/v1/auth/token(s)/ may just have revoked it.
        if not live_api_tokens(user).filter(pk=current[0].token.pk).exists():
            current[0] = create_api_token(actor=user, name="fuzz")
        response = case.call(headers={"Authorization": f"Token {current[0].secret}"})
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} query={case.query} body={case.body!r} "
            f"→ {response.status_code}: {response.text[:500]}"
        )

    call()


# 41 before meetings; 12 of meetings and feed addresses; 5 of co-financing; 2 of API tokens;
# 1 for an assignment's hours
OPERATIONS = 61


def test_no_generated_call_makes_the_server_fail_as_a_coordinator(
    wsgi_app, coordinator_weer_thuis, fuzz_ids
):
    ran = _fuzz(wsgi_app, coordinator_weer_thuis, fuzz_ids)

    assert "POST /api/v1/requests/{id}/accept/" in ran
    assert "POST /api/v1/plan/apply/" in ran
    assert len(ran) == OPERATIONS


def test_no_generated_call_makes_the_server_fail_as_a_requester(wsgi_app, requester, fuzz_ids):
    ran = _fuzz(wsgi_app, requester, fuzz_ids)

    assert "PATCH /api/v1/requests/{id}/" in ran
    assert len(ran) == OPERATIONS


def test_no_generated_call_makes_the_server_fail_as_an_expert(wsgi_app, expert, fuzz_ids):
    ran = _fuzz(wsgi_app, expert, fuzz_ids)

    assert "POST /api/v1/assignments/{id}/decline/" in ran
    assert "PATCH /api/v1/experts/{id}/" in ran
    assert len(ran) == OPERATIONS


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
