import datetime as dt
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mail import services as outbox
from mail.models import OutboundMail
from mail.services import Recipient, queue_mail
from tests.factories import file_request
from tests.smtp import free_port, smtp_server, use_smtp

pytestmark = pytest.mark.django_db


def test_a_submitted_request_leaves_as_real_smtp_mail_with_text_and_html(
    settings, requester, weer_thuis, django_capture_on_commit_callbacks
):
    with smtp_server() as smtp:
        use_smtp(settings, smtp.port)
        with django_capture_on_commit_callbacks(execute=True):
            request = file_request(requester=requester, team=weer_thuis)
    confirmation = [m for m in smtp.messages if m["To"] == "rik@veenendaal.nl"]
    assert len(confirmation) == 1
    assert request.reference in confirmation[0]["Subject"]
    parts = {part.get_content_type(): part for part in confirmation[0].walk()}
    assert {"text/plain", "text/html"} <= set(parts)
    assert request.reference in parts["text/plain"].get_payload(decode=True).decode()


@pytest.fixture
def queued(db):
    return queue_mail(
        key="test:1",
        recipient=Recipient(email="ann@example.nl", language="en"),
        template="organisations/mail/membership_decided",
        context={
            "membership": SimpleNamespace(
                status="active", organisation=SimpleNamespace(name="Ede")
            ),
            "url": "/",
        },
    )


def test_the_same_key_is_queued_once(queued):
    again = queue_mail(
        key="test:1",
        recipient=Recipient(email="ann@example.nl"),
        template="organisations/mail/membership_decided",
        context={"membership": None, "url": "/"},
    )
    assert again is None
    assert OutboundMail.objects.count() == 1


def test_a_failing_smtp_server_is_retried_with_backoff_and_the_mail_is_sent_exactly_once(
    settings, queued
):
    port = free_port()
    use_smtp(settings, port)  # nothing listens there yet
    assert outbox.deliver_mail(queued.pk) is False
    queued.refresh_from_db()
    assert (queued.state, queued.attempts) == ("pending", 1)
    assert "ConnectionRefused" in queued.last_error
    assert queued.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)
    assert outbox.redrive() == 0  # not due yet

    later = timezone.now() + dt.timedelta(minutes=2)
    with smtp_server(port) as smtp, mock.patch("django.utils.timezone.now", return_value=later):
        assert outbox.redrive() == 1
        assert outbox.redrive() == 0
        assert outbox.deliver_mail(queued.pk) is False
    assert len(smtp.messages) == 1
    queued.refresh_from_db()
    assert (queued.state, queued.attempts, queued.last_error) == ("sent", 2, "")


def test_an_outage_of_any_length_loses_nothing_and_retries_at_most_an_hour_apart(settings, queued):
    use_smtp(settings, free_port())  # nobody listens: connection refused, again and again
    moment = timezone.now()
    waits = []
    for attempt in range(1, 31):
        with mock.patch("django.utils.timezone.now", return_value=moment):
            outbox.deliver_mail(queued.pk)
        queued.refresh_from_db()
        assert (queued.state, queued.attempts) == ("pending", attempt)
        waits.append(queued.next_attempt_at - moment)
        moment = queued.next_attempt_at + dt.timedelta(seconds=1)
    assert max(waits) == dt.timedelta(minutes=60)
    with smtp_server() as smtp:
        use_smtp(settings, smtp.port)
        with mock.patch("django.utils.timezone.now", return_value=moment):
            assert outbox.redrive() == 1
    assert len(smtp.messages) == 1


def test_a_refused_mailbox_fails_at_once_and_is_sent_again_to_a_corrected_address(
    settings, queued, django_capture_on_commit_callbacks
):
    with smtp_server(refuse=["ann@example.nl"]) as smtp:
        use_smtp(settings, smtp.port)
        assert outbox.deliver_mail(queued.pk) is False
        queued.refresh_from_db()
        assert (queued.state, queued.attempts) == ("failed", 1)
        assert "550" in queued.last_error
        with pytest.raises(ValidationError):
            outbox.resend(mail_id=queued.pk, to="not an address")
        with django_capture_on_commit_callbacks(execute=True):
            outbox.resend(mail_id=queued.pk, to="anne@example.nl")
    queued.refresh_from_db()
    assert (queued.state, queued.to) == ("sent", "anne@example.nl")
    assert [message["To"] for message in smtp.messages] == ["anne@example.nl"]


def test_a_claim_left_by_a_crashed_worker_is_released_and_sent(settings, queued):
    OutboundMail.objects.filter(pk=queued.pk).update(
        state="sending", claimed_at=timezone.now() - dt.timedelta(minutes=11)
    )
    with smtp_server() as smtp:
        use_smtp(settings, smtp.port)
        assert outbox.redrive() == 1
    assert len(smtp.messages) == 1
