"""An SMTP outage in the middle of 200 invitations: every one arrives, exactly once."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from unittest import mock

import pytest
from django.utils import timezone

from mail import services as outbox
from mail.models import OutboundMail
from meetings import services
from tests.meetings.conftest import plan
from tests.smtp import free_port, smtp_server, use_smtp

pytestmark = pytest.mark.django_db


def invitations(messages) -> list[str]:
    """Recipients of the meeting's invitations (other mail of the story goes out too)."""
    return [
        message["To"]
        for message in messages
        if any(part.get_content_type() == "text/calendar" for part in message.walk())
    ]


def test_the_smtp_server_stops_halfway_through_200_invitations_and_nothing_is_lost_or_doubled(
    settings, story, coordinator_weer_thuis
):
    guests = [services.Invitee(email=f"gast{n:03}@foodvalley.example") for n in range(199)]
    meeting = plan(
        story,
        coordinator_weer_thuis,
        invitees=[services.invitee_for_expert(story[1]), *guests],
    )
    queued = list(
        OutboundMail.objects.filter(key__startswith=f"meeting:{meeting.pk}:")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(queued) == 200
    port = free_port()
    received = Counter()
    with smtp_server(port) as smtp:
        use_smtp(settings, port)
        for mail_id in queued[:80]:
            outbox.deliver_mail(mail_id)
        received.update(invitations(smtp.messages))
    # The server is gone: the rest wait for their next attempt, nothing is given up.
    for mail_id in queued[80:]:
        assert outbox.deliver_mail(mail_id) is False
    states = Counter(OutboundMail.objects.filter(pk__in=queued).values_list("state", flat=True))
    assert states == {"sent": 80, "pending": 120}
    later = timezone.now() + dt.timedelta(hours=2)
    with smtp_server(port) as smtp, mock.patch("django.utils.timezone.now", return_value=later):
        use_smtp(settings, port)
        while outbox.redrive(limit=50):
            pass
        assert outbox.redrive() == 0  # a second re-drive sends nothing again
        received.update(invitations(smtp.messages))
    assert len(received) == 200
    assert set(received.values()) == {1}
    assert OutboundMail.objects.filter(pk__in=queued, state="sent").count() == 200
