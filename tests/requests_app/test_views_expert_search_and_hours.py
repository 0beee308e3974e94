"""The workspace's Experts section beyond the ten suggestions: any eligible expert found by name
(htmx, or inline without JavaScript) and assigned, and an hour budget changed after assigning —
through the same capacity check as assigning, its refusal in the expert's row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from requests_app.models import Assignment, Event
from requests_app.services import assignments
from tests.factories import skilled_expert
from tests.requests_app.page_support import region
from tests.requests_app.story_support import (
    story_experts_fixture,  # noqa: F401
    story_fixture,  # noqa: F401
)
from tests.requests_app.test_views_coordinator_workspace import sign_in, success_messages

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def search_url(advice_request) -> str:
    return reverse("requests:search-experts", args=[advice_request.pk])


def hours_url(assignment) -> str:
    return reverse("requests:change-hours", args=[assignment.request_id, assignment.pk])


def found_names(response) -> list[str]:
    page = response.content.decode()
    names = []
    for chunk in page.split('data-testid="found"')[1:]:
        names.append(chunk.split('data-testid="suggestion-name">', 1)[1].split("<", 1)[0])
    return names


@pytest.fixture
def coordinator(client, coordinator_weer_thuis):
    return sign_in(client, coordinator_weer_thuis)


@pytest.fixture
def crowd(weer_thuis):
    """Ten strong experts for the business case, so that a weak one falls out of the top ten."""
    return [
        skilled_expert(
            teams=[weer_thuis],
            skills={"businesscase": 3},
            user__first_name=f"Sterk{index}",
            user__last_name="Expert",
        )
        for index in range(10)
    ]


@pytest.fixture
def weak(weer_thuis):
    return skilled_expert(
        teams=[weer_thuis],
        skills={"aandachtsgroepen": 1},
        user__first_name="Zeger",
        user__last_name="de Zwakke",
    )


# --- searching ---------------------------------------------------------------------------------


def test_an_expert_outside_the_top_ten_is_found_by_name_and_assigned(
    coordinator, story, story_experts, crowd, weak
):
    suggestions = coordinator.get(reverse("requests:suggestions", args=[story.pk]), **HTMX)
    assert "Zeger de Zwakke" not in suggestions.content.decode()

    found = coordinator.get(search_url(story), {"naam": "zwak"}, **HTMX)
    assert found.status_code == 200
    assert found_names(found) == ["Zeger de Zwakke"]
    assert region(found, "expert-search-results").startswith(
        "1 eligible expert matches “zwak”, best match first. Zeger de Zwakke score 30.0 "
        "covers 1 of 4 themes: Housing for priority groups at level 1 of 3 (working knowledge)"
    )
    assert f'id="found-{weak.pk}-hours_budget"' in found.content.decode()

    response = coordinator.post(
        reverse("requests:assign-expert", args=[story.pk]),
        {"expert": weak.pk, "role": "member", "hours_budget": "8"},
        follow=True,
    )
    assert success_messages(response) == [
        f"Zeger de Zwakke is proposed as expert for {story.reference} with 8 hours; "
        "they get a mail to accept or decline."
    ]
    assigned = Assignment.objects.get(request=story, expert=weak)
    assert assigned.match_score == Decimal("30.000")


def test_who_does_not_pass_the_filters_is_not_found_and_the_page_says_why(
    coordinator, story, story_experts, weer_thuis
):
    skilled_expert(  # a theme the request does not ask for
        teams=[weer_thuis],
        skills={"grondbeleid": 3},
        user__first_name="Zwanet",
        user__last_name="Zwak",
    )
    found = coordinator.get(search_url(story), {"naam": "zwanet"}, **HTMX)
    assert found_names(found) == []
    assert region(found, "nobody-found").startswith("No eligible expert matches “zwanet”.")


def test_those_on_the_request_are_not_found_again(
    coordinator, story, story_experts, coordinator_weer_thuis
):
    sanne, _vera, _bart = story_experts
    assert found_names(coordinator.get(search_url(story), {"naam": "sanne"}, **HTMX)) == [
        "Sanne Visser"
    ]
    assignments.assign_expert(actor=coordinator_weer_thuis, request_id=story.pk, expert_id=sanne.pk)
    assert found_names(coordinator.get(search_url(story), {"naam": "sanne"}, **HTMX)) == []


def test_without_javascript_the_search_answers_inline_in_the_workspace(
    coordinator, story, story_experts
):
    response = coordinator.get(search_url(story), {"naam": "  Vera  "})
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("requests:workspace", args=[story.pk]) + "?naam=Vera#expert-search-title"
    )
    page = coordinator.get(response["Location"])
    assert found_names(page) == ["Vera Veldkamp"]
    assert 'value="Vera"' in page.content.decode()


@pytest.mark.parametrize("extra", [0, 12])
def test_the_search_takes_a_constant_number_of_queries(
    coordinator, story, story_experts, weer_thuis, django_assert_num_queries, extra
):
    for index in range(extra):
        skilled_expert(
            teams=[weer_thuis],
            skills={"businesscase": 2},
            user__first_name="Veerle",
            user__last_name=f"Vos{index}",
        )
    coordinator.get(search_url(story), {"naam": "v"}, **HTMX)  # the language is stored once
    with django_assert_num_queries(26):
        found = coordinator.get(search_url(story), {"naam": "v"}, **HTMX)
    assert len(found_names(found)) == min(2 + extra, 20)  # Vera, Bart Bouwman, the Veerles


def test_searching_is_for_the_requests_coordinators(
    client, story, story_experts, requester, coordinator_woningbouw
):
    sign_in(client, requester)  # sees the request, may not coordinate it
    assert client.get(search_url(story), {"naam": "vera"}, **HTMX).status_code == 403
    sign_in(client, coordinator_woningbouw)  # does not see it at all
    assert client.get(search_url(story), {"naam": "vera"}, **HTMX).status_code == 404
    client.logout()
    signed_out = client.get(search_url(story), {"naam": "vera"}, **HTMX)
    assert signed_out.status_code == 200
    assert "Vera" not in signed_out.content.decode()


# --- changing hours ----------------------------------------------------------------------------


@pytest.fixture
def lead(story, story_experts, coordinator_weer_thuis) -> Assignment:
    sanne, _vera, _bart = story_experts
    return assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=story.pk,
        expert_id=sanne.pk,
        role="lead",
        hours_budget=Decimal("48"),  # 4 h/week of her 12
    )


def test_the_hours_change_in_one_step_and_the_row_shows_them(coordinator, story, lead):
    response = coordinator.post(hours_url(lead), {"hours_budget": "96"})
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("requests:workspace", args=[story.pk]) + f"#assignment-{lead.pk}"
    )
    page = coordinator.get(response["Location"])
    assert success_messages(page) == [
        f"Sanne Visser now has 96 hours on {story.reference}, about 8 per week."
    ]
    row = region(page, "assignment")
    assert "Hour budget 96 Hours per week 8 " in row
    assert 'value="96"' in page.content.decode()
    event = Event.objects.get(request=story, action="request.expert_hours_changed")
    assert event.data == {"expert": "Sanne Visser", "from": "48.00", "to": "96"}


def test_hours_beyond_capacity_are_refused_in_the_experts_row_and_nothing_changes(
    coordinator, story, lead
):
    response = coordinator.post(hours_url(lead), {"hours_budget": "156"})
    assert response.status_code == 409
    assert region(response, "hours-error") == (
        "Sanne Visser has 12.00 hours per week free in this period; this assignment needs 13.00."
    )
    assert 'value="156"' in response.content.decode()  # what was typed stays
    assert Assignment.objects.get(pk=lead.pk).hours_budget == Decimal("48")


@pytest.mark.parametrize(
    ("typed", "message"),
    [("", "This field is required."), ("0", "Give the expert a budget of more than 0 hours.")],
)
def test_a_missing_or_zero_budget_is_a_field_error(coordinator, story, lead, typed, message):
    response = coordinator.post(hours_url(lead), {"hours_budget": typed})
    assert response.status_code == 400
    assert message in region(response, f"error-summary-hours-{lead.pk}")
    assert Assignment.objects.get(pk=lead.pk).hours_budget == Decimal("48")


def test_only_the_requests_coordinators_change_hours(
    client, story, lead, requester, coordinator_woningbouw, story_experts
):
    sanne, _vera, _bart = story_experts
    for outsider, status in ((coordinator_woningbouw, 404), (sanne.user, 403), (requester, 403)):
        sign_in(client, outsider)
        assert client.post(hours_url(lead), {"hours_budget": "8"}).status_code == status
    assert Assignment.objects.get(pk=lead.pk).hours_budget == Decimal("48")
