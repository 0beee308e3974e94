"""Organisations that requesters add themselves while filing a request."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_admin, is_requester, require
from organisations.models import Organisation

logger = logging.getLogger(__name__)

# Municipalities come from the CBS reference list and partnerships from the administrators;
# corporations and care providers are too many and change too often to keep complete.
KINDS_REQUESTERS_MAY_ADD = (
    Organisation.Kind.HOUSING_CORPORATION,
    Organisation.Kind.CARE_PROVIDER,
)


def add_partner_organisation(*, actor: User, kind: str, name: str) -> Organisation:
    """A housing corporation or care provider that is not in the list yet.

    An active organisation of the same kind and name (ignoring case and extra spaces) is
    reused instead of creating a twin. Raises ValidationError with ``kind``/``name`` errors.
    Side effect: a new Organisation row (logged, so administrators can tidy up).
    """
    require(is_admin(actor) or is_requester(actor))
    name = " ".join((name or "").split())
    errors = {}
    if kind not in KINDS_REQUESTERS_MAY_ADD:
        errors["kind"] = _("Choose whether it is a housing corporation or a care provider.")
    if not name:
        errors["name"] = _("Give the name of the organisation.")
    elif len(name) > 200:
        errors["name"] = _("Keep the name under 200 characters.")
    if errors:
        raise ValidationError(errors)
    existing = _same_name(kind, name)
    if existing is None:
        try:
            with transaction.atomic():  # a savepoint: the caller's transaction survives a twin
                organisation = Organisation.objects.create(kind=kind, name=name)
        except IntegrityError:
            # Someone added the same name at the same moment; the database let one row in
            # (constraint organisation_added_by_name_once) and that one is ours too.
            existing = _same_name(kind, name)
            if existing is None:
                raise
        else:
            logger.info(
                "Organisation %s (%s, %s) added by user %s", organisation.pk, name, kind, actor.pk
            )
            return organisation
    if not existing.active:
        raise ValidationError(
            {"name": _("%s is no longer an active organisation.") % existing.name}
        )
    return existing


def _same_name(kind: str, name: str) -> Organisation | None:
    return Organisation.objects.filter(kind=kind, name__iexact=name).order_by("-active").first()
