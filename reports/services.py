"""The satisfaction survey (DESIGN §3 step 7): invited on completion, answered once through a
signed link, and the request closed when it is answered or when its time runs out.

Completing a request calls ``invite`` through ``lifecycle.register_after_transition`` (this app
sits above requests_app, which never imports it). Every write locks the request row first, as
the lifecycle does, so an answer and the closing schedule are served one after the other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.exceptions import Conflict
from mail.services import Recipient, forget, queue_mail
from reports.models import SatisfactionResponse
from requests_app.enums import Action, Status
from requests_app.models import AdviceRequest, Event
from requests_app.services import lifecycle, notifications
from requests_app.services.audit import record_event

SURVEY_SALT = "reports.satisfaction-survey"
SCORES = range(1, 6)


def close_after() -> dt.timedelta:
    """How long a survey stays open; then its link expires and the request closes."""
    return dt.timedelta(days=settings.EXPERTDESK_SATISFACTION_CLOSE_DAYS)


# --- invitation ---------------------------------------------------------------------------------


def invite(request: AdviceRequest, event: Event) -> SatisfactionResponse:
    """Ask the requester's people (who filed it and its contact persons) for a score, each with
    their own link; one survey per request, answered once by whoever answers first. Runs in the
    completing transaction."""
    response, created = SatisfactionResponse.objects.get_or_create(
        request=request, defaults={"invited_at": event.created_at}
    )
    if not created:
        return response
    people = notifications.requester_people(request)
    for person in people:
        queue_mail(
            key=f"satisfaction:{response.pk}:invite:{person.pk}",
            recipient=Recipient.of(person),
            template="reports/mail/survey_invitation",
            context={
                "request": request,
                "person": person,
                "survey_url": reverse("reports:survey", args=[survey_token(response, person)]),
                "days": settings.EXPERTDESK_SATISFACTION_CLOSE_DAYS,
            },
        )
    record_event(
        request=request, actor=None, action="satisfaction.invited", data={"people": len(people)}
    )
    return response


# --- the signed link ----------------------------------------------------------------------------


def survey_token(response: SatisfactionResponse, person: User) -> str:
    """Names the survey and the person it was sent to; valid as long as the survey is open."""
    return signing.dumps({"s": response.pk, "p": person.pk}, salt=SURVEY_SALT)


@dataclass(frozen=True)
class SurveyLink:
    response: SatisfactionResponse
    person: User


def read_survey_token(token: str) -> SurveyLink:
    """The survey and person of a link; ValidationError with a reason people understand."""
    try:
        data = signing.loads(token, salt=SURVEY_SALT, max_age=close_after())
    except signing.SignatureExpired:
        raise ValidationError(
            _("This link has expired: the survey was open for %(days)d days.")
            % {"days": settings.EXPERTDESK_SATISFACTION_CLOSE_DAYS}
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            _("This link is not valid. Use the link from the e-mail exactly as it was sent.")
        ) from None
    response = (
        SatisfactionResponse.objects.select_related("request").filter(pk=data.get("s")).first()
    )
    person = User.objects.filter(pk=data.get("p")).first()
    if response is None or person is None:
        raise ValidationError(
            _("This link is not valid. Use the link from the e-mail exactly as it was sent.")
        )
    return SurveyLink(response=response, person=person)


def check_open(response: SatisfactionResponse) -> None:
    """Conflict when the survey can no longer be answered: answered already, or closed."""
    if response.answered_at is not None:
        raise Conflict(_("This survey has already been answered. Thank you!"))
    if response.request.status != Status.COMPLETED:
        raise Conflict(_("This survey is closed: the request was closed without a score."))


# --- answering ----------------------------------------------------------------------------------


def answer_survey(
    *, response_id: int, person_id: int, score: int, comment: str = ""
) -> SatisfactionResponse:
    """Store the one answer and close the request (expertdesk closes it, not the person).

    ValidationError for a score outside 1-5; Conflict when the survey was answered or closed
    meanwhile (re-checked under the request's row lock)."""
    if score not in SCORES:
        raise ValidationError({"score": _("Choose a score from 1 to 5.")})
    comment = (comment or "").strip()
    with transaction.atomic():
        request_id = SatisfactionResponse.objects.values_list("request_id", flat=True).get(
            pk=response_id
        )
        request = AdviceRequest.objects.select_for_update().get(pk=request_id)
        response = SatisfactionResponse.objects.select_for_update().get(pk=response_id)
        response.request = request
        check_open(response)
        response.score = score
        response.comment = comment
        response.answered_at = timezone.now()
        response.save(update_fields=["score", "comment", "answered_at"])
        record_event(
            request=request,
            actor=User.objects.get(pk=person_id),
            action="satisfaction.answered",
            data={"score": score},
        )
        lifecycle.transition(actor=None, request_id=request.pk, action=Action.CLOSE)
    return response


# --- closing what was not answered ------------------------------------------------------------


def close_unanswered(now: dt.datetime | None = None) -> int:
    """Close the completed requests whose survey was open for the configured time without an
    answer; the number closed. Safe to run twice and beside an answer being given."""
    cutoff = (now or timezone.now()) - close_after()
    due = AdviceRequest.objects.filter(status=Status.COMPLETED, completed_at__lte=cutoff)
    closed = 0
    for request_id in due.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            request = (
                AdviceRequest.objects.select_for_update()
                .filter(pk=request_id, status=Status.COMPLETED)
                .first()
            )
            if request is None:  # answered (and closed) since the list was read
                continue
            record_event(
                request=request,
                actor=None,
                action="satisfaction.expired",
                data={"days": settings.EXPERTDESK_SATISFACTION_CLOSE_DAYS},
            )
            lifecycle.transition(actor=None, request_id=request.pk, action=Action.CLOSE)
        closed += 1
    return closed


# --- retention ----------------------------------------------------------------------------------


def anonymise_survey(request: AdviceRequest) -> None:
    """The comment is free text and goes; the score and its moments stay (registered with
    ``requests_app.services.anonymise``)."""
    surveys = SatisfactionResponse.objects.filter(request=request)
    survey_ids = list(surveys.values_list("pk", flat=True))
    surveys.update(comment="")
    forget(f"satisfaction:{pk}:" for pk in survey_ids)
