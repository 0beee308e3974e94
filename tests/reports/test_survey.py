"""The satisfaction survey: invited on completion (real mail over SMTP), answered once through
the signed link without signing in, the request closed by expertdesk when it is answered or
when its time runs out (the real django-q2 task, run in-process)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from django_q.models import Schedule
from django_q.tasks import async_task

from mail.models import OutboundMail
from reports.models import SatisfactionResponse
from reports.services import survey_token
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Event
from requests_app.services import lifecycle
from tests.factories import MembershipFactory
from tests.requests_app.completion_support import completed_request, request_in_progress
from tests.smtp import smtp_server, use_smtp

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LINK = re.compile(r"https?://[^/\s]+(/tevredenheid/[^/\s]+/)")


@pytest.fixture
def lotte(veenendaal):
    return MembershipFactory(organisation=veenendaal, user__email="lotte@veenendaal.nl").user


@pytest.fixture
def completed(requester, lotte, weer_thuis, coordinator_weer_thuis):
    return completed_request(
        requester=requester,
        team=weer_thuis,
        coordinator=coordinator_weer_thuis,
        contacts=[requester, lotte],
    )


def survey_path(request: AdviceRequest, email: str) -> str:
    survey = SatisfactionResponse.objects.get(request=request)
    mail = OutboundMail.objects.get(key__startswith=f"satisfaction:{survey.pk}:invite:", to=email)
    return LINK.search(mail.body_text).group(1)


def plain_text(message) -> str:
    part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def english_client() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def test_completing_mails_each_requester_their_own_survey_link(
    settings,
    requester,
    lotte,
    weer_thuis,
    coordinator_weer_thuis,
    django_capture_on_commit_callbacks,
):
    request = request_in_progress(
        requester=requester,
        team=weer_thuis,
        coordinator=coordinator_weer_thuis,
        contacts=[requester, lotte],
    )
    with smtp_server() as smtp:
        use_smtp(settings, smtp.port)
        with django_capture_on_commit_callbacks(execute=True):
            lifecycle.transition(
                actor=coordinator_weer_thuis,
                request_id=request.pk,
                action="complete",
                delivered_results=["business_case"],
            )
    # In each person's own language: Dutch here.
    surveys = {m["To"]: m for m in smtp.messages if m["Subject"].startswith("Hoe tevreden")}
    assert sorted(surveys) == ["lotte@veenendaal.nl", "rik@veenendaal.nl"]
    assert surveys["rik@veenendaal.nl"]["Subject"] == (
        f"Hoe tevreden bent u over aanvraag {request.reference}?"
    )
    texts = {to: plain_text(message) for to, message in surveys.items()}
    links = {to: LINK.search(text).group(1) for to, text in texts.items()}
    assert links["rik@veenendaal.nl"] != links["lotte@veenendaal.nl"]
    assert "binnen 30 dagen" in texts["rik@veenendaal.nl"]
    response = SatisfactionResponse.objects.get(request=request)
    assert (response.score, response.answered_at) == (None, None)
    invited = Event.objects.get(request=request, action="satisfaction.invited")
    assert (invited.actor, invited.data) == (None, {"people": 2})
    # The status mail says the request is completed; the score is asked in the survey mail.
    completed = [m for m in smtp.messages if m["Subject"].endswith(" is afgerond")]
    assert sorted(m["To"] for m in completed) == ["lotte@veenendaal.nl", "rik@veenendaal.nl"]


def test_the_link_is_used_once_and_the_answer_closes_the_request(completed, requester, lotte):
    path = survey_path(completed, "lotte@veenendaal.nl")
    client = english_client()  # nobody signs in

    page = client.get(path)
    assert page.status_code == 200
    assert "How satisfied are you with the advice you received?" in page.content.decode()
    assert SatisfactionResponse.objects.get(request=completed).answered_at is None

    done = client.post(path, {"score": "4", "comment": "Heldere businesscase."})
    assert done.status_code == 200
    assert "Thank you: your answer is saved. The request is now closed." in done.content.decode()
    response = SatisfactionResponse.objects.get(request=completed)
    assert (response.score, response.comment) == (4, "Heldere businesscase.")
    completed.refresh_from_db()
    assert completed.status == Status.CLOSED
    answered = Event.objects.get(request=completed, action="satisfaction.answered")
    assert (answered.actor, answered.data) == (lotte, {"score": 4})
    closed = Event.objects.get(request=completed, action="request.closed")
    assert (closed.actor, closed.from_status) == (None, "completed")

    # Used once: again by the same link, and by the other requester's link.
    for again in (path, survey_path(completed, "rik@veenendaal.nl")):
        for answer in (client.get(again), client.post(again, {"score": "1"})):
            assert answer.status_code == 409
            assert "This survey has already been answered. Thank you!" in answer.content.decode()
    response.refresh_from_db()
    assert (response.score, response.comment) == (4, "Heldere businesscase.")
    assert Event.objects.filter(request=completed, action="satisfaction.answered").count() == 1


def test_a_tampered_or_expired_link_says_so_and_changes_nothing(completed, time_machine):
    path = survey_path(completed, "rik@veenendaal.nl")
    client = english_client()
    tampered = client.post(path[:-3] + "xx/", {"score": "5"})
    assert tampered.status_code == 400
    assert "This link is not valid." in tampered.content.decode()

    time_machine.move_to(timezone.now() + dt.timedelta(days=30, minutes=1))
    expired = client.post(path, {"score": "5"})
    assert expired.status_code == 400
    assert "This link has expired: the survey was open for 30 days." in expired.content.decode()
    assert SatisfactionResponse.objects.get(request=completed).answered_at is None
    assert AdviceRequest.objects.get(pk=completed.pk).status == Status.COMPLETED


@pytest.mark.parametrize("score", ["", "0", "6", "vier"])
def test_a_missing_or_impossible_score_is_refused_on_the_field(completed, score):
    path = survey_path(completed, "rik@veenendaal.nl")
    answer = english_client().post(path, {"score": score, "comment": "Zie bijlage"})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert 'data-testid="survey-errors"' in body
    assert "Zie bijlage" in body  # what was typed stays
    assert SatisfactionResponse.objects.get(request=completed).answered_at is None


def test_unanswered_surveys_close_their_request_after_the_configured_days(
    settings, requester, weer_thuis, coordinator_weer_thuis, time_machine
):
    settings.EXPERTDESK_SATISFACTION_CLOSE_DAYS = 10
    start = timezone.now()
    old = completed_request(
        requester=requester, team=weer_thuis, coordinator=coordinator_weer_thuis
    )
    time_machine.move_to(start + dt.timedelta(days=2))
    recent = completed_request(
        requester=requester, team=weer_thuis, coordinator=coordinator_weer_thuis
    )
    old_link = survey_path(old, "rik@veenendaal.nl")

    time_machine.move_to(start + dt.timedelta(days=10, hours=1))
    async_task("reports.tasks.close_unanswered_surveys")  # Q_CLUSTER sync: runs here
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (Status.CLOSED, Status.COMPLETED)
    expired = Event.objects.get(request=old, action="satisfaction.expired")
    assert (expired.actor, expired.data) == (None, {"days": 10})
    assert Event.objects.get(request=old, action="request.closed").actor is None

    # Twice is harmless: nothing more closes, no second event.
    async_task("reports.tasks.close_unanswered_surveys")
    assert Event.objects.filter(request=old, action="satisfaction.expired").count() == 1
    assert AdviceRequest.objects.get(pk=recent.pk).status == Status.COMPLETED

    # The survey of the closed request can no longer be answered, even by a link not expired.
    time_machine.move_to(start + dt.timedelta(days=9))
    closed_answer = english_client().post(old_link, {"score": "5"})
    assert closed_answer.status_code == 409
    assert "This survey is closed" in closed_answer.content.decode()


def test_the_closing_schedule_is_installed_by_the_migration():
    schedule = Schedule.objects.get(func="reports.tasks.close_unanswered_surveys")
    assert (schedule.schedule_type, schedule.cron, schedule.repeats) == ("C", "30 6 * * *", -1)


def test_only_closing_may_be_done_by_expertdesk_itself(requester, weer_thuis):
    from tests.factories import file_request

    request = file_request(requester=requester, team=weer_thuis)
    with pytest.raises(PermissionDenied):
        lifecycle.transition(actor=None, request_id=request.pk, action="accept")
    assert AdviceRequest.objects.get(pk=request.pk).status == Status.SUBMITTED


def test_the_requester_reads_the_survey_on_the_timeline_in_dutch(completed, requester):
    client = english_client()
    client.post(survey_path(completed, "rik@veenendaal.nl"), {"score": "5"})
    client.force_login(requester)
    client.cookies["django_language"] = "nl"
    page = client.get(f"/aanvragen/{completed.pk}/").content.decode()
    assert "Tevredenheidsonderzoek verstuurd naar 2 personen" in page
    assert "Tevredenheidsonderzoek beantwoord: 5 van de 5" in page
    assert "Aanvraag gesloten" in page


def test_a_link_signed_for_another_survey_is_not_valid(completed, requester):
    response = SatisfactionResponse.objects.get(request=completed)
    response.pk = response.pk + 1000  # a survey that does not exist
    answer = english_client().get(f"/tevredenheid/{survey_token(response, requester)}/")
    assert answer.status_code == 400
    assert "This link is not valid." in answer.content.decode()
