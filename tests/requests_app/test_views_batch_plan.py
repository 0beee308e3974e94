"""The batch plan page: what is proposed and why, what stays open and why, applying the ticked
proposals through the assignment service — never overbooking, never a 500 on a stale or
tampered plan."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from experts.models import Theme
from requests_app import capacity
from requests_app.models import Assignment
from requests_app.services import assignments
from tests.factories import ConflictOfInterestFactory, accept_request, file_request, skilled_expert
from tests.requests_app.page_support import checked, has_region, region
from tests.requests_app.test_views_coordinator_workspace import sign_in, text

pytestmark = pytest.mark.django_db

PLAN = reverse("requests:batch-plan")
APPLY = reverse("requests:batch-plan-apply")


def rows(response, testid: str) -> list[str]:
    """The table rows tagged ``testid``, each as the text a reader sees."""
    page = response.content.decode()
    return [
        text(row)
        for row in re.findall(rf'<tr[^>]*data-testid="{testid}"[^>]*>(.*?)</tr>', page, re.S)
    ]


def pair(advice_request, expert) -> str:
    return f"{advice_request.pk}:{expert.pk}"


def lead_of(advice_request):
    return list(
        Assignment.objects.filter(request=advice_request, status__in=Assignment.ACTIVE).values_list(
            "expert_id", "role"
        )
    )


class Backlog:
    """Four accepted Weer Thuis requests of Veenendaal and one Woningbouw request of Ede."""

    def __init__(self, requester, requester_ede, weer_thuis, woningbouw, coordinators, veenendaal):
        weer_thuis_coordinator, woningbouw_coordinator = coordinators

        def accepted(
            title, slug, *, by=requester, team=weer_thuis, coordinator=weer_thuis_coordinator
        ):
            request = file_request(
                requester=by, team=team, title=title, themes=[Theme.objects.get(slug=slug)]
            )
            return accept_request(request, coordinator)

        self.housing_first = accepted("Housing First in de regio", "housing-first")
        self.outflow = accepted("Uitstroom uit de opvang", "uitstroom")
        self.prevention = accepted("Preventie van dakloosheid", "dakloosheid")
        self.monitoring = accepted("Monitor wonen en zorg", "monitoring")
        self.other_team = accepted(
            "Grondexploitatie Ede-Zuid",
            "grondbeleid",
            by=requester_ede,
            team=woningbouw,
            coordinator=woningbouw_coordinator,
        )
        # 10 h/week: three default assignments (40 h over 12 weeks = 3.34 h/week each).
        self.star = skilled_expert(
            teams=[weer_thuis],
            skills={"housing-first": 3, "uitstroom": 3},
            capacity="10",
            user__first_name="Stella",
            user__last_name="Sterk",
        )
        self.shy = skilled_expert(
            teams=[weer_thuis],
            skills={"dakloosheid": 3},
            user__first_name="Sjors",
            user__last_name="Schuw",
        )
        ConflictOfInterestFactory(expert=self.shy, organisation=veenendaal)
        self.builder = skilled_expert(
            teams=[woningbouw],
            skills={"grondbeleid": 3},
            user__first_name="Bram",
            user__last_name="Bouw",
        )


@pytest.fixture
def backlog(
    requester,
    requester_ede,
    weer_thuis,
    woningbouw,
    coordinator_weer_thuis,
    coordinator_woningbouw,
    veenendaal,
):
    return Backlog(
        requester,
        requester_ede,
        weer_thuis,
        woningbouw,
        (coordinator_weer_thuis, coordinator_woningbouw),
        veenendaal,
    )


@pytest.fixture
def coordinator(client, coordinator_weer_thuis):
    return sign_in(client, coordinator_weer_thuis)


# --- the proposal ------------------------------------------------------------------------------


def test_the_plan_shows_proposed_leads_with_reasons_and_why_the_rest_stays_open(
    coordinator, backlog
):
    response = coordinator.get(PLAN)
    assert response.status_code == 200
    # No desired period: the default 12 weeks from today; 40 h over 12 weeks is 3.34 h/week
    # (rounded up: a load is never understated).
    period = capacity.request_period(None, None)
    hours = f"40 h, 3.34 h/week {period.start:%-d %b} \N{EN DASH} {period.end:%-d %b %Y}"
    score = (
        "score 85: 60 for skill level, 25 for free hours, 0 for earlier work with these "
        "organisations"
    )
    assert rows(response, "planned-item") == [
        f"Assign Stella Sterk to {backlog.housing_first.reference} "
        f"{backlog.housing_first.reference} Housing First in de regio Veenendaal (GM0345) "
        f"Back Home Stella Sterk {hours} 85.0 "
        f"covers 1 of 1 theme: Housing First at level 3 of 3 (authority) 10 h/week free {score}",
        f"Assign Stella Sterk to {backlog.outflow.reference} "
        f"{backlog.outflow.reference} Uitstroom uit de opvang Veenendaal (GM0345) Back Home "
        f"Stella Sterk {hours} 85.0 covers 1 of 1 theme: Outflow from shelters and protected "
        f"living at level 3 of 3 (authority) 10 h/week free {score}",
    ]
    assert rows(response, "unplanned-item") == [
        f"{backlog.prevention.reference} Preventie van dakloosheid Veenendaal (GM0345) Back Home "
        "Every expert with these themes has a conflict of interest with an organisation of "
        "the request.",
        f"{backlog.monitoring.reference} Monitor wonen en zorg Veenendaal (GM0345) Back Home "
        "No active expert has any of the requested themes.",
    ]
    assert region(response, "plan-summary") == (
        "4 accepted requests wait for a lead expert: 2 are planned, 2 stay open. Total score: 170.0"
    )
    # Every proposal is ticked to start with.
    assert checked(response, "pair") == [
        pair(backlog.housing_first, backlog.star),
        pair(backlog.outflow, backlog.star),
    ]
    assert not has_region(response, "plan-result")


def test_a_coordinator_plans_only_their_teams_requests_and_an_admin_plans_all(
    client, coordinator_woningbouw, admin_user, backlog
):
    response = sign_in(client, coordinator_woningbouw).get(PLAN)
    assert checked(response, "pair") == [pair(backlog.other_team, backlog.builder)]
    assert not has_region(response, "unplanned")

    response = sign_in(client, admin_user).get(PLAN)
    assert checked(response, "pair") == [
        pair(backlog.housing_first, backlog.star),
        pair(backlog.outflow, backlog.star),
        pair(backlog.other_team, backlog.builder),
    ]
    assert len(rows(response, "unplanned-item")) == 2


def test_nothing_to_plan_says_so(coordinator, weer_thuis):
    response = coordinator.get(PLAN)
    assert region(response, "plan-empty") == (
        "No accepted request of your teams is waiting for a lead expert."
    )
    assert not has_region(response, "plan-form")


def test_the_inbox_links_to_the_plan(coordinator):
    response = coordinator.get(reverse("requests:inbox"))
    assert region(response, "batch-plan-link") == (
        "Batch plan: propose a lead expert for every accepted request at once"
    )
    assert f'href="{PLAN}" data-testid="batch-plan-link"' in response.content.decode()


# --- applying ----------------------------------------------------------------------------------


def test_applying_without_an_unticked_item_assigns_only_the_others(coordinator, backlog):
    # Outflow is unticked: only Housing First is posted.
    response = coordinator.post(APPLY, {"pair": [pair(backlog.housing_first, backlog.star)]})
    assert response.status_code == 302
    assert response["Location"] == PLAN
    page = coordinator.get(PLAN)
    assert rows(page, "plan-assigned-item") == [
        f"{backlog.housing_first.reference} Housing First in de regio Stella Sterk 40"
    ]
    assert not has_region(page, "plan-skipped")
    assert lead_of(backlog.housing_first) == [(backlog.star.pk, "lead")]
    assert lead_of(backlog.outflow) == []
    # The unticked request is still open and proposed again, with the hours that are left.
    assert checked(page, "pair") == [pair(backlog.outflow, backlog.star)]
    assert region(page, "plan-summary").startswith(
        "3 accepted requests wait for a lead expert: 1 is planned, 2 stay open."
    )
    # The outcome is shown once.
    assert not has_region(coordinator.get(PLAN), "plan-result")


def test_applying_twice_creates_nothing_twice(coordinator, backlog):
    chosen = {
        "pair": [pair(backlog.housing_first, backlog.star), pair(backlog.outflow, backlog.star)]
    }
    coordinator.post(APPLY, chosen)
    first = coordinator.get(PLAN)
    assert len(rows(first, "plan-assigned-item")) == 2

    response = coordinator.post(APPLY, chosen, follow=True)
    assert not has_region(response, "plan-assigned-item")
    assert region(response, "plan-result").startswith("What applying the plan did 0 lead experts")
    assert rows(response, "plan-skipped-item") == [
        f"{backlog.housing_first.reference} Housing First in de regio Stella Sterk "
        "Stella Sterk is already on this request.",
        f"{backlog.outflow.reference} Uitstroom uit de opvang Stella Sterk "
        "Stella Sterk is already on this request.",
    ]
    assert Assignment.objects.filter(expert=backlog.star).count() == 2


def test_a_stale_plan_never_overbooks(coordinator, backlog, coordinator_weer_thuis):
    proposal = coordinator.get(PLAN)
    posted = {"pair": checked(proposal, "pair")}
    # Meanwhile a colleague gives Stella 80 hours elsewhere: 6.67 of her 10 hours a week.
    assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=backlog.monitoring.pk,
        expert_id=backlog.star.pk,
        hours_budget=80,
    )
    response = coordinator.post(APPLY, posted, follow=True)
    assert response.status_code == 200
    assert [row.split(" Stella Sterk ", 1)[1] for row in rows(response, "plan-skipped-item")] == [
        "Stella Sterk has 3.33 hours per week free in this period; this assignment needs 3.34."
    ] * 2
    assert lead_of(backlog.housing_first) == lead_of(backlog.outflow) == []


def test_a_tampered_plan_reports_what_it_skipped(coordinator, backlog):
    response = coordinator.post(
        APPLY,
        {
            "pair": [
                pair(backlog.other_team, backlog.builder),  # another team's request
                f"{backlog.outflow.pk}:999999",  # no such expert
                f"999999:{backlog.star.pk}",  # no such request
                f"99999999999:{backlog.star.pk}",  # not even an id
                pair(backlog.housing_first, backlog.star),
                pair(backlog.housing_first, backlog.star),  # twice
            ]
        },
        follow=True,
    )
    assert response.status_code == 200
    assert rows(response, "plan-assigned-item") == [
        f"{backlog.housing_first.reference} Housing First in de regio Stella Sterk 40"
    ]
    assert rows(response, "plan-skipped-item") == [
        f"request number {backlog.other_team.pk} Bram Bouw "
        "Not a request of your teams, or it no longer exists.",
        f"{backlog.outflow.reference} Uitstroom uit de opvang expert number 999999 "
        "There is no such expert.",
        "request number 999999 Stella Sterk Not a request of your teams, or it no longer exists.",
        "request number 99999999999 Stella Sterk "
        "Not a request of your teams, or it no longer exists.",
    ]
    assert backlog.other_team.reference not in response.content.decode()
    assert lead_of(backlog.other_team) == []
    assert Assignment.objects.count() == 1


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        (
            {"pair": ["1:x", "drop table"]},
            "These proposals could not be read: “1:x”, “drop table”. Nothing was assigned.",
        ),
        (
            {"pair": ["123456789012345678901:1"]},
            "These proposals could not be read: “123456789012345678901:1”. Nothing was assigned.",
        ),
        ({}, "Tick at least one proposal to apply. Nothing was assigned."),
    ],
)
def test_an_unreadable_or_empty_plan_is_a_400(coordinator, backlog, posted, message):
    response = coordinator.post(APPLY, posted)
    assert response.status_code == 400
    assert region(response, "plan-error") == message
    assert not Assignment.objects.exists()
    assert checked(response, "pair") == []  # what was ticked stays as it was: nothing valid


def test_a_400_keeps_the_ticks_that_were_valid(coordinator, backlog):
    kept = pair(backlog.outflow, backlog.star)
    response = coordinator.post(APPLY, {"pair": [kept, "oops"]})
    assert response.status_code == 400
    assert checked(response, "pair") == [kept]


# --- who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("person", ["requester", "expert"])
def test_only_coordinators_and_admins_plan(client, request, backlog, person):
    signed_in = sign_in(client, request.getfixturevalue(person))
    assert signed_in.get(PLAN).status_code == 403
    response = signed_in.post(APPLY, {"pair": [pair(backlog.housing_first, backlog.star)]})
    assert response.status_code == 403
    assert not Assignment.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_apply_is_post_only(client, coordinator):
    from django.test import Client

    anonymous = Client()
    assert anonymous.get(PLAN)["Location"].startswith(reverse("account_login"))
    assert anonymous.post(APPLY)["Location"].startswith(reverse("account_login"))
    assert coordinator.get(APPLY).status_code == 405


# --- cost ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_the_plan_page_costs_the_same_number_of_queries_for_1_and_12_requests(
    client,
    coordinator_weer_thuis,
    requester,
    weer_thuis,
    ede,
    django_assert_num_queries,
    count,
):
    themes = ["housing-first", "uitstroom", "dakloosheid", "monitoring"]
    for number in range(count):
        request = file_request(
            requester=requester,
            team=weer_thuis,
            title=f"Vraag {number}",
            themes=list(Theme.objects.filter(slug__in=themes[: 1 + number % 4])),
            partners=[ede],
        )
        accept_request(request, coordinator_weer_thuis)
        skilled_expert(
            teams=[weer_thuis],
            skills={themes[number % 4]: 1 + number % 3},
            user__email=f"expert{number}@experts.nl",
        )
    signed_in = sign_in(client, coordinator_weer_thuis)
    signed_in.get(PLAN)  # the session and role caches warm up
    with django_assert_num_queries(22):
        response = signed_in.get(PLAN)
    assert len(rows(response, "planned-item")) + len(rows(response, "unplanned-item")) == count
