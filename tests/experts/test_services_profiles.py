"""Experts keep their own profile up to date (services.expert_profiles): capacity, meeting
preference, firm, free/busy feed, skills, absences and conflicts of interest — and who may."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.exceptions import Conflict
from core.workdays import AMSTERDAM
from experts.models import Absence, ConflictOfInterest, Expert, Skill, Theme
from experts.services import profiles as expert_profiles
from requests_app.models import Event
from requests_app.services import assignments
from tests.factories import AbsenceFactory, ExpertFactory, UserFactory, accept_request, file_request

pytestmark = pytest.mark.django_db

WEDNESDAY = dt.datetime(2026, 3, 4, 10, 0, tzinfo=AMSTERDAM)
TODAY = WEDNESDAY.date()


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def sanne(expert) -> Expert:
    return expert.expert_profile


def errors_of(raised: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return raised.value.message_dict


def profile(actor, expert, **changes):
    values = {
        "weekly_capacity_hours": "16",
        "invitation_preference": "both",
        "organisation_name": "",
        "free_busy_url": "",
        **changes,
    }
    return expert_profiles.update_profile(actor=actor, expert_id=expert.pk, **values)


# --- the profile ----------------------------------------------------------------------------------


def test_an_expert_changes_capacity_preference_firm_and_feed(expert, sanne, caplog):
    caplog.set_level(logging.INFO, logger="requests_app.services.expert_profiles")
    profile(
        expert,
        sanne,
        weekly_capacity_hours="12,25",
        invitation_preference="feed",
        organisation_name=" Stadkwadraat ",
        free_busy_url="https://agenda.example.nl/private-3f9a/basic.ics",
    )
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == Decimal("12.25")
    assert sanne.invitation_preference == "feed"
    assert sanne.organisation_name == "Stadkwadraat"
    assert sanne.free_busy_url == "https://agenda.example.nl/private-3f9a/basic.ics"
    assert caplog.messages == [
        f"Expert {sanne.pk} profile changed by user {expert.pk}: "
        "weekly_capacity_hours 16.00 -> 12.25; invitation_preference both -> feed; "
        "organisation_name  -> Stadkwadraat; free_busy_url changed"
    ]
    assert "private-3f9a" not in caplog.text  # a private feed URL is a secret


def test_saving_an_unchanged_profile_changes_and_logs_nothing(expert, sanne, caplog):
    caplog.set_level(logging.INFO, logger="requests_app.services.expert_profiles")
    profile(expert, sanne, weekly_capacity_hours="16.0")
    assert caplog.messages == []


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weekly_capacity_hours": "99"}, "weekly_capacity_hours", "between 0 and 60"),
        ({"weekly_capacity_hours": "-1"}, "weekly_capacity_hours", "between 0 and 60"),
        ({"weekly_capacity_hours": "60.25"}, "weekly_capacity_hours", "between 0 and 60"),
        ({"weekly_capacity_hours": "7.3"}, "weekly_capacity_hours", "quarter hours"),
        ({"weekly_capacity_hours": "veel"}, "weekly_capacity_hours", "number of hours"),
        ({"weekly_capacity_hours": "NaN"}, "weekly_capacity_hours", "number of hours"),
        ({"weekly_capacity_hours": "Infinity"}, "weekly_capacity_hours", "number of hours"),
        ({"weekly_capacity_hours": ""}, "weekly_capacity_hours", "number of hours"),
        ({"invitation_preference": "fax"}, "invitation_preference", "receive meetings"),
        ({"free_busy_url": "javascript:alert(1)"}, "free_busy_url", "https://"),
        ({"free_busy_url": "ftp://agenda.example.nl/a.ics"}, "free_busy_url", "https://"),
        ({"free_busy_url": "agenda.example.nl/a.ics"}, "free_busy_url", "https://"),
        ({"organisation_name": "x" * 201}, "organisation_name", "at most 200 characters"),
    ],
)
def test_bad_profile_input_gets_a_message_on_its_field(expert, sanne, changes, field, message):
    with pytest.raises(ValidationError) as raised:
        profile(expert, sanne, **changes)
    assert list(errors_of(raised)) == [field]
    assert message in errors_of(raised)[field][0]
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == Decimal("16.00")
    assert sanne.free_busy_url == ""


def test_every_bad_field_is_reported_at_once(expert, sanne):
    with pytest.raises(ValidationError) as raised:
        profile(expert, sanne, weekly_capacity_hours="99", free_busy_url="javascript:alert(1)")
    assert errors_of(raised) == {
        "weekly_capacity_hours": ["Capacity must be between 0 and 60 hours per week."],
        "free_busy_url": [
            "Give a web address that starts with https:// or http://, or leave this empty."
        ],
    }


def test_fields_left_out_stay_as_they_are(expert, sanne):
    profile(expert, sanne, organisation_name="Stadkwadraat", invitation_preference="feed")
    expert_profiles.update_profile(actor=expert, expert_id=sanne.pk, weekly_capacity_hours="20")
    sanne.refresh_from_db()
    assert (
        sanne.weekly_capacity_hours,
        sanne.organisation_name,
        sanne.invitation_preference,
    ) == (Decimal("20.00"), "Stadkwadraat", "feed")


def test_zero_and_sixty_hours_are_both_allowed(expert, sanne):
    assert profile(expert, sanne, weekly_capacity_hours="0").weekly_capacity_hours == 0
    assert profile(expert, sanne, weekly_capacity_hours="60").weekly_capacity_hours == 60


# --- skills ---------------------------------------------------------------------------------------


def test_an_expert_adds_changes_and_removes_skills(expert, sanne, caplog):
    caplog.set_level(logging.INFO, logger="requests_app.services.expert_profiles")
    theme = Theme.objects.get(slug="anders-wonen")
    skill = expert_profiles.add_skill(actor=expert, expert_id=sanne.pk, theme_id=theme.pk, level=2)
    assert (skill.theme, skill.level) == (theme, 2)

    expert_profiles.change_skill_level(actor=expert, expert_id=sanne.pk, skill_id=skill.pk, level=3)
    assert Skill.objects.get(pk=skill.pk).level == 3

    expert_profiles.remove_skill(actor=expert, expert_id=sanne.pk, skill_id=skill.pk)
    assert not Skill.objects.filter(expert=sanne).exists()
    assert caplog.messages == [
        f"Expert {sanne.pk} skill added by user {expert.pk}: theme {theme.pk} level 2",
        f"Expert {sanne.pk} skill level changed by user {expert.pk}: theme {theme.pk} level 2 -> 3",
        f"Expert {sanne.pk} skill removed by user {expert.pk}: theme {theme.pk}",
    ]


def test_skills_are_one_row_per_active_theme_at_level_1_to_3(expert, sanne):
    theme = Theme.objects.get(slug="anders-wonen")
    skill = expert_profiles.add_skill(actor=expert, expert_id=sanne.pk, theme_id=theme.pk, level=1)

    with pytest.raises(ValidationError) as raised:
        expert_profiles.add_skill(actor=expert, expert_id=sanne.pk, theme_id=theme.pk, level=3)
    assert errors_of(raised) == {
        "theme": [f"{theme.name_en} is already on the profile; change its level instead."]
    }

    other = Theme.objects.get(slug="businesscase")
    for level in (0, 4, "drie", None):
        with pytest.raises(ValidationError) as raised:
            expert_profiles.add_skill(
                actor=expert, expert_id=sanne.pk, theme_id=other.pk, level=level
            )
        assert errors_of(raised) == {"level": ["Choose a level from 1 to 3."]}
    with pytest.raises(ValidationError) as raised:
        expert_profiles.change_skill_level(
            actor=expert, expert_id=sanne.pk, skill_id=skill.pk, level=4
        )
    assert errors_of(raised) == {"level": ["Choose a level from 1 to 3."]}

    other.active = False
    other.save()
    for theme_id in (other.pk, 999_999, "x"):
        with pytest.raises(ValidationError) as raised:
            expert_profiles.add_skill(actor=expert, expert_id=sanne.pk, theme_id=theme_id, level=2)
        assert errors_of(raised) == {"theme": ["Choose a theme from the list."]}
    assert list(Skill.objects.filter(expert=sanne).values_list("theme__slug", "level")) == [
        ("anders-wonen", 1)
    ]


def test_a_skill_of_another_expert_cannot_be_touched(expert, sanne, weer_thuis):
    other = ExpertFactory(teams=[weer_thuis])
    theirs = Skill.objects.create(
        expert=other, theme=Theme.objects.get(slug="anders-wonen"), level=3
    )
    with pytest.raises(ValidationError) as raised:
        expert_profiles.remove_skill(actor=expert, expert_id=sanne.pk, skill_id=theirs.pk)
    assert errors_of(raised) == {"skill": ["This skill is no longer on the profile."]}
    assert Skill.objects.filter(pk=theirs.pk).exists()


# --- absences -------------------------------------------------------------------------------------


def test_an_expert_adds_and_removes_a_future_absence(expert, sanne, caplog):
    caplog.set_level(logging.INFO, logger="requests_app.services.expert_profiles")
    absence = expert_profiles.add_absence(
        actor=expert,
        expert_id=sanne.pk,
        start=dt.date(2026, 4, 27),
        end=dt.date(2026, 5, 8),
        reason=" meivakantie ",
    )
    assert (absence.start, absence.end, absence.reason) == (
        dt.date(2026, 4, 27),
        dt.date(2026, 5, 8),
        "meivakantie",
    )
    expert_profiles.remove_absence(actor=expert, expert_id=sanne.pk, absence_id=absence.pk)
    assert not Absence.objects.filter(expert=sanne).exists()
    assert caplog.messages == [
        f"Expert {sanne.pk} absence added by user {expert.pk}: 2026-04-27 to 2026-05-08",
        f"Expert {sanne.pk} absence removed by user {expert.pk}: 2026-04-27 to 2026-05-08",
    ]


def test_an_absence_that_began_yesterday_may_be_added_but_not_removed(expert, sanne):
    absence = expert_profiles.add_absence(
        actor=expert, expert_id=sanne.pk, start=TODAY - dt.timedelta(days=1), end=TODAY
    )
    with pytest.raises(ValidationError) as raised:
        expert_profiles.remove_absence(actor=expert, expert_id=sanne.pk, absence_id=absence.pk)
    assert errors_of(raised) == {
        "absence": ["An absence that has begun cannot be removed any more."]
    }
    assert Absence.objects.filter(pk=absence.pk).exists()


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (
            dt.date(2026, 3, 20),
            dt.date(2026, 3, 19),
            {"end": ["The last day cannot be before the first day."]},
        ),
        (
            dt.date(2026, 2, 2),
            dt.date(2026, 3, 3),
            {"end": ["This absence is entirely in the past; give a date from today on."]},
        ),
        (
            None,
            None,
            {
                "start": ["Give the first day you are away."],
                "end": ["Give the last day you are away."],
            },
        ),
    ],
)
def test_bad_absences_are_refused_with_field_messages(expert, sanne, start, end, errors):
    with pytest.raises(ValidationError) as raised:
        expert_profiles.add_absence(actor=expert, expert_id=sanne.pk, start=start, end=end)
    assert errors_of(raised) == errors
    assert not Absence.objects.filter(expert=sanne).exists()


def test_absences_do_not_overlap(expert, sanne):
    AbsenceFactory(expert=sanne, start=dt.date(2026, 7, 13), end=dt.date(2026, 7, 31))
    with pytest.raises(ValidationError) as raised:
        expert_profiles.add_absence(
            actor=expert, expert_id=sanne.pk, start=dt.date(2026, 7, 31), end=dt.date(2026, 8, 7)
        )
    assert errors_of(raised) == {
        "start": [
            "This overlaps the absence from 13 Jul 2026 to 31 Jul 2026; remove that one "
            "first or choose other days."
        ]
    }
    expert_profiles.add_absence(
        actor=expert, expert_id=sanne.pk, start=dt.date(2026, 8, 1), end=dt.date(2026, 8, 7)
    )
    assert Absence.objects.filter(expert=sanne).count() == 2


# --- conflicts of interest ------------------------------------------------------------------------


def test_a_declared_conflict_keeps_the_expert_off_that_organisations_requests(
    expert, sanne, requester, veenendaal, weer_thuis, coordinator_weer_thuis, caplog
):
    caplog.set_level(logging.INFO, logger="requests_app.services.expert_profiles")
    conflict = expert_profiles.declare_conflict(
        actor=expert, expert_id=sanne.pk, organisation_id=veenendaal.pk, note="Oud-wethouder"
    )
    assert (conflict.organisation, conflict.note) == (veenendaal, "Oud-wethouder")
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    with pytest.raises(Conflict, match="declared a conflict of interest"):
        assignments.assign_expert(
            actor=coordinator_weer_thuis, request_id=request.pk, expert_id=sanne.pk
        )

    expert_profiles.withdraw_conflict(actor=expert, expert_id=sanne.pk, conflict_id=conflict.pk)
    assert not ConflictOfInterest.objects.filter(expert=sanne).exists()
    assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=request.pk, expert_id=sanne.pk
    )
    assert caplog.messages == [
        f"Expert {sanne.pk} conflict of interest declared by user {expert.pk}: "
        f"organisation {veenendaal.pk}",
        f"Expert {sanne.pk} conflict of interest withdrawn by user {expert.pk}: "
        f"organisation {veenendaal.pk}",
    ]


def test_a_conflict_is_declared_once_with_a_known_organisation(expert, sanne, veenendaal):
    expert_profiles.declare_conflict(
        actor=expert, expert_id=sanne.pk, organisation_id=veenendaal.pk
    )
    with pytest.raises(ValidationError) as raised:
        expert_profiles.declare_conflict(
            actor=expert, expert_id=sanne.pk, organisation_id=veenendaal.pk
        )
    assert errors_of(raised) == {
        "organisation": ["A conflict of interest with Veenendaal (GM0345) is already declared."]
    }
    with pytest.raises(ValidationError) as raised:
        expert_profiles.declare_conflict(
            actor=expert, expert_id=sanne.pk, organisation_id="", note="y" * 201
        )
    assert errors_of(raised) == {
        "organisation": ["Choose an organisation from the search results."],
        "note": ["Use at most 200 characters (you used 201)."],
    }
    assert ConflictOfInterest.objects.filter(expert=sanne).count() == 1


# --- who may --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("expert", True),
        ("coordinator_weer_thuis", True),
        ("admin_user", True),
        ("another_expert", False),
        ("coordinator_woningbouw", False),
        ("requester", False),
    ],
)
def test_who_may_change_an_experts_profile(request, sanne, weer_thuis, who, allowed):
    if who == "another_expert":
        actor = ExpertFactory(teams=[weer_thuis]).user
    else:
        actor = request.getfixturevalue(who)
    theme = Theme.objects.get(slug="anders-wonen")
    changes = [
        lambda: profile(actor, sanne, weekly_capacity_hours="8"),
        lambda: expert_profiles.add_skill(
            actor=actor, expert_id=sanne.pk, theme_id=theme.pk, level=2
        ),
        lambda: expert_profiles.add_absence(
            actor=actor, expert_id=sanne.pk, start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 8)
        ),
        lambda: expert_profiles.declare_conflict(
            actor=actor, expert_id=sanne.pk, organisation_id=request.getfixturevalue("ede").pk
        ),
    ]
    for change in changes:
        if allowed:
            change()
        else:
            with pytest.raises(PermissionDenied):
                change()
    sanne.refresh_from_db()
    assert sanne.weekly_capacity_hours == (Decimal("8") if allowed else Decimal("16"))
    assert Skill.objects.filter(expert=sanne).count() == (1 if allowed else 0)
    assert Absence.objects.filter(expert=sanne).count() == (1 if allowed else 0)
    assert ConflictOfInterest.objects.filter(expert=sanne).count() == (1 if allowed else 0)


def test_an_inactive_expert_no_longer_edits_their_profile(expert, sanne, coordinator_weer_thuis):
    sanne.active = False
    sanne.save()
    expert = type(expert).objects.get(pk=expert.pk)  # roles are cached per user object
    with pytest.raises(PermissionDenied):
        profile(expert, sanne, weekly_capacity_hours="8")
    profile(coordinator_weer_thuis, sanne, weekly_capacity_hours="8")


def test_profile_changes_are_no_request_events(
    expert, sanne, requester, weer_thuis, coordinator_weer_thuis, veenendaal
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    before = Event.objects.count()
    profile(expert, sanne, weekly_capacity_hours="24")
    expert_profiles.add_skill(
        actor=expert,
        expert_id=sanne.pk,
        theme_id=Theme.objects.get(slug="anders-wonen").pk,
        level=3,
    )
    expert_profiles.add_absence(
        actor=expert, expert_id=sanne.pk, start=dt.date(2026, 5, 4), end=dt.date(2026, 5, 8)
    )
    expert_profiles.declare_conflict(
        actor=expert, expert_id=sanne.pk, organisation_id=veenendaal.pk
    )
    assert Event.objects.count() == before
    assert request.events.count() == before


def test_an_unknown_expert_is_a_field_error_not_a_crash(admin_user):
    with pytest.raises(ValidationError) as raised:
        profile(admin_user, Expert(pk=987_654))
    assert errors_of(raised) == {"expert": ["Unknown expert."]}


def test_a_user_without_any_role_may_not(sanne):
    with pytest.raises(PermissionDenied):
        profile(UserFactory(), sanne, weekly_capacity_hours="8")
