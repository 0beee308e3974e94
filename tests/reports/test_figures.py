"""Every figure of the dashboard and the own-figures pages on the known world (conftest), exact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports import selectors, selectors_own, stats
from tests.reports.conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
DAY = 86400


def scope(*teams, start=YEAR[0], end=YEAR[1]) -> selectors.Scope:
    return selectors.Scope(tuple(team.pk for team in teams), start, end)


def test_percentiles_interpolate_between_the_closest_ranks():
    assert stats.percentile([], Decimal("0.5")) is None
    assert stats.percentile([7], Decimal("0.9")) == 7
    assert stats.percentile([1, 2, 4], Decimal("0.5")) == 2
    assert stats.percentile([4, 1, 2], Decimal("0.9")) == Decimal("3.6")
    assert stats.percentile([10, 14], Decimal("0.5")) == 12
    assert stats.percentile([10, 14], Decimal("0.9")) == Decimal("13.6")
    assert stats.percentile(range(1, 11), Decimal("0.9")) == Decimal("9.1")


def test_requests_by_status_count_the_teams_requests_submitted_in_the_period(known, weer_thuis):
    counts = {row.key: row.count for row in selectors.status_counts(scope(weer_thuis))}
    assert counts == {
        "submitted": 2,
        "needs_info": 0,
        "accepted": 0,
        "in_progress": 1,
        "completed": 1,
        "closed": 0,
        "declined": 1,
        "withdrawn": 0,
    }


def test_both_teams_add_the_other_teams_requests(known, weer_thuis, woningbouw):
    counts = {row.key: row.count for row in selectors.status_counts(scope(weer_thuis, woningbouw))}
    assert counts["accepted"] == 1
    assert sum(counts.values()) == 6


def test_triage_deadline_compliance_follows_the_deadline_rule(known, weer_thuis):
    compliance = selectors.timing(scope(weer_thuis), today=TODAY).compliance
    # R1 and R8 decided in time, R2 after its deadline, R3 still waiting past it; R4 not yet due.
    assert (compliance.on_time, compliance.late, compliance.waiting_late) == (2, 1, 1)
    assert compliance.percentage == 50


def test_lead_times_median_and_90th_percentile(known, weer_thuis):
    lead = {t.key: t for t in selectors.timing(scope(weer_thuis), today=TODAY).lead_times}
    # First triage answers after 2 (R1), 1 (R2: information asked) and 4 days (R8).
    assert lead["triaged"].count == 3
    assert lead["triaged"].median_days == 2
    assert lead["triaged"].p90_days == Decimal("3.6")
    # First meetings after 10 (R1) and 14 days (R8; its cancelled meeting does not count).
    assert lead["first_meeting"].count == 2
    assert lead["first_meeting"].median_days == 12
    assert lead["first_meeting"].p90_days == Decimal("13.6")
    assert (lead["completed"].count, lead["completed"].median_days) == (1, 30)
    assert lead["completed"].p90_days == 30


def test_demand_by_theme_municipality_province_and_kind(known, weer_thuis):
    demand = selectors.demand(scope(weer_thuis))
    assert [(row.key, row.count) for row in demand.themes] == [
        ("anders-wonen", 4),
        ("housing-first", 2),
    ]
    assert [(row.code, row.name, row.province, row.count) for row in demand.municipalities] == [
        ("GM0345", "Veenendaal", "Utrecht", 3),
        ("GM0228", "Ede", "Gelderland", 1),
    ]
    provinces = {row.key: row.count for row in demand.provinces if row.count}
    assert provinces == {"UT": 4, "GE": 1}
    kinds = {row.key: row.count for row in demand.kinds if row.count}
    assert kinds == {"municipality": 4, "housing_corporation": 1}
    # R1 and R2 have a partner municipality; R4's partner is a corporation.
    assert (demand.total, demand.regional, demand.regional_percentage) == (5, 2, 40)


def test_expert_utilisation_against_capacity(known, weer_thuis):
    rows = selectors.utilisation(
        scope(weer_thuis, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 15))
    )
    by_name = {row.name: row for row in rows}
    assert list(by_name) == ["Piet Bakker", "Sanne de Vries"]
    piet, sanne = by_name["Piet Bakker"], by_name["Sanne de Vries"]
    # Two weeks: capacity twice the weekly hours. Sanne: a week of R8 at 4 h and two of R6 at
    # 1 h; Piet: a week of his proposed R1 at 2 h (his released R2 frees its hours).
    assert (sanne.capacity, sanne.committed, sanne.logged) == (32, 6, Decimal("8.5"))
    assert (piet.capacity, piet.committed, piet.logged) == (16, 2, Decimal("1.25"))
    assert sanne.logged_percentage == Decimal("26.5625")
    assert piet.logged_percentage == Decimal("7.8125")


def test_money_committed_spent_and_requester_parts(known, weer_thuis):
    year = selectors.money(scope(weer_thuis))
    # R8's agreement: 40 h at € 100, the first 4 programme-paid, half of the rest the requester's.
    assert (year.committed_programme, year.committed_requester) == (2200, 1800)
    # 5.5 h on R8: € 550, of which (5.5 - 4) x 100 / 2 = € 75 the requester's; R1's 1.25 h has
    # no agreement (hours, no money); R6 is the other team's.
    assert (year.spent_programme, year.spent_requester) == (475, 75)
    assert year.hours == Decimal("6.75")
    # From 12 March: only the 2 h of 16 March, split after the 3.5 h before it.
    later = selectors.money(scope(weer_thuis, start=dt.date(2026, 3, 12)))
    assert (later.spent_programme, later.spent_requester, later.hours) == (125, 75, 2)
    assert (later.committed_programme, later.committed_requester) == (0, 0)


def test_satisfaction(known, weer_thuis):
    happy = selectors.satisfaction(scope(weer_thuis))
    assert (happy.invited, happy.answered, happy.average) == (3, 2, 3)
    assert happy.scores == {1: 0, 2: 1, 3: 0, 4: 1, 5: 0}
    assert happy.response_percentage == Decimal(200) / 3


def test_a_municipality_over_the_years(known, veenendaal):
    figures = selectors_own.organisation_figures(veenendaal)
    rows = [
        (y.year, y.led, y.partnered, y.hours, y.requester_part, y.programme_part)
        for y in figures.years
    ]
    assert rows == [
        (2025, 1, 0, Decimal("1"), 0, 0),
        (2026, 3, 1, Decimal("6.75"), 75, 475),
    ]
    assert figures.totals.led == 4
    assert figures.totals.hours == Decimal("7.75")


def test_an_expert_sees_hours_load_and_the_scores_of_requests_they_led(known):
    figures = selectors_own.expert_figures(known.sanne)
    assert [(y.year, y.hours, y.requests) for y in figures.years] == [
        (2025, Decimal("1"), 1),
        (2026, Decimal("10.5"), 2),
    ]
    # Led R1 (score 4) and R8 (invited, no answer yet); R2's score is not theirs.
    assert [(s.reference, s.score) for s in figures.scores] == [("2026-R1", 4)]
    assert figures.average_score == 4
    assert len(figures.load.weeks) == 12
