import datetime as dt
import threading
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connections

from experts.models import Theme
from mail.models import OutboundMail
from requests_app.models import AdviceRequest, Event, RoutingRule
from requests_app.services import lifecycle, triage
from tests.factories import file_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
AMS = ZoneInfo("Europe/Amsterdam")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMS)


def _file_at(moment: dt.datetime, **kwargs) -> AdviceRequest:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return file_request(**kwargs)


def _move(moment: dt.datetime, **kwargs) -> AdviceRequest:
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return lifecycle.transition(**kwargs)


def test_the_clock_stops_while_information_is_asked_and_resumes_in_working_days(
    requester, weer_thuis, coordinator_weer_thuis
):
    request = _file_at(at(2026, 11, 2, 10), requester=requester, team=weer_thuis)
    assert request.triage_deadline == dt.date(2026, 11, 9)
    request = _move(
        at(2026, 11, 4, 11),
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        action="ask_info",
        note="Welke locaties zijn in beeld?",
    )
    assert (request.triage_deadline, request.triage_days_left) == (None, 3)
    request = _move(
        at(2026, 11, 12, 9),
        actor=requester,
        request_id=request.pk,
        action="provide_info",
        note="Drie locaties in Ede en Veenendaal.",
    )
    # Thursday 12 November + the 3 working days that were left: Tuesday 17 November.
    assert (request.status, request.triage_deadline) == ("submitted", dt.date(2026, 11, 17))
    pauses = list(
        request.events.filter(action__in=["request.needs_info", "request.submitted"]).values_list(
            "action", "data"
        )
    )
    assert pauses[-2:] == [
        ("request.needs_info", {"working_days_left": 3}),
        ("request.submitted", {"deadline": "2026-11-17"}),
    ]


def _escalation_mails() -> list[str]:
    return sorted(
        OutboundMail.objects.filter(key__contains=":escalation:").values_list("key", flat=True)
    )


def test_overdue_requests_escalate_once_per_level_and_only_in_working_hours(
    requester, weer_thuis, coordinator_weer_thuis
):
    request = _file_at(at(2026, 11, 2, 10), requester=requester, team=weer_thuis)
    assert triage.escalate_overdue_requests(now=at(2026, 11, 9, 16)) == 0  # deadline day
    assert triage.escalate_overdue_requests(now=at(2026, 11, 10, 22)) == 0  # night
    assert triage.escalate_overdue_requests(now=at(2026, 11, 14, 10)) == 0  # Saturday
    assert triage.escalate_overdue_requests(now=at(2026, 11, 10, 9)) == 1
    assert triage.escalate_overdue_requests(now=at(2026, 11, 10, 9, 15)) == 0  # ran twice
    key = f"request:{request.pk}:escalation"
    assert _escalation_mails() == [f"{key}:1:{coordinator_weer_thuis.pk}"]
    # Three times the 5 working days: after Monday 23 November.
    assert triage.escalate_overdue_requests(now=at(2026, 11, 23, 12)) == 0
    assert triage.escalate_overdue_requests(now=at(2026, 11, 24, 9, 30)) == 1
    assert triage.escalate_overdue_requests(now=at(2026, 11, 25, 9, 30)) == 0
    assert _escalation_mails() == [
        f"{key}:1:{coordinator_weer_thuis.pk}",
        f"{key}:2:{coordinator_weer_thuis.pk}",
    ]
    assert (
        Event.objects.filter(request=request, action="request.escalated", internal=True).count()
        == 2
    )


def test_an_accepted_request_is_not_escalated(requester, weer_thuis, coordinator_weer_thuis):
    request = _file_at(at(2026, 11, 2, 10), requester=requester, team=weer_thuis)
    lifecycle.transition(actor=coordinator_weer_thuis, request_id=request.pk, action="accept")
    assert triage.escalate_overdue_requests(now=at(2026, 11, 24, 10)) == 0


@pytest.mark.django_db(transaction=True)
def test_two_escalation_runs_at_the_same_moment_send_each_mail_once(
    requester, weer_thuis, coordinator_weer_thuis
):
    for _ in range(3):
        _file_at(at(2026, 11, 2, 10), requester=requester, team=weer_thuis)
    counts: list[int] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            counts.append(triage.escalate_overdue_requests(now=at(2026, 11, 10, 10)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(counts) == 3
    assert len(_escalation_mails()) == 3


def _rule(position: int, team, *, themes=(), **fields) -> RoutingRule:
    rule = RoutingRule.objects.create(
        position=position, name=f"rule {position}", team=team, **fields
    )
    rule.themes.set(Theme.objects.filter(slug__in=themes))
    return rule


def test_a_not_sure_request_is_routed_by_the_first_matching_rule(
    requester, weer_thuis, woningbouw, coordinator_weer_thuis, coordinator_woningbouw
):
    _rule(10, weer_thuis, themes=["housing-first"])
    _rule(20, weer_thuis, themes=["anders-wonen", "uitstroom"])
    _rule(30, woningbouw)  # everything else
    request = file_request(requester=requester, team=None)  # themes: Anders Wonen
    assert request.team == weer_thuis
    routed = request.events.get(action="request.routed")
    assert (routed.actor, routed.data["rule"]) == (None, "rule 20")

    other = file_request(
        requester=requester, team=None, themes=[Theme.objects.get(slug="grondbeleid")]
    )
    assert other.team == woningbouw


def test_a_broken_rule_is_switched_off_and_reported_never_used(
    requester,
    weer_thuis,
    woningbouw,
    coordinator_weer_thuis,
    admin_user,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    broken = _rule(10, woningbouw, themes=["anders-wonen"])
    Theme.objects.filter(slug="anders-wonen").update(active=False)
    Theme.objects.filter(slug="uitstroom").update(active=True)
    _rule(20, weer_thuis, themes=["uitstroom"])
    with django_capture_on_commit_callbacks(execute=True):
        request = file_request(
            requester=requester, team=None, themes=[Theme.objects.get(slug="uitstroom")]
        )
    assert request.team == weer_thuis
    broken.refresh_from_db()
    assert broken.active is False
    assert "Anders Wonen" in broken.disabled_reason
    report = [mail for mail in mailoutbox if mail.to == [admin_user.email]]
    assert len(report) == 1
    assert "rule 10" in report[0].subject


def test_a_rule_for_a_team_without_coordinators_is_switched_off(
    requester, woningbouw, weer_thuis, coordinator_weer_thuis
):
    orphan = _rule(10, woningbouw)
    request = file_request(requester=requester, team=None)
    orphan.refresh_from_db()
    assert orphan.active is False
    assert request.team is None  # nothing else matched: every coordinator sees it


def test_a_coordinator_can_route_and_reroute_by_hand(
    requester, weer_thuis, woningbouw, coordinator_weer_thuis, coordinator_woningbouw
):
    request = file_request(requester=requester, team=None)
    triage.route_request(actor=coordinator_woningbouw, request_id=request.pk, team=woningbouw)
    triage.route_request(actor=coordinator_woningbouw, request_id=request.pk, team=weer_thuis)
    triage.route_request(actor=coordinator_weer_thuis, request_id=request.pk, team=weer_thuis)
    routed = list(request.events.filter(action="request.routed").values_list("data", flat=True))
    assert [(d["from_team"], d["team"]) for d in routed] == [
        (None, "woningbouw"),
        ("woningbouw", "weer-thuis"),
    ]
