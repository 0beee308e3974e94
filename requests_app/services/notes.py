"""Internal notes: for coordinators and assigned experts, never for requesters."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import require
from requests_app.models import AdviceRequest, InternalNote
from requests_app.permissions import can_add_internal_note
from requests_app.services.audit import record_event


def add_internal_note(*, actor: User, request_id: int, text: str) -> InternalNote:
    """Side effect: an internal ``request.note_added`` event."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the note first.")})
    with transaction.atomic():
        request = AdviceRequest.objects.get(pk=request_id)
        require(can_add_internal_note(actor, request))
        note = InternalNote.objects.create(request=request, author=actor, text=text)
        record_event(request=request, actor=actor, action="request.note_added", internal=True)
    return note
