"""The expert home (assignments to answer, accepted ones, load for the coming 12 weeks, links
to the profile pages) and the coordinators' load page of their teams' experts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from core.workdays import AMSTERDAM
from experts.models import Expert
from experts.services import profiles as expert_profiles
from requests_app import capacity
from requests_app.models import Assignment
from requests_app.services import assignments
from tests.factories import (
    AbsenceFactory,
    ExpertFactory,
    accept_request,
    file_request,
    skilled_expert,
)
from tests.requests_app.page_support import (
    english_fixture,  # noqa: F401 -- fixture "english"
    has_region,
    html,
    messages_of,
    region,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "frozen")]

WEDNESDAY = dt.datetime(2026, 3, 4, 10, 0, tzinfo=AMSTERDAM)
DASH = "\N{EN DASH}"
EIGHT_WEEKS = [dt.date(2026, 3, 2) + dt.timedelta(weeks=index) for index in range(8)]


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


@pytest.fixture
def sanne(expert) -> Expert:
    return expert.expert_profile


@pytest.fixture
def assign(requester, weer_thuis, coordinator_weer_thuis):
    """Put an expert on a fresh accepted request, through the real services."""

    def assign(expert, *, hours, title="Anders Wonen", start=None, end=None, request=None):
        if request is None:
            request = accept_request(
                file_request(
                    requester=requester,
                    team=weer_thuis,
                    title=title,
                    desired_start=start,
                    desired_end=end,
                ),
                coordinator_weer_thuis,
            )
        return assignments.assign_expert(
            actor=coordinator_weer_thuis,
            request_id=request.pk,
            expert_id=expert.pk,
            hours_budget=Decimal(hours),
        )

    return assign


@pytest.fixture
def three_assignments(sanne, assign):
    """A: 20 h over 4 whole weeks (5/week); B: 36 h over the default 12 weeks from today
    (3/week); C: 9 h over 2 weeks (4.5/week)."""
    a = assign(
        sanne,
        hours="20",
        title="Skaeve Huse Ede",
        start=dt.date(2026, 3, 9),
        end=dt.date(2026, 4, 5),
    )
    b = assign(sanne, hours="36", title="Woonzorgvisie Rhenen")
    c = assign(
        sanne,
        hours="9",
        title="Uitstroom MO Wageningen",
        start=dt.date(2026, 4, 13),
        end=dt.date(2026, 4, 26),
    )
    return a, b, c


# --- the expert home ------------------------------------------------------------------------------


def test_the_home_lists_proposed_assignments_first_with_what_to_decide_on(
    client, expert, sanne, three_assignments, coordinator_weer_thuis
):
    a, b, _ = three_assignments
    assignments.accept_assignment(actor=expert, assignment_id=b.pk)
    client.force_login(expert)
    page = client.get(reverse("requests:expert-home"))
    assert page.status_code == 200
    coordinator = coordinator_weer_thuis
    assert region(page, f"assignment-{a.pk}") == (
        f"{a.request.reference} — Skaeve Huse Ede "
        "Question Hoe maken we een businesscase voor Skaeve Huse? "
        "Themes Alternative housing (Skaeve Huse) Lead organisation Veenendaal (GM0345) "
        "Partners None Attachments None "
        f"Coordinator {coordinator.get_full_name()} ( {coordinator.email} ) Role Expert "
        "Hour budget 20 hours, about 5 hours per week "
        f"Period 9 Mar 2026 {DASH} 5 Apr 2026 "
        "Please answer by Monday 9 March 2026 "  # three working days after Wednesday 4 March
        "Reason (only when you decline) Only visible to coordinators and experts. Accept Decline"
    )
    proposed = region(page, "proposed")
    assert proposed.index("Skaeve Huse Ede") < proposed.index("Uitstroom MO Wageningen")
    assert "Woonzorgvisie" not in proposed
    assert region(page, "accepted") == (
        "Assignments you accepted Request Organisation Role Hour budget Period Hours per week "
        f"{b.request.reference} — Woonzorgvisie Rhenen Veenendaal (GM0345) Expert 36 "
        f"4 Mar 2026 {DASH} 26 May 2026 3"
    )
    for link in ("edit-profile", "edit-skills", "edit-absences", "edit-conflicts"):
        assert has_region(page, link)
    assert f'href="{reverse("experts:skills", args=[sanne.pk])}"' in html(page)


def test_the_home_shows_the_load_of_the_coming_12_weeks(client, expert, sanne, three_assignments):
    client.force_login(expert)
    page = client.get(reverse("requests:expert-home"))
    weeks = [dt.date(2026, 3, 2) + dt.timedelta(weeks=index) for index in range(12)]
    rows = [region(page, f"week-{week:%Y-%m-%d}") for week in weeks]
    assert rows == [
        f"Week 10 (2 Mar {DASH} 8 Mar) 3 of 16 h 13",
        f"Week 11 (9 Mar {DASH} 15 Mar) 8 of 16 h 8",
        f"Week 12 (16 Mar {DASH} 22 Mar) 8 of 16 h 8",
        f"Week 13 (23 Mar {DASH} 29 Mar) 8 of 16 h 8",
        f"Week 14 (30 Mar {DASH} 5 Apr) 8 of 16 h 8",
        f"Week 15 (6 Apr {DASH} 12 Apr) 3 of 16 h 13",
        f"Week 16 (13 Apr {DASH} 19 Apr) 7.50 of 16 h 8.50",
        f"Week 17 (20 Apr {DASH} 26 Apr) 7.50 of 16 h 8.50",
        f"Week 18 (27 Apr {DASH} 3 May) 3 of 16 h 13",
        f"Week 19 (4 May {DASH} 10 May) 3 of 16 h 13",
        f"Week 20 (11 May {DASH} 17 May) 3 of 16 h 13",
        f"Week 21 (18 May {DASH} 24 May) 3 of 16 h 13",
    ]
    assert '<meter class="ed-ex-meter" min="0" max="16.00" low="16.00" high="16.00"' in html(page)
    assert 'value="7.50"' in html(page)
    assert "style=" not in html(page)


def test_a_week_of_leave_leaves_no_free_hours_and_a_part_week_leaves_a_share(
    client, expert, sanne, three_assignments
):
    """16 h a week: a whole week away leaves 0 free; two of five working days away leave
    3/5 of 16 = 9.60 available, 8 of them committed."""
    AbsenceFactory(expert=sanne, start=dt.date(2026, 3, 16), end=dt.date(2026, 3, 20))
    AbsenceFactory(expert=sanne, start=dt.date(2026, 3, 23), end=dt.date(2026, 3, 24))
    client.force_login(expert)
    page = client.get(reverse("requests:expert-home"))
    assert region(page, "week-2026-03-16") == (
        f"Week 12 (16 Mar {DASH} 22 Mar) 8 of 16 h absent all week 0"
    )
    assert region(page, "week-2026-03-23") == (
        f"Week 13 (23 Mar {DASH} 29 Mar) 8 of 16 h absent 2 working days 1.60"
    )
    assert region(page, "week-2026-03-30") == f"Week 14 (30 Mar {DASH} 5 Apr) 8 of 16 h 8"


def test_the_load_table_reaches_as_far_as_the_assignments_do(client, expert, sanne, assign):
    """Twelve weeks from 4 March end on 24 May; an assignment in September shows all the same."""
    far = assign(
        sanne, hours="10", title="Later", start=dt.date(2026, 9, 7), end=dt.date(2026, 9, 18)
    )
    client.force_login(expert)
    page = client.get(reverse("requests:expert-home"))
    assert far.hours_per_week == Decimal("5.00")
    assert region(page, "week-2026-09-07") == f"Week 37 (7 Sep {DASH} 13 Sep) 5 of 16 h 11"
    assert region(page, "week-2026-09-14") == f"Week 38 (14 Sep {DASH} 20 Sep) 5 of 16 h 11"
    assert not has_region(page, "week-2026-09-21")
    assert "My load in the coming 29 weeks" in html(page)


def test_accepting_from_the_home_shows_on_the_request_timeline(
    client, expert, sanne, three_assignments
):
    a, _, _ = three_assignments
    client.force_login(expert)
    response = client.post(reverse("requests:expert-accept", args=[a.pk]), follow=True)
    assert response.redirect_chain == [(reverse("requests:expert-home"), 302)]
    assert messages_of(response) == ["Thank you: you accepted the assignment."]
    assert Assignment.objects.get(pk=a.pk).status == "accepted"
    assert "Skaeve Huse Ede" in region(response, "accepted")
    event = a.request.events.get(action="request.expert_accepted")
    assert (event.actor, event.data) == (expert, {"expert": str(sanne)})
    timeline = client.get(reverse("requests:detail", args=[a.request.pk]))
    assert timeline.status_code == 200


def test_declining_from_the_home_needs_a_reason_and_shows_on_the_timeline(
    client, expert, sanne, three_assignments
):
    a, _, _ = three_assignments
    client.force_login(expert)
    refused = client.post(reverse("requests:expert-decline", args=[a.pk]), {"reason": "  "})
    assert refused.status_code == 400
    assert f'id="assignment-{a.pk}-reason_error"' in html(refused)
    assert "Tell the coordinator why you decline." in region(refused, f"assignment-{a.pk}")
    assert Assignment.objects.get(pk=a.pk).status == "proposed"

    response = client.post(
        reverse("requests:expert-decline", args=[a.pk]),
        {"reason": "Ik zit in de raad van toezicht van de corporatie."},
        follow=True,
    )
    assert messages_of(response) == ["You declined the assignment; the coordinator has been told."]
    assert "Skaeve Huse Ede" not in region(response, "proposed")
    declined = Assignment.objects.get(pk=a.pk)
    assert (declined.status, declined.decline_reason) == (
        "declined",
        "Ik zit in de raad van toezicht van de corporatie.",
    )
    event = a.request.events.get(action="request.expert_declined")
    assert (event.actor, event.note, event.internal_note) == (
        expert,
        "",
        "Ik zit in de raad van toezicht van de corporatie.",
    )


def test_an_answered_assignment_cannot_be_answered_again(client, expert, three_assignments):
    a, _, _ = three_assignments
    assignments.accept_assignment(actor=expert, assignment_id=a.pk)
    client.force_login(expert)
    response = client.post(reverse("requests:expert-decline", args=[a.pk]), {"reason": "Toch niet"})
    assert response.status_code == 409
    assert region(response, "error") == "This assignment was already answered (Accepted)."
    assert Assignment.objects.get(pk=a.pk).status == "accepted"


def test_another_experts_assignment_is_not_found(client, weer_thuis, three_assignments):
    a, _, _ = three_assignments
    other = ExpertFactory(teams=[weer_thuis])
    client.force_login(other.user)
    assert client.post(reverse("requests:expert-accept", args=[a.pk])).status_code == 404
    decline = client.post(reverse("requests:expert-decline", args=[a.pk]), {"reason": "x"})
    assert decline.status_code == 404
    assert Assignment.objects.get(pk=a.pk).status == "proposed"


def test_answering_needs_a_post(client, expert, three_assignments):
    a, _, _ = three_assignments
    client.force_login(expert)
    assert client.get(reverse("requests:expert-accept", args=[a.pk])).status_code == 405


def test_the_home_is_for_experts(client, requester):
    client.force_login(requester)
    assert client.get(reverse("requests:expert-home")).status_code == 403


@pytest.mark.parametrize("count", [1, 6])
def test_the_home_takes_a_constant_number_of_queries(
    client, expert, sanne, assign, django_assert_num_queries, count
):
    for index in range(count):
        assign(sanne, hours="2", title=f"Verzoek {index}")
    client.force_login(expert)
    client.get(reverse("requests:expert-home"))  # the first page after sign-in stores the language
    # 13, and: how far the assignments reach, the absences in those weeks, and the request's
    # themes, partners and attachments the expert decides on.
    with django_assert_num_queries(18):
        assert client.get(reverse("requests:expert-home")).status_code == 200


# --- the coordinators' load page ------------------------------------------------------------------


def test_coordinators_see_the_load_capacity_assignments_and_absences_of_their_experts(
    client, coordinator_weer_thuis, sanne, woningbouw, weer_thuis, three_assignments
):
    AbsenceFactory(expert=sanne, start=dt.date(2026, 4, 6), end=dt.date(2026, 4, 10))
    AbsenceFactory(expert=sanne, start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 4))  # later
    both = ExpertFactory(teams=[weer_thuis, woningbouw], weekly_capacity_hours=Decimal("7.25"))
    elsewhere = ExpertFactory(teams=[woningbouw])
    client.force_login(coordinator_weer_thuis)
    page = client.get(reverse("requests:team-load"))
    assert page.status_code == 200

    expected = capacity.load_by_week(
        [
            capacity.Commitment(capacity.Period(a.period_start, a.period_end), a.hours_per_week)
            for a in three_assignments
        ],
        EIGHT_WEEKS,
    )
    assert [expected[week] for week in EIGHT_WEEKS] == [
        Decimal(hours) for hours in ("3", "8", "8", "8", "8", "3", "7.5", "7.5")
    ]
    cells = [region(page, f"load-{sanne.pk}-{week:%Y-%m-%d}") for week in EIGHT_WEEKS]
    assert cells == [
        f"{expected[week].normalize():f}".replace("7.5", "7.50")
        + " of 16 h"
        + (" absent all week" if week == dt.date(2026, 4, 6) else "")  # Easter Monday too
        for week in EIGHT_WEEKS
    ]
    assert region(page, f"capacity-{sanne.pk}") == "16"
    assert region(page, f"assignments-{sanne.pk}") == "3"
    assert region(page, f"absences-{sanne.pk}") == f"6 Apr {DASH} 10 Apr"
    assert not has_region(page, f"over-capacity-{sanne.pk}")

    assert region(page, f"capacity-{both.pk}") == "7.25"
    assert region(page, f"load-{both.pk}-2026-03-02") == "0 of 7.25 h"
    assert region(page, f"assignments-{both.pk}") == "0"
    assert not has_region(page, f"expert-{elsewhere.pk}")
    assert html(page).count(f'data-testid="expert-{both.pk}"') == 1
    assert f'href="{reverse("experts:profile", args=[sanne.pk])}"' in html(page)
    assert "style=" not in html(page)


def test_a_capacity_lowered_after_assigning_shows_as_over_capacity_in_words(
    client, expert, coordinator_weer_thuis, sanne, three_assignments
):
    expert_profiles.update_profile(
        actor=expert,
        expert_id=sanne.pk,
        weekly_capacity_hours="6",
        invitation_preference="both",
    )
    client.force_login(coordinator_weer_thuis)
    page = client.get(reverse("requests:team-load"))
    assert region(page, f"over-capacity-{sanne.pk}") == "Over capacity in 6 weeks"
    assert region(page, f"load-{sanne.pk}-2026-03-02") == "3 of 6 h"
    assert region(page, f"load-{sanne.pk}-2026-03-09") == "8 of 6 h over capacity"
    assert region(page, f"load-{sanne.pk}-2026-04-13") == "7.50 of 6 h over capacity"


def test_admins_see_every_team(client, admin_user, sanne, woningbouw):
    elsewhere = ExpertFactory(teams=[woningbouw])
    client.force_login(admin_user)
    page = client.get(reverse("requests:team-load"))
    assert has_region(page, f"expert-{sanne.pk}")
    assert has_region(page, f"expert-{elsewhere.pk}")


@pytest.mark.parametrize("who", ["expert", "requester"])
def test_the_load_page_is_for_coordinators_and_admins(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("requests:team-load")).status_code == 403


def test_the_load_page_needs_a_sign_in(client, db):
    response = client.get(reverse("requests:team-load"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("count", [1, 30])
def test_the_load_page_takes_a_constant_number_of_queries(
    client,
    coordinator_weer_thuis,
    requester,
    weer_thuis,
    woningbouw,
    django_assert_num_queries,
    count,
):
    requests = [
        accept_request(
            file_request(requester=requester, team=weer_thuis, title=title),
            coordinator_weer_thuis,
        )
        for title in ("Skaeve Huse", "Woonzorgvisie")
    ]
    experts = [
        skilled_expert(teams=[weer_thuis, woningbouw], skills={"anders-wonen": 2})
        for _ in range(count)
    ]
    for expert in experts:
        AbsenceFactory(expert=expert, start=dt.date(2026, 3, 16), end=dt.date(2026, 3, 20))
        for request in requests:
            assignments.assign_expert(
                actor=coordinator_weer_thuis,
                request_id=request.pk,
                expert_id=expert.pk,
                hours_budget=Decimal("12"),
            )
    client.force_login(coordinator_weer_thuis)
    client.get(reverse("requests:team-load"))  # the first page after sign-in stores the language
    # 10, and the absences that take free hours out of the weeks shown.
    with django_assert_num_queries(11):
        page = client.get(reverse("requests:team-load"))
    assert html(page).count('data-testid="expert-') == count
    assert region(page, f"load-{experts[-1].pk}-2026-03-02") == "2 of 16 h"


# --- the mail's signed link -----------------------------------------------------------------------


def test_the_signed_link_shows_what_to_decide_and_accepting_says_accepted(
    client, sanne, three_assignments, coordinator_weer_thuis
):
    a, _, _ = three_assignments
    link = reverse("requests:assignment-answer", args=[assignments.answer_token(a)])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(link)  # not signed in: the link itself is the key
    assert page.status_code == 200
    assert region(page, "assignment-facts") == (
        "Question Hoe maken we een businesscase voor Skaeve Huse? "
        "Themes Alternative housing (Skaeve Huse) Lead organisation Veenendaal (GM0345) "
        "Partners None Attachments None "
        f"Coordinator {coordinator_weer_thuis.get_full_name()} ( {coordinator_weer_thuis.email} ) "
        "Role Expert Hour budget 20 hours, about 5 hours per week "
        f"Period 9 Mar 2026 {DASH} 5 Apr 2026 Please answer by Monday 9 March 2026"
    )
    assert region(page, "assignment-status") == "Proposed"
    assert [region(page, "accept"), region(page, "decline")] == ["Accept", "Decline"]

    refused = client.post(link, {"answer": "decline", "reason": " "})
    assert refused.status_code == 400
    assert "Tell the coordinator why you decline." in html(refused)

    answered = client.post(link, {"answer": "accept"}, follow=True)
    assert messages_of(answered) == ["Thank you: you accepted the assignment."]
    assert region(answered, "assignment-status") == "Accepted"
    assert not has_region(answered, "accept")  # nothing left to answer


def test_a_forged_signed_link_says_so(client, sanne, three_assignments):
    a, _, _ = three_assignments
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    token = assignments.answer_token(a)[:-2] + "xx"
    page = client.get(reverse("requests:assignment-answer", args=[token]))
    assert page.status_code == 400
    assert region(page, "error") == "This link is not valid."
