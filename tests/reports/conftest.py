"""A small known world for the figures, written row by row so every number is known.

Team Weer Thuis, year 2026 (times in UTC at 08:00, 09:00 or 10:00 in Amsterdam, so every lead
time is a whole number of days):

=====  =========  ==============  ==========  ======================================
req    lead       submitted       status      what happened
=====  =========  ==============  ==========  ======================================
R1     Veenendaal 2026-03-02      completed   accepted 03-04 (deadline 03-09), meeting
                                              03-12, completed 04-01; partner Ede;
                                              survey score 4
R2     Ede        2026-03-03      declined    info asked 03-04, declined 03-20
                                              (deadline 03-18: late); partner Veenendaal;
                                              survey score 2
R3     corp. (UT) 2026-06-01      submitted   deadline 06-08: waiting past it on 06-15
R4     Veenendaal 2026-06-10      submitted   deadline 06-17; partner the corporation
R8     Veenendaal 2026-04-01      in_progress accepted 04-05 (deadline 04-08); meeting
                                              04-03 cancelled, 04-15 held; agreement
                                              accepted 03-09: 40 h at € 100, 4 h
                                              programme, half the rest; survey invited
R5     Veenendaal 2025-12-30      in_progress outside 2026
R6     Ede        2026-05-01      accepted    team Woningbouw (decided 05-02, deadline
                                              05-08)
R7     Veenendaal (draft)         draft       never submitted
=====  =========  ==============  ==========  ======================================

Experts of Weer Thuis: Sanne (16 h a week; lead on R1 and R8, accepted) and Piet (8 h; a
proposed member on R1, a released one on R2). Hours: Sanne 3.5 on R8 on 03-10, 2 on R8 on
03-16, 5 on R6 on 03-11, 1 on R5 on 2025-12-31; Piet 1.25 on R1 on 03-05.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from cofinancing.models import Agreement, AgreementVersion, TimeEntry
from experts.models import Theme
from meetings.models import Meeting
from organisations.models import Organisation
from reports.models import SatisfactionResponse
from requests_app.models import AdviceRequest, Assignment, Event
from tests.factories import ExpertFactory, OrganisationFactory

UTC = dt.UTC
TODAY = dt.date(2026, 6, 15)


def at(day: str, hour: int = 8) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _on_the_known_day():
    """Figures that depend on today (waiting past the deadline, this year) see 15 June 2026."""
    with time_machine.travel(TODAY.isoformat() + " 12:00 +02:00", tick=False):
        yield


@dataclass
class Known:
    requests: dict[str, AdviceRequest]
    sanne: object
    piet: object
    corporation: Organisation


@pytest.fixture
def known(weer_thuis, woningbouw, veenendaal, ede, coordinator_weer_thuis) -> Known:
    corporation = OrganisationFactory(name="Woonstede", province="UT")
    author = coordinator_weer_thuis
    themes = {t.slug: t for t in Theme.objects.filter(slug__in=["anders-wonen", "housing-first"])}

    def request(
        name,
        lead,
        status,
        submitted=None,
        team=weer_thuis,
        theme_slugs=("anders-wonen",),
        partners=(),
        **fields,
    ):
        made = AdviceRequest.objects.create(
            reference=None if submitted is None else f"2026-{name}",
            lead_organisation=lead,
            team=team,
            title=f"Aanvraag {name}",
            question="?",
            created_by=author,
            status=status,
            submitted_at=None if submitted is None else at(submitted),
            **fields,
        )
        made.themes.set([themes[slug] for slug in theme_slugs])
        made.partners.set(partners)
        return made

    r = {
        "R1": request(
            "R1",
            veenendaal,
            "completed",
            "2026-03-02",
            partners=[ede],
            decided_at=at("2026-03-04"),
            triage_deadline=dt.date(2026, 3, 9),
            completed_at=at("2026-04-01"),
        ),
        "R2": request(
            "R2",
            ede,
            "declined",
            "2026-03-03",
            partners=[veenendaal],
            theme_slugs=("anders-wonen", "housing-first"),
            decided_at=at("2026-03-20"),
            triage_deadline=dt.date(2026, 3, 18),
        ),
        "R3": request(
            "R3",
            corporation,
            "submitted",
            "2026-06-01",
            theme_slugs=("housing-first",),
            triage_deadline=dt.date(2026, 6, 8),
        ),
        "R4": request(
            "R4",
            veenendaal,
            "submitted",
            "2026-06-10",
            partners=[corporation],
            triage_deadline=dt.date(2026, 6, 17),
        ),
        "R8": request(
            "R8",
            veenendaal,
            "in_progress",
            "2026-04-01",
            decided_at=at("2026-04-05"),
            triage_deadline=dt.date(2026, 4, 8),
        ),
        "R5": request("R5", veenendaal, "in_progress", "2025-12-30", decided_at=at("2025-12-31")),
        "R6": request(
            "R6",
            ede,
            "accepted",
            "2026-05-01",
            team=woningbouw,
            decided_at=at("2026-05-02"),
            triage_deadline=dt.date(2026, 5, 8),
        ),
        "R7": request("R7", veenendaal, "draft"),
    }
    events = [
        ("R1", "submitted", "2026-03-02"),
        ("R1", "accepted", "2026-03-04"),
        ("R2", "submitted", "2026-03-03"),
        ("R2", "needs_info", "2026-03-04"),
        ("R2", "submitted", "2026-03-05"),
        ("R2", "declined", "2026-03-20"),
        ("R8", "accepted", "2026-04-05"),
        ("R6", "accepted", "2026-05-02"),
    ]
    for name, status, day in events:
        event = Event.objects.create(request=r[name], action=f"request.{status}", to_status=status)
        Event.objects.filter(pk=event.pk).update(created_at=at(day))
    for name, day, status in [
        ("R1", "2026-03-12", "scheduled"),
        ("R8", "2026-04-03", "cancelled"),
        ("R8", "2026-04-15", "scheduled"),
    ]:
        Meeting.objects.create(
            request=r[name],
            title="Overleg",
            starts_at=at(day),
            ends_at=at(day, 9),
            status=status,
            created_by=author,
        )
    sanne = ExpertFactory(
        user__first_name="Sanne",
        user__last_name="de Vries",
        teams=[weer_thuis],
        weekly_capacity_hours=Decimal("16"),
    )
    piet = ExpertFactory(
        user__first_name="Piet",
        user__last_name="Bakker",
        teams=[weer_thuis],
        weekly_capacity_hours=Decimal("8"),
    )

    def assign(name, expert, role, status, start, end, per_week):
        return Assignment.objects.create(
            request=r[name],
            expert=expert,
            role=role,
            status=status,
            hours_budget=Decimal("40"),
            period_start=dt.date.fromisoformat(start),
            period_end=dt.date.fromisoformat(end),
            hours_per_week=Decimal(per_week),
            assigned_by=author,
        )

    assign("R1", sanne, "lead", "accepted", "2026-01-01", "2026-02-28", "3")
    on_r8 = assign("R8", sanne, "lead", "accepted", "2026-03-09", "2026-04-19", "4")
    piet_r1 = assign("R1", piet, "member", "proposed", "2026-01-01", "2026-03-08", "2")
    assign("R2", piet, "member", "released", "2026-03-01", "2026-03-31", "10")
    on_r6 = assign("R6", sanne, "member", "accepted", "2026-03-01", "2026-03-31", "1")
    on_r5 = assign("R5", sanne, "member", "accepted", "2025-12-01", "2025-12-31", "1")
    agreement = Agreement.objects.create(
        request=r["R8"], status="accepted", decided_at=at("2026-03-09")
    )
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=1,
        hours=Decimal("40"),
        hourly_rate=Decimal("100"),
        programme_hours=Decimal("4"),
        requester_share=Decimal("0.5"),
        created_by=author,
    )
    Agreement.objects.filter(pk=agreement.pk).update(current=version)
    for assignment, expert, day, hours, with_version in [
        (on_r8, sanne, "2026-03-10", "3.5", True),
        (on_r8, sanne, "2026-03-16", "2", True),
        (on_r6, sanne, "2026-03-11", "5", False),
        (on_r5, sanne, "2025-12-31", "1", False),
        (piet_r1, piet, "2026-03-05", "1.25", False),
    ]:
        TimeEntry.objects.create(
            assignment=assignment,
            request=assignment.request,
            expert=expert,
            version=version if with_version else None,
            day=dt.date.fromisoformat(day),
            hours=Decimal(hours),
            description="werk",
        )
    SatisfactionResponse.objects.create(
        request=r["R1"], invited_at=at("2026-04-02"), score=4, answered_at=at("2026-04-05")
    )
    SatisfactionResponse.objects.create(
        request=r["R2"], invited_at=at("2026-03-21"), score=2, answered_at=at("2026-03-22")
    )
    SatisfactionResponse.objects.create(request=r["R8"], invited_at=at("2026-05-01"))
    return Known(r, sanne, piet, corporation)
