"""Two people answering the same survey at the same moment: one answer wins, the other hears
it was answered already. Real threads on the real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from core.exceptions import Conflict
from reports.models import SatisfactionResponse
from reports.services import answer_survey, close_unanswered
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Event
from tests.concurrency import at_once
from tests.factories import MembershipFactory
from tests.requests_app.completion_support import completed_request

ROUNDS = 8


def answer_in_english(survey: SatisfactionResponse, person, score: int) -> SatisfactionResponse:
    with translation.override("en"):  # a thread of its own: the test's language is not its
        return answer_survey(
            response_id=survey.pk, person_id=person.pk, score=score, comment=f"{score}"
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("english")
def test_two_answers_of_the_same_survey_at_once_leave_one(
    requester, veenendaal, weer_thuis, coordinator_weer_thuis
):
    """The request's row lock and the re-check under it stop the twin: without them both
    answers are written and the second fails only when closing, with the lifecycle's words."""
    lotte = MembershipFactory(organisation=veenendaal, user__email="lotte@veenendaal.nl").user
    for _ in range(ROUNDS):
        request = completed_request(
            requester=requester,
            team=weer_thuis,
            coordinator=coordinator_weer_thuis,
            contacts=[requester, lotte],
        )
        survey = SatisfactionResponse.objects.get(request=request)
        results = at_once(
            *(
                lambda survey=survey, person=person, score=score: answer_in_english(
                    survey, person, score
                )
                for person, score in ((requester, 2), (lotte, 5))
            )
        )
        (winner,) = [r for r in results if isinstance(r, SatisfactionResponse)]
        (loser,) = [r for r in results if isinstance(r, Exception)]
        assert isinstance(loser, Conflict)
        assert loser.message == "This survey has already been answered. Thank you!"
        survey.refresh_from_db()
        assert (survey.score, survey.comment) == (winner.score, str(winner.score))
        assert AdviceRequest.objects.get(pk=request.pk).status == Status.CLOSED
        answered = Event.objects.filter(request=request, action="satisfaction.answered")
        assert [event.data["score"] for event in answered] == [winner.score]
        assert Event.objects.filter(request=request, action="request.closed").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("english")
def test_an_answer_and_the_closing_schedule_at_once_close_the_request_once(
    requester, weer_thuis, coordinator_weer_thuis
):
    """Either the answer wins (a score, no "expired") or the schedule does (no score, the
    answer refused as closed); never both, and the schedule never fails on it. Without its own
    lock and re-check the schedule ran into the answer's close and stopped with an error."""
    for _ in range(ROUNDS):
        request = completed_request(
            requester=requester, team=weer_thuis, coordinator=coordinator_weer_thuis
        )
        AdviceRequest.objects.filter(pk=request.pk).update(
            completed_at=timezone.now() - dt.timedelta(days=31)
        )
        survey = SatisfactionResponse.objects.get(request=request)
        answered, closed = at_once(
            lambda survey=survey: answer_in_english(survey, requester, 3),
            close_unanswered,
        )
        survey.refresh_from_db()
        expired = Event.objects.filter(request=request, action="satisfaction.expired").count()
        if isinstance(answered, SatisfactionResponse):
            assert (closed, survey.score, expired) == (0, 3, 0)
        else:
            assert isinstance(answered, Conflict)
            assert answered.message.startswith("This survey is closed")
            assert (closed, survey.score, expired) == (1, None, 1)
        assert AdviceRequest.objects.get(pk=request.pk).status == Status.CLOSED
        assert Event.objects.filter(request=request, action="request.closed").count() == 1
