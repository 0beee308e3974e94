"""Expert suggestions in the request workspace: ranked with their reasons, loaded with htmx,
inline without JavaScript, offered for assignment only while the request takes experts."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from requests_app.services import assignments
from tests.factories import skilled_expert
from tests.requests_app.page_support import has_region, region
from tests.requests_app.story_support import (
    story_experts_fixture,  # noqa: F401
    story_fixture,  # noqa: F401
    story_request,
    suggestion_names,
    suggestions_of,
)
from tests.requests_app.test_views_coordinator_workspace import sign_in

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def workspace_url(advice_request, *, inline: bool = False) -> str:
    url = reverse("requests:workspace", args=[advice_request.pk])
    return f"{url}?suggesties=1" if inline else url


def suggestions_url(advice_request) -> str:
    return reverse("requests:suggestions", args=[advice_request.pk])


def assign_forms(response) -> int:
    return response.content.decode().count('data-testid="assign"')


SCORE_PARTS = "for skill level, {} for free hours, {} for earlier work with these organisations"
STORY_SUGGESTIONS = [
    (
        "Sanne Visser",
        "score 70.0",
        [
            "covers 3 of 4 themes: Business case and financing at level 3 of 3 (authority); "
            "Housing for priority groups at level 3 of 3 (authority); "
            "Regional cooperation at level 3 of 3 (authority)",
            "12 h/week free",
            "score 70: 45 " + SCORE_PARTS.format("25", "0"),
        ],
    ),
    (
        # Fewer points for her level and her free hours, 15 for having worked with Ede.
        "Vera Veldkamp",
        "score 44.8",
        [
            "covers 1 of 4 themes: Location choice at level 2 of 3 (experienced)",
            "12.7 h/week free",
            "worked with Ede before",
            "score 44.8: 10 " + SCORE_PARTS.format("19.8", "15"),
        ],
    ),
    (
        "Bart Bouwman",
        "score 40.0",
        [
            "covers 1 of 4 themes: Business case and financing at level 3 of 3 (authority)",
            "16 h/week free",
            "from team Woningbouw",
            "score 40: 15 " + SCORE_PARTS.format("25", "0"),
        ],
    ),
]


def test_the_workspace_loads_the_suggestions_with_htmx_and_links_to_them_without(
    client, coordinator_weer_thuis, story, story_experts
):
    response = sign_in(client, coordinator_weer_thuis).get(workspace_url(story))
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        f'<div id="suggestions" hx-get="{suggestions_url(story)}" hx-trigger="load" '
        'hx-swap="innerHTML" data-testid="suggestions-slot">'
    ) in page
    assert region(response, "show-suggestions") == "Show the suggested experts"
    assert f'href="{workspace_url(story, inline=True)}#suggestions-title"' in page
    assert not has_region(response, "suggestion")  # not computed until asked for


def test_the_htmx_partial_ranks_the_story_experts_with_their_reasons(
    client, coordinator_weer_thuis, story, story_experts
):
    response = sign_in(client, coordinator_weer_thuis).get(suggestions_url(story), **HTMX)
    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    assert "<html" not in response.content.decode()
    assert suggestions_of(response) == STORY_SUGGESTIONS
    assert assign_forms(response) == 3


def test_without_javascript_the_suggestions_are_inline_in_the_workspace(
    client, coordinator_weer_thuis, story, story_experts
):
    signed_in = sign_in(client, coordinator_weer_thuis)
    redirected = signed_in.get(suggestions_url(story))
    assert redirected.status_code == 302
    assert redirected["Location"] == f"{workspace_url(story, inline=True)}#suggestions-title"

    response = signed_in.get(workspace_url(story, inline=True))
    assert response.status_code == 200
    assert suggestions_of(response) == STORY_SUGGESTIONS
    assert not has_region(response, "suggestions-slot")


def test_the_default_role_is_member_once_the_request_has_a_lead(
    client, coordinator_weer_thuis, story, story_experts
):
    sanne, _vera, bart = story_experts
    assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=story.pk, expert_id=sanne.pk, role="lead"
    )
    response = sign_in(client, coordinator_weer_thuis).get(suggestions_url(story), **HTMX)
    assert suggestion_names(response) == ["Vera Veldkamp", "Bart Bouwman"]  # Sanne is on it
    page = response.content.decode()
    assert '<option value="member" selected>Expert</option>' in page
    assert '<option value="lead" selected>' not in page
    assert 'name="hours_budget" value="40"' in page
    assert f'id="assign-{bart.pk}-hours_budget"' in page


def test_a_request_in_triage_gets_suggestions_but_no_assign_forms(
    client, coordinator_weer_thuis, requester, weer_thuis, story_experts
):
    submitted = story_request(requester, weer_thuis)
    response = sign_in(client, coordinator_weer_thuis).get(suggestions_url(submitted), **HTMX)
    assert region(response, "not-assignable") == (
        "Experts can be assigned once the request is accepted."
    )
    assert suggestion_names(response) == ["Sanne Visser", "Bart Bouwman", "Vera Veldkamp"]
    assert assign_forms(response) == 0


def test_a_finished_request_takes_no_more_experts(
    client, coordinator_weer_thuis, requester, weer_thuis, story_experts
):
    submitted = story_request(requester, weer_thuis)
    signed_in = sign_in(client, coordinator_weer_thuis)
    signed_in.post(
        reverse("requests:workspace-action", args=[submitted.pk, "afwijzen"]),
        {"note": "Valt buiten de regeling."},
    )
    response = signed_in.get(workspace_url(submitted, inline=True))
    assert region(response, "not-assignable") == (
        "A request that is “Declined” takes no more experts."
    )
    assert not has_region(response, "suggestions")
    partial = signed_in.get(suggestions_url(submitted), **HTMX)
    assert region(partial, "not-assignable") == (
        "A request that is “Declined” takes no more experts."
    )
    assert not has_region(partial, "suggestion")


def test_nobody_fits_says_so(client, coordinator_weer_thuis, story):
    response = sign_in(client, coordinator_weer_thuis).get(suggestions_url(story), **HTMX)
    assert region(response, "no-suggestions").startswith("No expert passes the filters")


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("coordinator_woningbouw", 404),  # another team's request
        ("expert", 404),  # not on the request
        ("requester", 403),  # sees the request, may not see match scores
        ("requester_ede", 403),  # Ede is a partner: the same
    ],
)
def test_who_may_not_coordinate_sees_no_suggestions(
    client, request, story, story_experts, person, status
):
    signed_in = sign_in(client, request.getfixturevalue(person))
    assert signed_in.get(suggestions_url(story), **HTMX).status_code == status
    assert signed_in.get(suggestions_url(story)).status_code == status


def test_a_signed_out_htmx_request_says_so_instead_of_drawing_the_sign_in_page(client, story):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(suggestions_url(story), **HTMX)
    assert response.status_code == 200
    assert region(response, "signed-out").startswith("Your session has ended")
    plain = Client().get(suggestions_url(story))
    assert plain.status_code == 302
    assert plain["Location"].startswith(reverse("account_login"))


def test_an_admin_gets_the_suggestions_too(client, admin_user, story, story_experts):
    response = sign_in(client, admin_user).get(suggestions_url(story), **HTMX)
    assert suggestion_names(response) == ["Sanne Visser", "Vera Veldkamp", "Bart Bouwman"]


@pytest.mark.parametrize("count", [1, 25])
def test_the_partial_costs_the_same_number_of_queries_for_1_and_25_experts(
    client, coordinator_weer_thuis, story, weer_thuis, django_assert_num_queries, count
):
    for number in range(count):
        skilled_expert(
            teams=[weer_thuis],
            skills={"businesscase": 1 + number % 3, "locatiekeuze": 2},
            user__email=f"expert{number}@experts.nl",
        )
    signed_in = sign_in(client, coordinator_weer_thuis)
    signed_in.get(suggestions_url(story), **HTMX)  # the session and role caches warm up
    with django_assert_num_queries(26):
        response = signed_in.get(suggestions_url(story), **HTMX)
    assert len(suggestion_names(response)) == min(count, 10)
