"""The expert's profile pages, used by the expert themself and by the coordinators of the
expert's teams: capacity and preferences, skills, absences, conflicts of interest.

Who may not edit an expert's profile may not see it either: 404 for other experts, for
coordinators of another team and for requesters — never 403 on these pages.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from core.workdays import AMSTERDAM
from experts.models import Absence, ConflictOfInterest, Skill, Theme
from requests_app import capacity
from requests_app.models import Event
from requests_app.services import assignments
from tests.factories import (
    AbsenceFactory,
    ConflictOfInterestFactory,
    ExpertFactory,
    accept_request,
    file_request,
)
from tests.requests_app.page_support import (
    checked,
    english_fixture,  # noqa: F401 -- fixture "english"
    has_region,
    html,
    messages_of,
    region,
    value,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english", "frozen")]

WEDNESDAY = dt.datetime(2026, 3, 4, 10, 0, tzinfo=AMSTERDAM)

PAGES = ["expert-profile", "expert-skills", "expert-absences", "expert-conflicts"]


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


@pytest.fixture
def sanne(expert):
    return expert.expert_profile


@pytest.fixture
def assigned(requester, weer_thuis, coordinator_weer_thuis):
    """Assign an expert to a fresh accepted request, through the real services."""

    def assign(expert, *, hours: str):
        request = accept_request(
            file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
        )
        return assignments.assign_expert(
            actor=coordinator_weer_thuis,
            request_id=request.pk,
            expert_id=expert.pk,
            hours_budget=Decimal(hours),
        )

    return assign


def url(name: str, sanne, *args) -> str:
    return reverse(f"experts:{name.removeprefix('expert-')}", args=[sanne.pk, *args])


def profile_form(**changes) -> dict:
    return {
        "weekly_capacity_hours": "16",
        "invitation_preference": "both",
        "organisation_name": "",
        "free_busy_url": "",
        **changes,
    }


# --- capacity and preferences ---------------------------------------------------------------------


def test_an_expert_changes_their_capacity_and_preferences(client, expert, sanne):
    client.force_login(expert)
    page = client.get(url("expert-profile", sanne))
    assert page.status_code == 200
    assert region(page, "profile-heading") == "My expert profile"
    assert value(page, "weekly_capacity_hours") == "16"
    assert checked(page, "invitation_preference") == ["both"]

    response = client.post(
        url("expert-profile", sanne),
        profile_form(
            weekly_capacity_hours="12,75",
            invitation_preference="email",
            organisation_name="Stadkwadraat",
            free_busy_url="https://agenda.example.nl/sanne.ics",
        ),
        follow=True,
    )
    assert response.redirect_chain == [(url("expert-profile", sanne), 302)]
    assert messages_of(response) == ["The profile is saved."]
    assert value(response, "weekly_capacity_hours") == "12.75"
    assert checked(response, "invitation_preference") == ["email"]
    assert value(response, "organisation_name") == "Stadkwadraat"
    assert value(response, "free_busy_url") == "https://agenda.example.nl/sanne.ics"
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == Decimal("12.75")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"weekly_capacity_hours": "99"},
            "weekly_capacity_hours",
            "Capacity must be between 0 and 60 hours per week.",
        ),
        (
            {"weekly_capacity_hours": "7.1"},
            "weekly_capacity_hours",
            "Use whole, half or quarter hours, e.g. 7.25.",
        ),
        (
            {"weekly_capacity_hours": "zestien"},
            "weekly_capacity_hours",
            "Give your capacity as a number of hours per week.",
        ),
        (
            {"free_busy_url": "javascript:alert(1)"},
            "free_busy_url",
            "Give a web address that starts with https:// or http://, or leave this empty.",
        ),
        (
            {"invitation_preference": "pigeon"},
            "invitation_preference",
            "Select a valid choice. pigeon is not one of the available choices.",
        ),
    ],
)
def test_bad_profile_input_shows_field_errors_and_keeps_what_was_typed(
    client, expert, sanne, changes, field, message
):
    client.force_login(expert)
    typed = profile_form(organisation_name="Stadkwadraat", **changes)
    response = client.post(url("expert-profile", sanne), typed)
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert (
        region(response, "error-summary")
        == f"Please check what you entered {_label(field)}: {message}"
    )
    assert f'id="id_{field}_error"' in html(response)
    assert value(response, "organisation_name") == "Stadkwadraat"
    if field != "invitation_preference":
        assert value(response, field) == typed[field]
    sanne.refresh_from_db()
    assert (sanne.weekly_capacity_hours, sanne.organisation_name) == (Decimal("16.00"), "")


def _label(field: str) -> str:
    return {
        "weekly_capacity_hours": "Capacity (hours per week)",
        "free_busy_url": "External free/busy feed",
        "invitation_preference": "How do you want to receive meetings?",
    }[field]


def test_lowering_capacity_below_the_committed_hours_is_allowed_with_a_warning(
    client, expert, sanne, assigned
):
    assignment = assigned(sanne, hours="48")  # 4 h/week for 12 weeks
    # Twelve weeks from a day after Monday touch 13 calendar weeks; the load reaches that far.
    weeks = len(capacity.Period(assignment.period_start, assignment.period_end).weeks)
    assert weeks in (12, 13)
    client.force_login(expert)
    response = client.post(
        url("expert-profile", sanne), profile_form(weekly_capacity_hours="2"), follow=True
    )
    assert messages_of(response) == ["The profile is saved."]
    assert region(response, "over-capacity-notice") == (
        f"The hours already committed exceed this capacity in {weeks} of the coming {weeks} "
        "weeks. The coordinators see this on their load page."
    )


# --- skills ---------------------------------------------------------------------------------------


def test_an_expert_adds_changes_and_removes_a_skill(client, expert, sanne):
    client.force_login(expert)
    theme = Theme.objects.get(slug="anders-wonen")
    page = client.get(url("expert-skills", sanne))
    assert region(page, "skills") == "No skills recorded yet."

    response = client.post(
        url("expert-skills", sanne), {"theme": str(theme.pk), "level": "2"}, follow=True
    )
    assert messages_of(response) == [f"{theme.name_en} is added."]
    assert region(response, "skill-anders-wonen") == (
        f"{theme.name_en} Level for {theme.name_en} Working knowledge Experienced Authority "
        f"Save level {theme.name_en} Remove {theme.name_en}"
    )
    skill = Skill.objects.get(expert=sanne)
    # one row per theme: it is not offered again
    assert str(theme.pk) not in _options(response, "theme")

    response = client.post(url("expert-skill-level", sanne, skill.pk), {"level": "3"}, follow=True)
    assert messages_of(response) == [f"The level for {theme.name_en} is saved."]
    assert Skill.objects.get(pk=skill.pk).level == 3

    response = client.post(url("expert-skill-remove", sanne, skill.pk), follow=True)
    assert messages_of(response) == ["The skill is removed."]
    assert not Skill.objects.filter(expert=sanne).exists()


def _select(response, name: str) -> str:
    found = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html(response), re.S)
    assert found is not None, f"no <select name={name!r}>"
    return found.group(1)


def _options(response, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)"', _select(response, name))


def _selected(response, name: str) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', _select(response, name))


def test_level_4_is_a_field_error_on_adding_and_on_changing(client, expert, sanne):
    client.force_login(expert)
    theme = Theme.objects.get(slug="anders-wonen")
    response = client.post(url("expert-skills", sanne), {"theme": str(theme.pk), "level": "4"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"level": ["Choose a level from 1 to 3."]}
    assert _selected(response, "theme") == [str(theme.pk)]  # what was chosen stays chosen
    assert _selected(response, "level") == []  # 4 is no option: nothing pretends it was kept
    assert not Skill.objects.filter(expert=sanne).exists()

    skill = Skill.objects.create(expert=sanne, theme=theme, level=2)
    response = client.post(url("expert-skill-level", sanne, skill.pk), {"level": "4"})
    assert response.status_code == 400
    assert response.context["level_form"].errors == {"level": ["Choose a level from 1 to 3."]}
    assert f'id="skill-{skill.pk}-level_error"' in html(response)
    assert Skill.objects.get(pk=skill.pk).level == 2


def test_a_theme_already_on_the_profile_is_refused(client, expert, sanne):
    client.force_login(expert)
    theme = Theme.objects.get(slug="anders-wonen")
    Skill.objects.create(expert=sanne, theme=theme, level=2)
    response = client.post(url("expert-skills", sanne), {"theme": str(theme.pk), "level": "3"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "theme": [f"{theme.name_en} is already on the profile; change its level instead."]
    }


# --- absences -------------------------------------------------------------------------------------


def test_an_expert_adds_and_removes_an_absence(client, expert, sanne):
    client.force_login(expert)
    response = client.post(
        url("expert-absences", sanne),
        {"start": "2026-04-27", "end": "2026-05-08", "reason": "Meivakantie"},
        follow=True,
    )
    assert messages_of(response) == ["The absence is added."]
    assert region(response, "absences") == (
        "Absences that have not ended First day Last day Reason Remove "
        "27 Apr 2026 8 May 2026 Meivakantie "
        "Remove the absence from 27 Apr 2026 to 8 May 2026"
    )
    absence = Absence.objects.get(expert=sanne)
    response = client.post(url("expert-absence-remove", sanne, absence.pk), follow=True)
    assert messages_of(response) == ["The absence is removed."]
    assert region(response, "absences") == "None planned."


def test_an_ongoing_absence_is_shown_without_a_remove_button(client, expert, sanne):
    ongoing = AbsenceFactory(expert=sanne, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 6))
    AbsenceFactory(expert=sanne, start=dt.date(2026, 2, 2), end=dt.date(2026, 2, 6))  # over
    client.force_login(expert)
    page = client.get(url("expert-absences", sanne))
    assert region(page, "absences") == (
        "Absences that have not ended First day Last day Reason Remove "
        "2 Mar 2026 6 Mar 2026 — Ongoing"
    )
    response = client.post(url("expert-absence-remove", sanne, ongoing.pk), follow=True)
    assert messages_of(response) == ["An absence that has begun cannot be removed any more."]
    assert Absence.objects.filter(pk=ongoing.pk).exists()


def test_an_absence_ending_before_it_starts_is_a_field_error(client, expert, sanne):
    client.force_login(expert)
    response = client.post(
        url("expert-absences", sanne),
        {"start": "2026-05-08", "end": "2026-04-27", "reason": "Meivakantie"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "end": ["The last day cannot be before the first day."]
    }
    assert (value(response, "start"), value(response, "end"), value(response, "reason")) == (
        "2026-05-08",
        "2026-04-27",
        "Meivakantie",
    )
    response = client.post(
        url("expert-absences", sanne), {"start": "2026-02-30", "end": "", "reason": ""}
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "start": ["Enter a valid date."],
        "end": ["This field is required."],
    }
    assert not Absence.objects.filter(expert=sanne).exists()


# --- conflicts of interest ------------------------------------------------------------------------


def test_an_expert_finds_an_organisation_declares_and_withdraws_a_conflict(
    client, expert, sanne, ede
):
    client.force_login(expert)
    page = client.get(url("expert-conflicts", sanne), {"q": "GM0228"})
    assert region(page, f"organisation-{ede.pk}").startswith("Ede (GM0228) Municipality")
    by_name = client.get(url("expert-conflicts", sanne), {"q": "ede"})
    assert has_region(by_name, f"organisation-{ede.pk}")

    response = client.post(
        url("expert-conflicts", sanne),
        {"q": "GM0228", "organisation": str(ede.pk), "note": "Partner werkt bij de gemeente"},
        follow=True,
    )
    assert messages_of(response) == ["The conflict of interest with Ede (GM0228) is declared."]
    assert region(response, "conflicts") == (
        "Declared conflicts of interest Organisation Nature of the tie Declared on Withdraw "
        "Ede (GM0228) Partner werkt bij de gemeente 4 Mar 2026 Withdraw Ede (GM0228)"
    )
    again = client.get(url("expert-conflicts", sanne), {"q": "GM0228"})
    assert region(again, f"organisation-{ede.pk}") == "Ede (GM0228) Municipality Already declared."

    conflict = ConflictOfInterest.objects.get(expert=sanne)
    response = client.post(url("expert-conflict-remove", sanne, conflict.pk), follow=True)
    assert messages_of(response) == ["The conflict of interest is withdrawn."]
    assert region(response, "conflicts") == "None declared."


def test_a_too_long_note_keeps_the_search_and_what_was_typed(client, expert, sanne, ede):
    client.force_login(expert)
    note = "x" * 201
    response = client.post(
        url("expert-conflicts", sanne),
        {"q": "GM0228", "organisation": str(ede.pk), "note": note},
    )
    assert response.status_code == 400
    assert response.context["bound"].errors == {
        "note": ["Ensure this value has at most 200 characters (it has 201)."]
    }
    assert value(response, "note") == note
    assert f'id="organisation-{ede.pk}-note_error"' in html(response)
    assert not ConflictOfInterest.objects.exists()


def test_declaring_without_an_organisation_is_an_error_not_a_crash(client, expert, sanne):
    client.force_login(expert)
    response = client.post(url("expert-conflicts", sanne), {"organisation": "abc", "note": ""})
    assert response.status_code == 400
    assert response.context["bound"].errors == {
        "organisation": ["Choose an organisation from the search results."]
    }


def test_a_search_without_results_says_so(client, expert, sanne):
    client.force_login(expert)
    page = client.get(url("expert-conflicts", sanne), {"q": "Atlantis"})
    assert region(page, "organisation-results") == "No organisation matches “Atlantis”."
    blank = client.get(url("expert-conflicts", sanne), {"q": "   "})
    assert blank.status_code == 200
    assert blank.context["search"].errors == {"q": ["This field is required."]}
    assert not has_region(blank, "organisation-results")
    long = client.get(url("expert-conflicts", sanne), {"q": "x" * 500})
    assert long.context["search"].errors == {
        "q": ["Ensure this value has at most 100 characters (it has 500)."]
    }


# --- who may --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_another_expert_gets_404_on_someone_elses_pages(client, sanne, weer_thuis, name):
    other = ExpertFactory(teams=[weer_thuis])
    client.force_login(other.user)
    assert client.get(url(name, sanne)).status_code == 404
    assert client.post(url(name, sanne), profile_form()).status_code == 404


def test_another_expert_cannot_remove_someone_elses_skill_absence_or_conflict(
    client, sanne, weer_thuis, ede
):
    skill = Skill.objects.create(
        expert=sanne, theme=Theme.objects.get(slug="anders-wonen"), level=2
    )
    absence = AbsenceFactory(expert=sanne, start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 5))
    conflict = ConflictOfInterestFactory(expert=sanne, organisation=ede)
    other = ExpertFactory(teams=[weer_thuis])
    client.force_login(other.user)
    for name, pk in [
        ("expert-skill-level", skill.pk),
        ("expert-skill-remove", skill.pk),
        ("expert-absence-remove", absence.pk),
        ("expert-conflict-remove", conflict.pk),
    ]:
        assert client.post(url(name, sanne, pk), {"level": "3"}).status_code == 404
        # their own profile id with her object's id: not found either
        assert client.post(url(name, other, pk), {"level": "3"}).status_code in (302, 404)
    assert Skill.objects.get(pk=skill.pk).level == 2
    assert Absence.objects.filter(pk=absence.pk).exists()
    assert ConflictOfInterest.objects.filter(pk=conflict.pk).exists()


def test_a_coordinator_of_the_experts_team_edits_the_same_pages(
    client, coordinator_weer_thuis, sanne
):
    client.force_login(coordinator_weer_thuis)
    for name in PAGES:
        page = client.get(url(name, sanne))
        assert page.status_code == 200
        assert region(page, "profile-heading") == f"Expert profile of {sanne}"
    response = client.post(
        url("expert-profile", sanne), profile_form(weekly_capacity_hours="20"), follow=True
    )
    assert messages_of(response) == ["The profile is saved."]
    response = client.post(
        url("expert-absences", sanne),
        {"start": "2026-03-09", "end": "2026-03-13", "reason": "Cursus"},
        follow=True,
    )
    assert messages_of(response) == ["The absence is added."]
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == Decimal("20.00")
    assert list(sanne.absences.values_list("reason", flat=True)) == ["Cursus"]


def test_a_coordinator_of_another_team_gets_404(client, coordinator_woningbouw, sanne):
    client.force_login(coordinator_woningbouw)
    for name in PAGES:
        assert client.get(url(name, sanne)).status_code == 404
    assert (
        client.post(
            url("expert-profile", sanne), profile_form(weekly_capacity_hours="2")
        ).status_code
        == 404
    )
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == Decimal("16.00")


def test_requesters_and_admins(client, requester, admin_user, sanne):
    client.force_login(requester)
    assert client.get(url("expert-profile", sanne)).status_code == 404
    client.force_login(admin_user)
    assert client.get(url("expert-profile", sanne)).status_code == 200


def test_signed_out_people_are_sent_to_sign_in(client, sanne):
    response = client.get(url("expert-profile", sanne))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_expert_is_404(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("experts:profile", args=[999_999])).status_code == 404


def test_profile_pages_write_nothing_on_request_timelines(client, expert, sanne, assigned, ede):
    assigned(sanne, hours="12")
    before = list(Event.objects.values_list("action", flat=True))
    client.force_login(expert)
    client.post(url("expert-profile", sanne), profile_form(weekly_capacity_hours="30"))
    client.post(url("expert-conflicts", sanne), {"organisation": str(ede.pk), "note": ""})
    assert list(Event.objects.values_list("action", flat=True)) == before
