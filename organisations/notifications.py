"""Who hears about memberships and invitations. Only queues outbox mail inside the caller's
transaction; mails are in each recipient's own language. Nobody is mailed about their own
action."""

from __future__ import annotations

from django.urls import reverse

from accounts.roles import Role, holders_of
from mail.services import Recipient, queue_mail, queue_mail_to_each
from organisations.models import Membership, RequesterInvitation


def requester_invited(*, invitation: RequesterInvitation) -> None:
    queue_mail(
        key=f"invitation:{invitation.pk}",
        recipient=Recipient(email=invitation.email),
        template="organisations/mail/requester_invitation",
        context={
            "invitation": invitation,
            "url": reverse("organisations:invitation", args=[invitation.token]),
        },
    )


def membership_requested(*, membership: Membership) -> None:
    """Coordinators and administrators decide; not the one who asked (a coordinator who
    files requests too is not mailed about their own request to join)."""
    people = (
        (holders_of(Role.ADMIN) | holders_of(Role.COORDINATOR))
        .exclude(pk=membership.user_id)
        .order_by("email")
    )
    queue_mail_to_each(
        people,
        key=f"membership:{membership.pk}:requested",
        template="organisations/mail/membership_requested",
        context={"membership": membership, "url": reverse("organisations:memberships")},
    )


def membership_decided(*, membership: Membership) -> None:
    if membership.decided_by_id == membership.user_id:
        return  # they decided it themselves
    queue_mail(
        key=f"membership:{membership.pk}:{membership.status}",
        recipient=Recipient.of(membership.user),
        template="organisations/mail/membership_decided",
        context={"membership": membership, "url": reverse("requests:home")},
    )
