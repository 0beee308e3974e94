"""Assigning and releasing experts from the workspace: the Experts section, the service's
refusals on the page (409 with the typed budget kept, 400 with field errors), permissions."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from experts.models import Expert
from requests_app.models import Assignment, Event
from requests_app.services import assignments
from tests.factories import ConflictOfInterestFactory, accept_request
from tests.requests_app.page_support import controls, has_region, region
from tests.requests_app.story_support import (
    story_experts_fixture,  # noqa: F401
    story_fixture,  # noqa: F401
    story_request,
    suggestion_names,
)
from tests.requests_app.test_views_coordinator_workspace import (
    sign_in,
    success_messages,
    timeline_actions,
)

pytestmark = pytest.mark.django_db


def workspace_url(advice_request) -> str:
    return reverse("requests:workspace", args=[advice_request.pk])


def assign_url(advice_request) -> str:
    return reverse("requests:assign-expert", args=[advice_request.pk])


def release_url(advice_request, assignment) -> str:
    return reverse("requests:release-assignment", args=[advice_request.pk, assignment.pk])


def assignment_rows(response) -> list[str]:
    """The experts on the request, one line of text per assignment."""
    if not has_region(response, "assignments"):
        return []
    page = response.content.decode()
    body = page.split('data-testid="assignments"', 1)[1]
    for heading in ('<h3 id="expert-search-title"', '<h3 id="suggestions-title"'):
        body = body.split(heading, 1)[0]
    items = body.split('<li class="ed-ex-assignment"')[1:]
    texts = [html.unescape(re.sub(r"<[^>]+>", " ", f"<li{item}")) for item in items]
    return [" ".join(words.split()) for words in texts]


def typed_budget(response, expert) -> str | None:
    """The hour budget in the expert's row of the suggestions."""
    for attrs in controls(response).inputs:
        if attrs.get("id") == f"assign-{expert.pk}-hours_budget":
            return attrs.get("value")
    return None


def period_text(assignment: Assignment) -> str:
    return f"{assignment.period_start:%-d %b %Y} \N{EN DASH} {assignment.period_end:%-d %b %Y}"


@pytest.fixture
def coordinator(client, coordinator_weer_thuis):
    return sign_in(client, coordinator_weer_thuis)


# --- assigning ---------------------------------------------------------------------------------


def test_assigning_a_lead_and_a_member_shows_them_with_their_reasons_and_on_the_timeline(
    coordinator, story, story_experts
):
    sanne, _vera, bart = story_experts
    response = coordinator.post(
        assign_url(story), {"expert": sanne.pk, "role": "lead", "hours_budget": "48"}
    )
    assert response.status_code == 302
    # Back with the suggestions open, at the suggestions: the next expert is one more click.
    assert response["Location"] == f"{workspace_url(story)}?suggesties=1#suggestions-title"
    assert success_messages(coordinator.get(response["Location"])) == [
        f"Sanne Visser is proposed as lead expert for {story.reference} with 48 hours; "
        "they get a mail to accept or decline."
    ]
    response = coordinator.post(
        assign_url(story), {"expert": bart.pk, "role": "member", "hours_budget": "24"}, follow=True
    )
    assert success_messages(response) == [
        f"Bart Bouwman is proposed as expert for {story.reference} with 24 hours; "
        "they get a mail to accept or decline."
    ]
    lead = Assignment.objects.get(expert=sanne)
    member = Assignment.objects.get(expert=bart)
    assert assignment_rows(response) == [
        "Sanne Visser Lead expert Status Proposed Hour budget 48 Hours per week 4 "
        f"Period {period_text(lead)} Match when assigned score 70.0 "
        "covers 3 of 4 themes: Business case and financing at level 3 of 3 (authority); "
        "Housing for priority groups at level 3 of 3 (authority); "
        "Regional cooperation at level 3 of 3 (authority) 12 h/week free "
        "score 70: 45 for skill level, 25 for free hours, 0 for earlier work with these "
        "organisations "
        "New hour budget (required) Change hours Sanne Visser Release Sanne Visser",
        "Bart Bouwman Expert Status Proposed Hour budget 24 Hours per week 2 "
        f"Period {period_text(member)} Match when assigned score 40.0 "
        "covers 1 of 4 themes: Business case and financing at level 3 of 3 (authority) "
        "16 h/week free from team Woningbouw "
        "score 40: 15 for skill level, 25 for free hours, 0 for earlier work with these "
        "organisations "
        "New hour budget (required) Change hours Bart Bouwman Release Bart Bouwman",
    ]
    assert timeline_actions(response)[-2:] == ["request.expert_assigned"] * 2
    # Those on the request are no longer suggested.
    partial = coordinator.get(
        reverse("requests:suggestions", args=[story.pk]), HTTP_HX_REQUEST="true"
    )
    assert suggestion_names(partial) == ["Vera Veldkamp"]


def test_a_second_lead_is_refused_with_the_message_and_the_typed_budget_stays(
    coordinator, story, story_experts
):
    sanne, vera, _bart = story_experts
    coordinator.post(assign_url(story), {"expert": sanne.pk, "role": "lead", "hours_budget": "40"})
    events_before = Event.objects.count()

    response = coordinator.post(
        assign_url(story), {"expert": vera.pk, "role": "lead", "hours_budget": "32.5"}
    )
    assert response.status_code == 409
    assert region(response, "experts-error") == "This request already has a lead expert."
    assert typed_budget(response, vera) == "32.5"
    assert [row.split(" Status ")[0] for row in assignment_rows(response)] == [
        "Sanne Visser Lead expert"
    ]
    assert Assignment.objects.filter(request=story).count() == 1
    assert Event.objects.count() == events_before


def test_assigning_beyond_capacity_is_refused_with_the_hours(coordinator, story, story_experts):
    sanne, _vera, _bart = story_experts
    response = coordinator.post(
        assign_url(story), {"expert": sanne.pk, "role": "lead", "hours_budget": "400"}
    )
    assert response.status_code == 409
    capacity = Expert.objects.get(pk=sanne.pk).weekly_capacity_hours
    assert region(response, "experts-error") == (
        f"Sanne Visser has {capacity} hours per week free in this period; "
        "this assignment needs 33.34."
    )
    assert typed_budget(response, sanne) == "400"
    assert not Assignment.objects.filter(request=story).exists()


def test_a_conflict_of_interest_found_after_the_page_was_drawn_is_refused(
    coordinator, story, story_experts, ede
):
    _sanne, _vera, bart = story_experts
    ConflictOfInterestFactory(expert=bart, organisation=ede)
    response = coordinator.post(
        assign_url(story), {"expert": bart.pk, "role": "member", "hours_budget": "40"}
    )
    assert response.status_code == 409
    # Bart is no longer suggested, so the refusal stands above the section.
    assert region(response, "experts-error") == (
        "Bart Bouwman declared a conflict of interest with an organisation of this request."
    )
    assert not Assignment.objects.filter(request=story).exists()


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        ("0", "Error: Give the expert a budget of more than 0 hours."),
        ("veertig", "Error: Enter a number."),
        ("12.125", "Error: Ensure that there are no more than 2 decimal places."),
        ("123456", "Error: Ensure that there are no more than 4 digits before the decimal point."),
    ],
)
def test_a_bad_budget_is_a_field_error_in_the_experts_row(
    coordinator, story, story_experts, budget, message
):
    sanne, _vera, _bart = story_experts
    response = coordinator.post(
        assign_url(story), {"expert": sanne.pk, "role": "lead", "hours_budget": budget}
    )
    assert response.status_code == 400
    assert region(response, "error-hours_budget") == message
    assert typed_budget(response, sanne) == budget
    page = response.content.decode()
    assert f'aria-describedby="assign-{sanne.pk}-hours_budget_error"' in page
    assert f'href="#assign-{sanne.pk}-hours_budget"' in page  # the summary links to the field
    assert not Assignment.objects.filter(request=story).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"expert": "999999", "role": "lead", "hours_budget": "40"}, "Unknown expert."),
        ({"expert": "Sanne", "role": "lead", "hours_budget": "40"}, "Enter a whole number."),
        ({"expert": "²", "role": "lead", "hours_budget": "40"}, "Enter a whole number."),
        (
            {"expert": "99999999999999999999", "role": "lead", "hours_budget": "40"},
            "Ensure this value is less than or equal to 9223372036854775807.",
        ),
        (
            {"role": "chef", "hours_budget": "40"},
            "This field is required. "
            "Role: Select a valid choice. chef is not one of the available choices.",
        ),
    ],
)
def test_a_tampered_form_is_a_400_with_the_reason(coordinator, story, story_experts, data, message):
    response = coordinator.post(assign_url(story), data)
    assert response.status_code == 400
    assert region(response, "experts-error") == message
    assert not Assignment.objects.filter(request=story).exists()


def test_a_request_that_is_not_accepted_yet_cannot_get_experts(
    client, coordinator_weer_thuis, requester, weer_thuis, story_experts
):
    sanne, _vera, _bart = story_experts
    submitted = story_request(requester, weer_thuis)
    signed_in = sign_in(client, coordinator_weer_thuis)
    response = signed_in.post(
        assign_url(submitted), {"expert": sanne.pk, "role": "lead", "hours_budget": "40"}
    )
    assert response.status_code == 409
    assert region(response, "experts-error") == (
        "Experts can be assigned once the request is accepted."
    )
    assert region(response, "not-assignable") == (
        "Experts can be assigned once the request is accepted."
    )
    assert not has_region(response, "assign")
    assert not Assignment.objects.filter(request=submitted).exists()


# --- releasing ---------------------------------------------------------------------------------


def test_releasing_frees_the_hours_so_a_new_assignment_fits(
    coordinator, story, story_experts, requester, weer_thuis, coordinator_weer_thuis, ede
):
    sanne, _vera, _bart = story_experts
    second = accept_request(story_request(requester, weer_thuis, [ede]), coordinator_weer_thuis)
    # 120 hours over 12 weeks: 10 of Sanne's 12 hours a week.
    coordinator.post(assign_url(story), {"expert": sanne.pk, "role": "lead", "hours_budget": "120"})
    refused = coordinator.post(
        assign_url(second), {"expert": sanne.pk, "role": "lead", "hours_budget": "40"}
    )
    assert refused.status_code == 409
    assert region(refused, "experts-error").startswith("Sanne Visser has 2")

    assignment = Assignment.objects.get(request=story, expert=sanne)
    response = coordinator.post(release_url(story, assignment), follow=True)
    assert success_messages(response) == [
        f"Sanne Visser is released from {story.reference}; their hours are free again."
    ]
    assert assignment_rows(response)[0].startswith(
        "Sanne Visser Lead expert Status Released Hour budget 120 Hours per week 10 "
    )
    assert "Release Sanne Visser" not in assignment_rows(response)[0]
    assert timeline_actions(response)[-1] == "request.expert_released"

    accepted = coordinator.post(
        assign_url(second), {"expert": sanne.pk, "role": "lead", "hours_budget": "40"}
    )
    assert accepted.status_code == 302
    assert Assignment.objects.get(request=second).hours_per_week == Decimal("3.34")


def test_releasing_twice_is_a_409_and_another_requests_assignment_is_404(
    coordinator, story, story_experts, coordinator_weer_thuis, requester, weer_thuis
):
    sanne, vera, _bart = story_experts
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=story.pk, expert_id=sanne.pk, role="lead"
    )
    assert coordinator.post(release_url(story, assignment)).status_code == 302
    response = coordinator.post(release_url(story, assignment))
    assert response.status_code == 409
    assert region(response, "experts-error") == (
        "Only a proposed or accepted assignment can be released."
    )
    # Vera's earlier assignment belongs to another request: not reachable through this one.
    elsewhere = Assignment.objects.get(expert=vera)
    assert coordinator.post(release_url(story, elsewhere)).status_code == 404
    assert Assignment.objects.get(pk=elsewhere.pk).status == Assignment.Status.ACCEPTED
    assert coordinator.get(release_url(story, assignment)).status_code == 405


def test_a_declined_assignment_shows_the_experts_reason_and_no_release_button(
    coordinator, story, story_experts, coordinator_weer_thuis
):
    sanne, _vera, _bart = story_experts
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=story.pk, expert_id=sanne.pk, role="lead"
    )
    assignments.decline_assignment(
        actor=sanne.user, assignment_id=assignment.pk, reason="Te druk tot de zomer."
    )
    response = coordinator.get(workspace_url(story))
    assert region(response, "decline-reason") == "Te druk tot de zomer."
    assert assignment_rows(response)[0].startswith("Sanne Visser Lead expert Status Declined ")
    assert "Reason for declining Te druk tot de zomer." in assignment_rows(response)[0]
    assert not has_region(response, "release")


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "status"),
    [
        ("coordinator_woningbouw", 404),  # another team's request: not even visible
        ("expert", 404),  # not on the request
        ("requester", 403),  # sees the request, may not assign
        ("requester_ede", 403),  # a partner: the same
    ],
)
def test_who_may_not_coordinate_cannot_assign_or_release(
    client, request, story, story_experts, coordinator_weer_thuis, person, status
):
    sanne, _vera, bart = story_experts
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=story.pk, expert_id=sanne.pk, role="lead"
    )
    signed_in = sign_in(client, request.getfixturevalue(person))
    response = signed_in.post(
        assign_url(story), {"expert": bart.pk, "role": "member", "hours_budget": "40"}
    )
    assert response.status_code == status
    assert signed_in.post(release_url(story, assignment)).status_code == status
    assert list(Assignment.objects.filter(request=story).values_list("expert_id", "status")) == [
        (sanne.pk, "proposed")
    ]


def test_an_assigned_expert_sees_the_request_but_cannot_assign(
    client, story, story_experts, coordinator_weer_thuis
):
    sanne, _vera, bart = story_experts
    assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=story.pk, expert_id=sanne.pk, role="lead"
    )
    signed_in = sign_in(client, sanne.user)
    response = signed_in.post(
        assign_url(story), {"expert": bart.pk, "role": "member", "hours_budget": "40"}
    )
    assert response.status_code == 403
    assert Assignment.objects.filter(request=story).count() == 1


def test_an_admin_may_assign(client, admin_user, story, story_experts):
    sanne, _vera, _bart = story_experts
    response = sign_in(client, admin_user).post(
        assign_url(story), {"expert": sanne.pk, "role": "lead", "hours_budget": "40"}
    )
    assert response.status_code == 302
    assert Assignment.objects.get(request=story).assigned_by == admin_user


def test_anonymous_visitors_are_sent_to_sign_in(client, story, story_experts):
    sanne, _vera, _bart = story_experts
    response = client.post(
        assign_url(story), {"expert": sanne.pk, "role": "lead", "hours_budget": "40"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Assignment.objects.filter(request=story).exists()
