"""Who may file for an organisation: coordinator invitations and approved self-registration."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import forget_roles, require
from core.exceptions import Conflict
from organisations import notifications
from organisations.models import Membership, Organisation, RequesterInvitation
from organisations.permissions import can_manage_memberships


def invite_requester(*, actor: User, email: str, organisation: Organisation) -> RequesterInvitation:
    """Side effect: an invitation mail with a single-use link."""
    require(can_manage_memberships(actor))
    email = (email or "").strip().lower()
    if not email:
        raise ValidationError({"email": _("Give the e-mail address to invite.")})
    if not organisation.active:
        raise ValidationError({"organisation": _("This organisation is no longer active.")})
    if Membership.objects.filter(
        user__email__iexact=email, organisation=organisation, status=Membership.Status.ACTIVE
    ).exists():
        raise Conflict(_("This person can already file requests for this organisation."))
    with transaction.atomic():
        invitation = RequesterInvitation.objects.create(
            email=email,
            organisation=organisation,
            invited_by=actor,
            token=secrets.token_urlsafe(32),
        )
        notifications.requester_invited(invitation=invitation)
    return invitation


def accept_invitation(*, user: User, token: str) -> Membership:
    """The invited person, signed in with the invited address, joins the organisation."""
    with transaction.atomic():
        invitation = (
            RequesterInvitation.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .filter(token=token)
            .first()
        )
        if invitation is None:
            raise ValidationError(_("This invitation link is not valid."))
        if invitation.accepted_at is not None:
            raise Conflict(_("This invitation has already been used."))
        if invitation.email.lower() != user.email.lower():
            raise ValidationError(
                _("This invitation was sent to %s. Sign in with that address to accept it.")
                % invitation.email
            )
        membership, _created = Membership.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"status": Membership.Status.ACTIVE},
        )
        if membership.status != Membership.Status.ACTIVE:
            membership.status = Membership.Status.ACTIVE
            membership.decided_by = invitation.invited_by
            membership.decided_at = timezone.now()
            membership.save(update_fields=["status", "decided_by", "decided_at"])
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    forget_roles(user)
    return membership


def request_membership(
    *, user: User, organisation: Organisation, job_title: str = ""
) -> Membership:
    """A self-registered person asks to file for ``organisation``; coordinators decide.

    Side effect: a mail to coordinators and administrators.
    """
    if not organisation.active:
        raise ValidationError({"organisation": _("This organisation is no longer active.")})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                user=user,
                organisation=organisation,
                job_title=job_title.strip()[:120],
                status=Membership.Status.PENDING,
            )
            notifications.membership_requested(membership=membership)
    except IntegrityError:
        raise Conflict(_("You already asked to file requests for this organisation.")) from None
    return membership


def decide_membership(*, actor: User, membership_id: int, approve: bool) -> Membership:
    """Approve or reject a pending membership. Side effect: a mail to the person."""
    require(can_manage_memberships(actor))
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("user", "organisation")
            .get(pk=membership_id)
        )
        if membership.status != Membership.Status.PENDING:
            raise Conflict(_("This request to join was already decided."))
        membership.status = Membership.Status.ACTIVE if approve else Membership.Status.REJECTED
        membership.decided_by = actor
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_by", "decided_at"])
        notifications.membership_decided(membership=membership)
    return membership
