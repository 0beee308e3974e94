import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from experts.models import Theme
from requests_app import matching
from requests_app.models import Assignment
from tests.factories import (
    AbsenceFactory,
    ConflictOfInterestFactory,
    accept_request,
    file_request,
    skilled_expert,
)

pytestmark = pytest.mark.django_db

STORY_THEMES = ["aandachtsgroepen", "businesscase", "regionale-samenwerking", "locatiekeuze"]


@pytest.fixture
def story(requester, weer_thuis, coordinator_weer_thuis, ede):
    request = file_request(
        requester=requester,
        team=weer_thuis,
        themes=list(Theme.objects.filter(slug__in=STORY_THEMES)),
        partners=[ede],
    )
    return accept_request(request, coordinator_weer_thuis)


def _names(suggestions) -> list[str]:
    return [s.expert.user.email for s in suggestions]


def test_suggestions_are_ranked_by_score_with_reasons_in_plain_words(story, weer_thuis):
    skilled_expert(
        teams=[weer_thuis],
        skills={"aandachtsgroepen": 3, "businesscase": 3, "regionale-samenwerking": 3},
        user__email="best@x.nl",
        capacity="12",
    )
    skilled_expert(teams=[weer_thuis], skills={"aandachtsgroepen": 1}, user__email="weak@x.nl")
    with translation.override("en"):
        suggestions = matching.suggest(story)
    assert _names(suggestions) == ["best@x.nl", "weak@x.nl"]
    best = suggestions[0]
    assert best.reason_texts == [
        "covers 3 of 4 themes: Business case and financing at level 3 of 3 (authority); "
        "Housing for priority groups at level 3 of 3 (authority); "
        "Regional cooperation at level 3 of 3 (authority)",
        "12 h/week free",
        # 100 * (0.6 * 3/4 + 0.25 * 1.0 + 0.15 * 0)
        "score 70: 45 for skill level, 25 for free hours, 0 for earlier work with these "
        "organisations",
    ]
    assert best.score == 70.0
    assert suggestions[1].reason_texts[0] == (
        "covers 1 of 4 themes: Housing for priority groups at level 1 of 3 (working knowledge)"
    )


def test_equal_coverage_with_different_scores_is_explained_by_level_and_free_hours(
    story, weer_thuis
):
    """Both cover the same two themes; the reasons say which level and which free hours make
    the difference of 17.5 points."""
    skilled_expert(
        teams=[weer_thuis],
        skills={"businesscase": 3, "aandachtsgroepen": 3},
        user__email="deep@x.nl",
        capacity="8",
    )
    skilled_expert(
        teams=[weer_thuis],
        skills={"businesscase": 2, "aandachtsgroepen": 1},
        user__email="broad@x.nl",
        capacity="16",
    )
    with translation.override("en"):
        suggestions = matching.suggest(story)
    assert _names(suggestions) == ["deep@x.nl", "broad@x.nl"]
    assert [s.reason_texts for s in suggestions] == [
        [
            "covers 2 of 4 themes: Business case and financing at level 3 of 3 (authority); "
            "Housing for priority groups at level 3 of 3 (authority)",
            "8 h/week free",
            "score 55: 30 for skill level, 25 for free hours, 0 for earlier work with these "
            "organisations",
        ],
        [
            "covers 2 of 4 themes: Business case and financing at level 2 of 3 (experienced); "
            "Housing for priority groups at level 1 of 3 (working knowledge)",
            "16 h/week free",
            "score 40: 15 for skill level, 25 for free hours, 0 for earlier work with these "
            "organisations",
        ],
    ]
    assert [s.score for s in suggestions] == [55.0, 40.0]


def test_any_eligible_expert_is_found_by_name_however_low_they_rank(story, weer_thuis):
    """Eleven experts fit; the weakest is not among the ten suggestions but is found by name.
    An expert who does not pass the filters is not found, whatever their name."""
    for index in range(10):
        skilled_expert(
            teams=[weer_thuis], skills={"businesscase": 3}, user__email=f"strong{index}@x.nl"
        )
    skilled_expert(
        teams=[weer_thuis],
        skills={"aandachtsgroepen": 1},
        user__email="zwak@x.nl",
        user__first_name="Zeger",
        user__last_name="de Zwakke",
    )
    skilled_expert(
        teams=[weer_thuis],
        skills={"grondbeleid": 3},
        user__email="zwanet@x.nl",
        user__first_name="Zwanet",
        user__last_name="Zwak",
    )
    assert "zwak@x.nl" not in _names(matching.suggest(story))
    assert _names(matching.suggest(story, name="zwak", limit=None)) == ["zwak@x.nl"]
    assert _names(matching.suggest(story, name="zeger DE", limit=None)) == ["zwak@x.nl"]
    assert matching.suggest(story, name="niemand", limit=None) == []


def test_hard_filters_exclude_inactive_conflicted_absent_full_and_unskilled_experts(
    story, weer_thuis, ede
):
    skilled_expert(teams=[weer_thuis], skills={"businesscase": 3}, user__email="ok@x.nl")
    skilled_expert(
        teams=[weer_thuis], skills={"businesscase": 3}, active=False, user__email="inactive@x.nl"
    )
    conflicted = skilled_expert(
        teams=[weer_thuis], skills={"businesscase": 3}, user__email="conflict@x.nl"
    )
    ConflictOfInterestFactory(expert=conflicted, organisation=ede)  # a partner
    away = skilled_expert(teams=[weer_thuis], skills={"businesscase": 3}, user__email="away@x.nl")
    today = timezone.localdate()
    AbsenceFactory(expert=away, start=today, end=today + dt.timedelta(weeks=12))
    skilled_expert(
        teams=[weer_thuis], skills={"businesscase": 3}, capacity="0", user__email="full@x.nl"
    )
    skilled_expert(teams=[weer_thuis], skills={"grondbeleid": 3}, user__email="other@x.nl")
    assert _names(matching.suggest(story)) == ["ok@x.nl"]


def test_an_expert_of_the_other_team_is_suggested_when_a_theme_is_that_teams_business(
    story, woningbouw
):
    skilled_expert(teams=[woningbouw], skills={"businesscase": 3}, user__email="wb@x.nl")
    # Housing for priority groups is no Woningbouw business: this one does not qualify.
    skilled_expert(teams=[woningbouw], skills={"aandachtsgroepen": 3}, user__email="no@x.nl")
    with translation.override("en"):
        suggestions = matching.suggest(story)
    assert _names(suggestions) == ["wb@x.nl"]
    assert "from team Woningbouw" in suggestions[0].reason_texts


def test_continuity_with_an_organisation_counts_and_is_named(
    story, weer_thuis, requester_ede, coordinator_weer_thuis
):
    veteran = skilled_expert(
        teams=[weer_thuis], skills={"businesscase": 2}, user__email="veteran@x.nl"
    )
    newcomer = skilled_expert(
        teams=[weer_thuis], skills={"businesscase": 2}, user__email="new@x.nl"
    )
    earlier = accept_request(
        file_request(requester=requester_ede, team=weer_thuis), coordinator_weer_thuis
    )
    today = timezone.localdate()
    Assignment.objects.create(
        request=earlier,
        expert=veteran,
        status="accepted",
        assigned_by=coordinator_weer_thuis,
        period_start=today,
        period_end=today,
        hours_per_week=Decimal("0"),
    )
    with translation.override("en"):
        suggestions = matching.suggest(story)
    assert _names(suggestions) == ["veteran@x.nl", "new@x.nl"]
    assert "worked with Ede before" in suggestions[0].reason_texts
    assert suggestions[0].score - suggestions[1].score == pytest.approx(15.0)
    assert newcomer.pk == suggestions[1].expert.pk


def test_suggestions_take_a_constant_number_of_queries(
    story, weer_thuis, django_assert_num_queries
):
    skilled_expert(teams=[weer_thuis], skills={"businesscase": 3})
    with django_assert_num_queries(16):
        matching.suggest(story)
    for index in range(30):
        skilled_expert(
            teams=[weer_thuis], skills={"businesscase": 1 + index % 3, "locatiekeuze": 2}
        )
    with django_assert_num_queries(16):
        assert len(matching.suggest(story)) == 10


def test_scoring_is_deterministic(story, weer_thuis):
    for _ in range(8):
        skilled_expert(teams=[weer_thuis], skills={"businesscase": 2})  # all equal
    first = [(s.expert.pk, s.score) for s in matching.suggest(story)]
    assert first == [(s.expert.pk, s.score) for s in matching.suggest(story)]
    assert [pk for pk, _ in first] == sorted(pk for pk, _ in first)
