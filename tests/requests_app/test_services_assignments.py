import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections

from core.exceptions import Conflict
from core.workdays import AMSTERDAM
from experts.models import Theme
from mail.models import OutboundMail
from requests_app.models import Assignment
from requests_app.services import assignments
from tests.factories import ConflictOfInterestFactory, accept_request, file_request, skilled_expert

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def accepted(requester, weer_thuis, coordinator_weer_thuis):
    return accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )


def test_assigning_stores_score_reasons_and_load_and_mails_the_expert(
    accepted, weer_thuis, coordinator_weer_thuis
):
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=accepted.pk,
        expert_id=expert.pk,
        role="lead",
        hours_budget=Decimal("36"),
    )
    assert assignment.status == "proposed"
    assert assignment.match_score == Decimal("85.000")  # 0.6*1 + 0.25*1
    assert [reason["code"] for reason in assignment.match_reasons] == [
        "coverage",
        "free",
        "score",
    ]
    assert assignment.hours_per_week == Decimal("3.00")  # 36 h over the default 12 weeks
    mail = OutboundMail.objects.get(key=f"assignment:{assignment.pk}:proposed")
    token = assignments.answer_token(assignment)
    assert f"/opdracht/{token}/" in mail.body_text
    assert accepted.events.filter(action="request.expert_assigned").count() == 1


def test_an_expert_is_never_booked_beyond_capacity(requester, weer_thuis, coordinator_weer_thuis):
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="8")
    requests = [
        accept_request(file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis)
        for _ in range(3)
    ]
    for request in requests[:2]:  # 48 h over 12 weeks = 4 h/week each
        assignments.assign_expert(
            actor=coordinator_weer_thuis,
            request_id=request.pk,
            expert_id=expert.pk,
            hours_budget=Decimal("48"),
        )
    with pytest.raises(Conflict, match=r"0\.00 hours per week free"):
        assignments.assign_expert(
            actor=coordinator_weer_thuis,
            request_id=requests[2].pk,
            expert_id=expert.pk,
            hours_budget=Decimal("12"),
        )
    declined = Assignment.objects.filter(expert=expert).first()
    assignments.decline_assignment(actor=expert.user, assignment_id=declined.pk, reason="Geen tijd")
    assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=requests[2].pk,
        expert_id=expert.pk,
        hours_budget=Decimal("12"),
    )


def test_refusals_are_clear(
    accepted, weer_thuis, coordinator_weer_thuis, coordinator_woningbouw, veenendaal, requester
):
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    other = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    ConflictOfInterestFactory(expert=other, organisation=veenendaal)
    assign = assignments.assign_expert
    with pytest.raises(PermissionDenied):
        assign(actor=coordinator_woningbouw, request_id=accepted.pk, expert_id=expert.pk)
    with pytest.raises(Conflict, match="conflict of interest"):
        assign(actor=coordinator_weer_thuis, request_id=accepted.pk, expert_id=other.pk)
    with pytest.raises(ValidationError):
        assign(
            actor=coordinator_weer_thuis,
            request_id=accepted.pk,
            expert_id=expert.pk,
            hours_budget=Decimal("0"),
        )
    assign(actor=coordinator_weer_thuis, request_id=accepted.pk, expert_id=expert.pk, role="lead")
    with pytest.raises(Conflict, match="already on this request"):
        assign(actor=coordinator_weer_thuis, request_id=accepted.pk, expert_id=expert.pk)
    third = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    with pytest.raises(Conflict, match="already has a lead"):
        assign(
            actor=coordinator_weer_thuis, request_id=accepted.pk, expert_id=third.pk, role="lead"
        )
    submitted = file_request(requester=requester, team=weer_thuis)
    with pytest.raises(Conflict, match="once the request is accepted"):
        assign(actor=coordinator_weer_thuis, request_id=submitted.pk, expert_id=third.pk)


def test_the_expert_answers_and_only_once(accepted, weer_thuis, coordinator_weer_thuis, expert):
    mine = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 2})
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=accepted.pk, expert_id=mine.pk
    )
    with pytest.raises(PermissionDenied):  # someone else's assignment
        assignments.accept_assignment(actor=expert, assignment_id=assignment.pk)
    with pytest.raises(ValidationError):
        assignments.decline_assignment(actor=mine.user, assignment_id=assignment.pk, reason="")
    assignments.accept_assignment(actor=mine.user, assignment_id=assignment.pk)
    with pytest.raises(Conflict):
        assignments.decline_assignment(
            actor=mine.user, assignment_id=assignment.pk, reason="Toch niet"
        )
    released = assignments.release_assignment(
        actor=coordinator_weer_thuis, assignment_id=assignment.pk
    )
    assert released.status == "released"
    actions = list(
        accepted.events.filter(action__startswith="request.expert_").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "request.expert_assigned",
        "request.expert_accepted",
        "request.expert_released",
    ]


def test_a_forged_or_foreign_answer_link_is_refused(accepted, weer_thuis, coordinator_weer_thuis):
    mine = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 2})
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=accepted.pk, expert_id=mine.pk
    )
    token = assignments.answer_token(assignment)
    assert assignments.assignment_from_token(token) == assignment
    with pytest.raises(ValidationError):
        assignments.assignment_from_token(token[:-2] + "xx")


@pytest.mark.django_db(transaction=True)
def test_parallel_assignments_never_overbook(requester, weer_thuis, coordinator_weer_thuis):
    """20 threads x 20 rounds assign one expert whose capacity fits exactly 7 assignments."""
    expert = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3}, capacity="7")
    requests = [
        accept_request(file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis)
        for _ in range(20)
    ]
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(20)

    def coordinator_at_work(request_id: int) -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(20):
                try:
                    assignments.assign_expert(
                        actor=coordinator_weer_thuis,
                        request_id=request_id,
                        expert_id=expert.pk,
                        hours_budget=Decimal("12"),  # 1 h/week
                    )
                    result = "assigned"
                except Conflict as refused:
                    result = "full" if "free" in refused.message else "already"
                with lock:
                    outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=coordinator_at_work, args=(r.pk,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(outcomes) == 400  # every attempt got an answer; none raised anything else
    assert outcomes.count("assigned") == 7
    assert Assignment.objects.filter(expert=expert, status="proposed").count() == 7
    assert outcomes.count("full") + outcomes.count("already") == 393


def test_the_proposal_mail_says_what_the_expert_decides_on_and_by_when(
    requester, weer_thuis, coordinator_weer_thuis, ede, time_machine
):
    """Proposed on Wednesday 4 March 2026: answer by Monday 9 March, three working days on."""
    time_machine.move_to(dt.datetime(2026, 3, 4, 10, 0, tzinfo=AMSTERDAM), tick=False)
    request = accept_request(
        file_request(
            requester=requester,
            team=weer_thuis,
            question="Hoe verdelen we de kosten & baten?",
            themes=list(Theme.objects.filter(slug__in=["businesscase", "anders-wonen"])),
            partners=[ede],
        ),
        coordinator_weer_thuis,
    )
    expert = skilled_expert(teams=[weer_thuis], skills={"businesscase": 3})
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        expert_id=expert.pk,
        hours_budget=Decimal("24"),
    )
    mail = OutboundMail.objects.get(key=f"assignment:{assignment.pk}:proposed")
    body = mail.body_text
    for expected in (  # in the expert's language: Dutch unless they chose English
        "met een budget van 24 uur.",
        "Accepteer of wijs af vóór maandag 9 maart 2026.",
        "Vraag:\nHoe verdelen we de kosten & baten?",  # plain text: nothing escaped
        "Thema's: Anders Wonen / Skaeve Huse, Businesscase en financiering",
        "Partners: Ede (GM0228)",
        "Bijlagen: Geen",
        f"Coördinator: {coordinator_weer_thuis.get_full_name()} <wendy@rvo.nl>",
        "Accepteren of afwijzen: ",
    ):
        assert expected in body, expected
    assert "kosten &amp; baten" in mail.body_html
