"""Which experts fit which requests, and why (DESIGN §6). A read module: it writes nothing.

Hard filters come first — active, in the request's team (or in another team when a requested
theme is that team's business too), no conflict of interest with the lead or any partner
organisation, not absent for most of the period, free capacity left, at least one requested
theme covered. Then a deterministic score from 0 to 100:

    score = 100 * (w_coverage * coverage + w_capacity * free_share + w_continuity * continuity)

coverage is the mean over the requested themes of the expert's level / 3; free_share is the
share of the weekly capacity still free in the busiest week of the period, reduced by the
share of the period the expert is absent; continuity is 1 when the expert worked with the lead
or a partner organisation before. Weights: settings.EXPERTDESK_MATCH_WEIGHTS.

Everything is computed on arrays (requests x experts), so one request among 500 experts and
1,000 requests at once (the batch plan, ``requests_app.planning``) share the same code.

Over 400 lines on purpose: filters, scores and reasons are one pipeline over the same arrays.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from scipy import sparse

from core.workdays import is_working_day, local_date
from experts.models import Absence, ConflictOfInterest, Expert, Skill, Team, Theme
from requests_app.capacity import Period, default_hours, default_weeks, request_period
from requests_app.models import AdviceRequest, Assignment

DEFAULT_WEIGHTS = {"coverage": 0.6, "capacity": 0.25, "continuity": 0.15}
ABSENT_SHARE_EXCLUDES = 0.5  # absent on half the working days of the period or more


def weights() -> dict[str, float]:
    return {**DEFAULT_WEIGHTS, **getattr(settings, "EXPERTDESK_MATCH_WEIGHTS", {})}


# --- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestSpec:
    """What matching needs to know of one request."""

    id: int
    team_id: int | None
    theme_ids: tuple[int, ...]
    organisation_ids: tuple[int, ...]  # the lead first, then the partners
    period: Period


def spec_for(request: AdviceRequest) -> RequestSpec:
    return RequestSpec(
        id=request.pk,
        team_id=request.team_id,
        theme_ids=tuple(sorted(theme.id for theme in request.themes.all())),
        organisation_ids=(
            request.lead_organisation_id,
            *sorted(org.id for org in request.partners.all()),
        ),
        period=request_period(request.desired_start, request.desired_end),
    )


@dataclass
class ExpertPool:
    """Every active expert with what matching needs, as arrays indexed like ``experts``."""

    experts: list[Expert]
    theme_ids: list[int]
    levels: np.ndarray  # experts x themes, level / 3
    in_team: dict[int, np.ndarray]  # team id -> bool per expert
    theme_relevant: np.ndarray  # experts x themes: the theme is the business of one of its teams
    capacity: np.ndarray  # hours per week
    conflicts: dict[int, set[int]]  # expert index -> organisation ids
    worked_with: dict[int, set[int]]  # expert index -> organisation ids
    absences: dict[int, list[tuple[dt.date, dt.date]]]
    commitments: dict[int, list[tuple[dt.date, dt.date, float]]]  # start, end, hours/week
    team_names: dict[int, str] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.experts)


def load_pool() -> ExpertPool:
    """All active experts with skills, teams, conflicts, absences and commitments.

    A constant number of queries whatever the number of experts.
    """
    experts = list(Expert.objects.filter(active=True).select_related("user").order_by("id"))
    index = {expert.id: position for position, expert in enumerate(experts)}
    themes = list(Theme.objects.filter(active=True).order_by("id").values_list("id", flat=True))
    theme_index = {theme_id: position for position, theme_id in enumerate(themes)}
    levels = np.zeros((len(experts), len(themes)), dtype=np.float64)
    for expert_id, theme_id, level in Skill.objects.filter(
        expert__active=True, theme__active=True
    ).values_list("expert_id", "theme_id", "level"):
        levels[index[expert_id], theme_index[theme_id]] = level / 3

    teams = dict(Team.objects.values_list("id", "name"))
    in_team = {team_id: np.zeros(len(experts), dtype=bool) for team_id in teams}
    expert_teams: dict[int, set[int]] = defaultdict(set)
    for expert_id, team_id in Expert.teams.through.objects.filter(expert__active=True).values_list(
        "expert_id", "team_id"
    ):
        in_team[team_id][index[expert_id]] = True
        expert_teams[index[expert_id]].add(team_id)
    theme_teams: dict[int, set[int]] = defaultdict(set)
    for theme_id, team_id in Theme.teams.through.objects.values_list("theme_id", "team_id"):
        if theme_id in theme_index:
            theme_teams[theme_index[theme_id]].add(team_id)
    team_matrix = np.zeros((len(experts), len(teams)), dtype=bool)
    theme_team_matrix = np.zeros((len(themes), len(teams)), dtype=bool)
    team_position = {team_id: position for position, team_id in enumerate(teams)}
    for expert_position, team_ids in expert_teams.items():
        for team_id in team_ids:
            team_matrix[expert_position, team_position[team_id]] = True
    for theme_position, team_ids in theme_teams.items():
        for team_id in team_ids:
            theme_team_matrix[theme_position, team_position[team_id]] = True
    theme_relevant = (team_matrix.astype(np.int32) @ theme_team_matrix.T.astype(np.int32)) > 0

    conflicts: dict[int, set[int]] = defaultdict(set)
    for expert_id, org_id in ConflictOfInterest.objects.filter(expert__active=True).values_list(
        "expert_id", "organisation_id"
    ):
        conflicts[index[expert_id]].add(org_id)

    worked_with: dict[int, set[int]] = defaultdict(set)
    done = Assignment.objects.filter(expert__active=True, status=Assignment.Status.ACCEPTED)
    for expert_id, org_id in done.values_list("expert_id", "request__lead_organisation_id"):
        worked_with[index[expert_id]].add(org_id)
    for expert_id, org_id in done.filter(request__partners__isnull=False).values_list(
        "expert_id", "request__partners"
    ):
        worked_with[index[expert_id]].add(org_id)

    today = local_date(timezone.now())
    absences: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for expert_id, start, end in Absence.objects.filter(
        expert__active=True, end__gte=today
    ).values_list("expert_id", "start", "end"):
        absences[index[expert_id]].append((start, end))

    commitments: dict[int, list[tuple[dt.date, dt.date, float]]] = defaultdict(list)
    for expert_id, start, end, hours in Assignment.objects.filter(
        expert__active=True, status__in=Assignment.ACTIVE, period_end__gte=today
    ).values_list("expert_id", "period_start", "period_end", "hours_per_week"):
        commitments[index[expert_id]].append((start, end, float(hours)))

    return ExpertPool(
        experts=experts,
        theme_ids=themes,
        levels=levels,
        in_team=in_team,
        theme_relevant=theme_relevant,
        capacity=np.array([float(e.weekly_capacity_hours) for e in experts], dtype=np.float64),
        conflicts=conflicts,
        worked_with=worked_with,
        absences=absences,
        commitments=commitments,
        team_names=teams,
    )


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class Scores:
    """Requests x experts arrays of the scoring, plus why each pair was excluded."""

    specs: list[RequestSpec]
    score: np.ndarray
    eligible: np.ndarray
    coverage: np.ndarray
    covered: np.ndarray  # number of requested themes the expert covers
    free: np.ndarray  # hours per week free in the busiest week
    absent_days: np.ndarray
    period_days: np.ndarray  # per request
    continuity: np.ndarray
    other_team: np.ndarray
    conflict: np.ndarray
    no_team: np.ndarray  # neither in the team nor called for by the themes
    too_absent: np.ndarray
    no_capacity: np.ndarray
    needed_load: np.ndarray  # per request: hours per week a default assignment adds
    capacity_share: np.ndarray | None = None  # the free share that scores, absences counted


def _weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    first = start - dt.timedelta(days=start.weekday())
    last = end - dt.timedelta(days=end.weekday())
    return [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def score(
    pool: ExpertPool, specs: list[RequestSpec], *, per_request_capacity: bool = True
) -> Scores:
    """Score every (request, expert) pair.

    ``per_request_capacity`` computes free hours over each request's own period (exact; one
    pass per request). Without it, free hours are taken over the union of all periods — a
    cautious figure that keeps the batch plan fast; applying a plan re-checks each assignment
    exactly. Arrays are float32: scores need no more, and the batch plan moves 500,000 pairs.
    """
    n_req, n_exp = len(specs), pool.size
    f32 = np.float32
    theme_pos = {theme_id: i for i, theme_id in enumerate(pool.theme_ids)}
    rows, cols = [], []
    for r, spec in enumerate(specs):
        for theme_id in spec.theme_ids:
            if theme_id in theme_pos:
                rows.append(r)
                cols.append(theme_pos[theme_id])
    wanted = np.zeros((n_req, len(pool.theme_ids)), dtype=f32)
    wanted[rows, cols] = 1.0
    n_themes = np.maximum(wanted.sum(axis=1, keepdims=True), 1.0)
    levels = pool.levels.astype(f32)
    has_skill = (pool.levels > 0).astype(f32)
    coverage = (wanted @ levels.T) / n_themes
    covered = wanted @ has_skill.T
    called_for = (wanted @ (has_skill * pool.theme_relevant).T) > 0

    team_ids = list(pool.in_team)
    team_rows = np.vstack([pool.in_team[t] for t in team_ids] + [np.ones(n_exp, dtype=bool)])
    team_pos = {team_id: i for i, team_id in enumerate(team_ids)}
    undecided = len(team_ids)  # the all-True row: no team chosen yet, every expert may fit
    in_team = team_rows[[team_pos.get(spec.team_id, undecided) for spec in specs]]
    other_team = ~in_team & called_for
    no_team = ~in_team & ~called_for

    # Organisations: conflicts of interest and earlier work, through sparse incidence matrices.
    org_ids = sorted(
        {o for spec in specs for o in spec.organisation_ids}
        | {o for orgs in pool.conflicts.values() for o in orgs}
        | {o for orgs in pool.worked_with.values() for o in orgs}
    )
    org_pos = {org_id: i for i, org_id in enumerate(org_ids)}
    req_orgs = _incidence(
        n_req,
        len(org_ids),
        ((r, org_pos[o]) for r, s in enumerate(specs) for o in s.organisation_ids),
    )
    expert_conflicts = _incidence(
        n_exp, len(org_ids), ((e, org_pos[o]) for e, orgs in pool.conflicts.items() for o in orgs)
    )
    expert_history = _incidence(
        n_exp, len(org_ids), ((e, org_pos[o]) for e, orgs in pool.worked_with.items() for o in orgs)
    )
    conflict = (req_orgs @ expert_conflicts.T).toarray() > 0
    continuity = (req_orgs @ expert_history.T).toarray() > 0

    # Periods as day offsets from the earliest start.
    start = min(spec.period.start for spec in specs)
    end = max(spec.period.end for spec in specs)
    n_days = (end - start).days + 1
    first_day = np.array([(spec.period.start - start).days for spec in specs])
    last_day = np.array([(spec.period.end - start).days for spec in specs])
    working = np.array(
        [is_working_day(start + dt.timedelta(days=i)) for i in range(n_days)], dtype=bool
    )
    working_before = np.concatenate([[0], np.cumsum(working)])
    period_days = working_before[last_day + 1] - working_before[first_day]

    # Absences, in working days of each request's period (only experts with absences count).
    absent_days = np.zeros((n_req, n_exp), dtype=f32)
    if pool.absences:
        absent_experts = sorted(pool.absences)
        absent = np.zeros((len(absent_experts), n_days), dtype=f32)
        for k, e in enumerate(absent_experts):
            for first, last in pool.absences[e]:
                lo, hi = max((first - start).days, 0), min((last - start).days, n_days - 1)
                if lo <= hi:
                    absent[k, lo : hi + 1] = 1
        absent *= working
        day = np.arange(n_days)
        period_mask = ((day >= first_day[:, None]) & (day <= last_day[:, None])).astype(f32)
        absent_days[:, absent_experts] = period_mask @ absent.T
    absent_share = absent_days / np.maximum(period_days, 1)[:, None].astype(f32)
    too_absent = absent_share >= ABSENT_SHARE_EXCLUDES

    # Capacity: hours per week free in the busiest week.
    weeks = _weeks(start, end)
    week_pos = {week: i for i, week in enumerate(weeks)}
    load = np.zeros((n_exp, len(weeks)), dtype=np.float64)
    for e, items in pool.commitments.items():
        for first, last, hours in items:
            lo = max(first, start)
            for week in _weeks(lo, max(min(last, end), lo)):
                if week in week_pos:
                    load[e, week_pos[week]] += hours
    if per_request_capacity:
        free = np.empty((n_req, n_exp), dtype=np.float64)
        for r, spec in enumerate(specs):
            cols_ = [week_pos[w] for w in spec.period.weeks if w in week_pos]
            free[r] = pool.capacity - load[:, cols_].max(axis=1)
    else:
        free = (pool.capacity - load.max(axis=1))[None, :]  # the same for every request
    length_weeks = np.maximum(1, np.ceil((last_day - first_day + 1) / 7))
    needed_load = float(default_hours()) / length_weeks
    no_capacity = free + 1e-9 < needed_load[:, None]

    w = weights()
    capacity_share = np.clip(free / np.maximum(pool.capacity, 1e-9)[None, :], 0, 1).astype(f32)
    capacity_share = capacity_share * (1 - np.clip(absent_share, 0, 1))
    total = 100 * (
        f32(w["coverage"]) * coverage
        + f32(w["capacity"]) * capacity_share
        + f32(w["continuity"]) * continuity
    )
    eligible = (covered > 0) & ~no_team & ~conflict & ~too_absent & ~no_capacity
    return Scores(
        specs=specs,
        score=total,
        eligible=eligible,
        coverage=coverage,
        covered=covered,
        free=np.broadcast_to(free, (n_req, n_exp)),
        absent_days=absent_days,
        period_days=period_days,
        continuity=continuity,
        other_team=other_team,
        conflict=conflict,
        no_team=no_team,
        too_absent=too_absent,
        no_capacity=no_capacity,
        needed_load=needed_load,
        capacity_share=np.broadcast_to(capacity_share, (n_req, n_exp)),
    )


def _incidence(rows: int, cols: int, pairs) -> sparse.csr_matrix:
    pairs = list(pairs)
    if not pairs:
        return sparse.csr_matrix((rows, cols), dtype=np.float64)
    r, c = zip(*pairs, strict=True)
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(rows, cols), dtype=np.float64)


# --- suggestions for one request ---------------------------------------------------------


@dataclass
class Suggestion:
    expert: Expert
    score: float
    reasons: list[dict[str, Any]]
    reason_texts: list[str] = field(default_factory=list)


def reasons_for(
    pool: ExpertPool, scores: Scores, r: int, e: int, organisation_names: dict[int, str]
) -> list[dict[str, Any]]:
    """Why expert ``e`` fits request ``r``, as data (rendered in the reader's language)."""
    spec = scores.specs[r]
    theme_pos = {theme_id: i for i, theme_id in enumerate(pool.theme_ids)}
    covered_ids = [t for t in spec.theme_ids if t in theme_pos and pool.levels[e, theme_pos[t]] > 0]
    reasons: list[dict[str, Any]] = [
        {
            "code": "coverage",
            "covered": len(covered_ids),
            "of": len(spec.theme_ids),
            "themes": covered_ids,
            # The skill level (1-3) of each covered theme, in the order of ``themes``: the
            # level is what the coverage part of the score counts.
            "levels": [round(float(pool.levels[e, theme_pos[t]]) * 3) for t in covered_ids],
        },
        {"code": "free", "hours": round(float(scores.free[r, e]), 1)},
    ]
    if scores.continuity[r, e]:
        orgs = sorted(
            organisation_names.get(o, "")
            for o in spec.organisation_ids
            if o in pool.worked_with.get(e, set())
        )
        reasons.append({"code": "continuity", "organisations": [o for o in orgs if o]})
    if scores.other_team[r, e]:
        teams = sorted(pool.team_names[t] for t, mask in pool.in_team.items() if mask[e])
        reasons.append({"code": "other_team", "teams": teams})
    if scores.absent_days[r, e]:
        reasons.append({"code": "absent", "days": int(scores.absent_days[r, e])})
    reasons.append(score_parts(scores, r, e))
    return reasons


def score_parts(scores: Scores, r: int, e: int) -> dict[str, Any]:
    """The score taken apart, in points out of 100: two experts who cover the same themes
    differ by their levels, their free hours or their earlier work, and this says by which."""
    w = weights()
    share = scores.capacity_share[r, e] if scores.capacity_share is not None else 0.0
    return {
        "code": "score",
        "total": round(float(scores.score[r, e]), 1),
        "skills": round(100 * w["coverage"] * float(scores.coverage[r, e]), 1),
        "capacity": round(100 * w["capacity"] * float(share), 1),
        "continuity": round(100 * w["continuity"] * float(scores.continuity[r, e]), 1),
    }


def suggest(
    request: AdviceRequest,
    *,
    limit: int | None = 10,
    pool: ExpertPool | None = None,
    name: str = "",
) -> list[Suggestion]:
    """Ranked suggestions for one request: best score first, ties by expert id.

    ``name``: only the eligible experts whose name (or e-mail address) holds these words,
    however low they rank — the search in the workspace. Eligibility is the same rule either
    way: the hard filters of ``score``.
    """
    pool = pool or load_pool()
    if not pool.size:
        return []
    spec = spec_for(request)
    scores = score(pool, [spec])
    candidates = np.flatnonzero(scores.eligible[0])
    words = name.casefold().split()
    if words:
        candidates = [e for e in candidates if _named(pool.experts[e], words)]
    already = set(
        request.assignments.filter(status__in=Assignment.ACTIVE).values_list("expert_id", flat=True)
    )
    ranked = sorted(
        (e for e in candidates if pool.experts[e].id not in already),
        key=lambda e: (-scores.score[0, e], pool.experts[e].id),
    )[:limit]  # [:None] is all of them
    names = organisation_names(spec.organisation_ids)
    themes = theme_names()
    suggestions = []
    for e in ranked:
        reasons = reasons_for(pool, scores, 0, e, names)
        suggestions.append(
            Suggestion(
                expert=pool.experts[e],
                score=round(float(scores.score[0, e]), 3),
                reasons=reasons,
                reason_texts=[describe(reason, themes) for reason in reasons],
            )
        )
    return suggestions


def _named(expert: Expert, words: list[str]) -> bool:
    user = expert.user
    haystack = f"{user.get_full_name()} {user.email} {expert}".casefold()
    return all(word in haystack for word in words)


def organisation_names(ids) -> dict[int, str]:
    from organisations.models import Organisation

    return dict(Organisation.objects.filter(id__in=list(ids)).values_list("id", "name"))


def score_one(
    request: AdviceRequest, expert: Expert, *, pool: ExpertPool | None = None
) -> tuple[Decimal | None, list[dict]]:
    """The score and reasons of one expert for one request, as stored at assignment time.

    (None, []) when the expert does not pass the hard filters; the assignment service decides
    what that means. A caller scoring many pairs passes one ``pool`` for all of them.
    """
    pool = pool or load_pool()
    position = next((i for i, e in enumerate(pool.experts) if e.id == expert.id), None)
    if position is None:
        return None, []
    spec = spec_for(request)
    scores = score(pool, [spec])
    if not scores.eligible[0, position]:
        return None, []
    reasons = reasons_for(pool, scores, 0, position, organisation_names(spec.organisation_ids))
    return Decimal(str(round(float(scores.score[0, position]), 3))), reasons


# --- words ---------------------------------------------------------------------------------


def theme_names() -> dict[int, str]:
    """Theme names in the active language, for ``describe`` (one query)."""
    return {theme.id: theme.display_name for theme in Theme.objects.all()}


def describe(reason: dict[str, Any], themes: dict[int, str] | None = None) -> str:
    """One reason in plain words, in the active language."""
    code = reason.get("code")
    if code == "coverage":
        names = themes if themes is not None else theme_names()
        ids = reason.get("themes", [])
        levels = reason.get("levels") or [None] * len(ids)  # reasons stored before levels
        covered = sorted(
            (names[t], level) for t, level in zip(ids, levels, strict=False) if t in names
        )
        text = ngettext(
            "covers %(covered)d of %(of)d theme",
            "covers %(covered)d of %(of)d themes",
            reason["of"],
        ) % {"covered": reason["covered"], "of": reason["of"]}
        if not covered:
            return text
        if levels[0] is None:
            return f"{text} ({', '.join(name for name, _level in covered)})"
        return f"{text}: " + "; ".join(_level_words(name, level) for name, level in covered)
    if code == "free":
        return _("%(hours)s h/week free") % {"hours": _number(reason["hours"])}
    if code == "continuity":
        return _("worked with %(organisations)s before") % {
            "organisations": ", ".join(reason["organisations"])
        }
    if code == "other_team":
        return _("from team %(teams)s") % {"teams": ", ".join(reason["teams"])}
    if code == "absent":
        return ngettext(
            "absent %(days)d working day in the period",
            "absent %(days)d working days in the period",
            reason["days"],
        ) % {"days": reason["days"]}
    if code == "score":
        return _(
            "score %(total)s: %(skills)s for skill level, %(capacity)s for free hours, "
            "%(continuity)s for earlier work with these organisations"
        ) % {
            "total": _number(reason["total"]),
            "skills": _number(reason["skills"]),
            "capacity": _number(reason["capacity"]),
            "continuity": _number(reason["continuity"]),
        }
    return str(reason)


def _level_words(theme: str, level: int) -> str:
    labels = dict(Skill.Level.choices)
    return _("%(theme)s at level %(level)d of 3 (%(label)s)") % {
        "theme": theme,
        "level": level,
        "label": str(labels.get(level, level)).lower(),
    }


def _number(value: float) -> str:
    """Hours in the reader's format: "22,2" in Dutch, "22.2" in English."""
    return number_format(value, 0 if float(value).is_integer() else 1)


__all__ = [
    "ExpertPool",
    "RequestSpec",
    "Scores",
    "Suggestion",
    "default_weeks",
    "describe",
    "load_pool",
    "score",
    "score_one",
    "spec_for",
    "suggest",
    "theme_names",
]
