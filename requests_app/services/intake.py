"""Filing a request: drafts, their edits and attachments (DESIGN §3 step 1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import require
from core.exceptions import Conflict
from experts.models import Team, Theme
from organisations.models import Membership, Organisation
from organisations.permissions import can_file_for
from requests_app.enums import DesiredResult, Status
from requests_app.models import AdviceRequest, Attachment
from requests_app.permissions import can_edit_request
from requests_app.selectors_requester import intake_form_draft
from requests_app.services.audit import lists_changed, record_event

# Office documents and PDF, recognised by their first bytes, not by what the browser claims.
ALLOWED_ATTACHMENTS = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".odp": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    ".ppt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}
MAX_ATTACHMENTS = 20
# Enough for a page of A4 and more; a question is read by people, not pasted in whole reports
# (those go in an attachment).
QUESTION_MAX_LENGTH = 10_000


@dataclass
class RequestData:
    """What a requester types; validated by ``validate_request_data``."""

    title: str
    question: str = ""
    team: Team | None = None
    themes: list[Theme] = field(default_factory=list)
    partners: list[Organisation] = field(default_factory=list)
    desired_results: list[str] = field(default_factory=list)
    desired_results_other: str = ""
    desired_start: dt.date | None = None
    desired_end: dt.date | None = None
    contacts: list[User] = field(default_factory=list)


def validate_request_data(data: RequestData, *, lead_organisation: Organisation) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give the request a short title.")
    if len(data.title) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    if len(data.question) > QUESTION_MAX_LENGTH:
        errors["question"] = _(
            "Keep the question under %(max)s characters; add longer texts as an attachment."
        ) % {"max": number_format(QUESTION_MAX_LENGTH, force_grouping=True)}
    if any(org.pk == lead_organisation.pk for org in data.partners):
        errors["partners"] = _("The lead organisation cannot also be a partner.")
    if any(not org.active for org in data.partners):
        errors["partners"] = _("One of the partners is no longer an active organisation.")
    invalid = [value for value in data.desired_results if value not in DesiredResult.values]
    if invalid:
        errors["desired_results"] = _("Unknown desired result: %s") % ", ".join(invalid)
    if len(data.desired_results_other) > 200:
        errors["desired_results_other"] = _("Keep the other result under 200 characters.")
    elif DesiredResult.OTHER in data.desired_results and not data.desired_results_other.strip():
        errors["desired_results_other"] = _("Describe the other result you want.")
    if data.desired_start and data.desired_end and data.desired_end < data.desired_start:
        errors["desired_end"] = _("The desired end lies before the desired start.")
    if any(not theme.active for theme in data.themes):
        errors["themes"] = _("One of the themes is no longer offered.")
    member_ids = set(
        Membership.objects.filter(
            organisation=lead_organisation, status=Membership.Status.ACTIVE
        ).values_list("user_id", flat=True)
    )
    if any(contact.pk not in member_ids for contact in data.contacts):
        errors["contacts"] = _("Contact persons must work for the lead organisation.")
    if errors:
        raise ValidationError(errors)


def _apply(request: AdviceRequest, data: RequestData) -> None:
    request.title = data.title.strip()
    request.question = data.question.strip()
    request.team = data.team
    request.desired_results = list(dict.fromkeys(data.desired_results))
    request.desired_results_other = data.desired_results_other.strip()
    request.desired_start = data.desired_start
    request.desired_end = data.desired_end


def create_draft(
    *, actor: User, lead_organisation: Organisation, data: RequestData, intake_key: str = ""
) -> AdviceRequest:
    """Start a request for ``lead_organisation``. Side effect: a ``request.created`` event.

    ``intake_key``: the intake form's own key; a second draft with the same key and author is
    refused by the database (IntegrityError), see ``save_intake_form``.
    """
    require(can_file_for(actor, lead_organisation.pk))
    if not lead_organisation.active:
        raise ValidationError(
            {"lead_organisation": _("This organisation can no longer file requests.")}
        )
    validate_request_data(data, lead_organisation=lead_organisation)
    with transaction.atomic():
        request = AdviceRequest(
            lead_organisation=lead_organisation, created_by=actor, intake_key=intake_key
        )
        _apply(request, data)
        request.save()
        request.themes.set(data.themes)
        request.partners.set(data.partners)
        request.contacts.set(data.contacts or [actor])
        record_event(request=request, actor=actor, action="request.created", to_status="draft")
    return request


def update_request(*, actor: User, request_id: int, data: RequestData) -> AdviceRequest:
    """Change a draft, or a request whose requester was asked for information."""
    with transaction.atomic():
        request = (
            AdviceRequest.objects.select_for_update(of=("self",))
            .select_related("lead_organisation")
            .get(pk=request_id)
        )
        require(can_edit_request(actor, request))
        validate_request_data(data, lead_organisation=request.lead_organisation)
        _apply(request, data)
        request.save()
        request.themes.set(data.themes)
        request.partners.set(data.partners)
        request.contacts.set(data.contacts or [actor])
        if request.status != "draft":
            record_event(request=request, actor=actor, action="request.edited")
    return request


def save_intake_form(
    *, actor: User, lead_organisation: Organisation, data: RequestData, intake_key: str
) -> AdviceRequest:
    """A new request's form saved: its draft made, or changed when an autosave of the same
    form (``intake_key``) made it already, also one that raced this save."""
    existing = intake_form_draft(actor, intake_key)
    if existing is not None:
        return update_request(actor=actor, request_id=existing, data=data)
    try:
        with transaction.atomic():
            return create_draft(
                actor=actor, lead_organisation=lead_organisation, data=data, intake_key=intake_key
            )
    except IntegrityError:
        # The same form's autosave made the draft in the meantime: change that one.
        existing = intake_form_draft(actor, intake_key)
        if existing is None:
            raise
        return update_request(actor=actor, request_id=existing, data=data)


def _data_of(request: AdviceRequest) -> RequestData:
    return RequestData(
        title=request.title,
        question=request.question,
        team=request.team,
        themes=list(request.themes.all()),
        partners=list(request.partners.all()),
        desired_results=list(request.desired_results),
        desired_results_other=request.desired_results_other,
        desired_start=request.desired_start,
        desired_end=request.desired_end,
        contacts=list(request.contacts.all()),
    )


DATA_FIELDS = frozenset(f.name for f in fields(RequestData))


def _as_far_as_valid(
    data: RequestData, saved: RequestData, lead_organisation: Organisation
) -> RequestData:
    """``data`` with every field a draft cannot take put back to what was saved, and failing
    that to empty."""
    for fallback in (saved, RequestData(title=saved.title)):
        try:
            validate_request_data(data, lead_organisation=lead_organisation)
        except ValidationError as error:
            refused = {name for name in error.message_dict if name in DATA_FIELDS}
            if not refused:
                raise
            data = replace(data, **{name: getattr(fallback, name) for name in refused})
        else:
            return data
    validate_request_data(data, lead_organisation=lead_organisation)
    return data


def autosave_draft(
    *,
    actor: User,
    data: RequestData,
    unreadable: Iterable[str] = (),
    request_id: int | None = None,
    lead_organisation: Organisation | None = None,
    intake_key: str = "",
) -> AdviceRequest | None:
    """Save what the intake form holds while it is being written, as far as a draft can take
    it: a field that could not be read (``unreadable``) or that a draft refuses keeps what the
    draft had (a new draft: empty). Without a title the draft is named after the question.

    Changes the draft ``request_id``, else the one this form (``intake_key``) made already,
    else makes one for ``lead_organisation``. Returns None while there is nothing to save (no
    title, no question). Only drafts: a request waiting for information changes when its
    requester saves it (Conflict otherwise). Side effects: as ``create_draft`` the first time.
    """
    if request_id is None:
        request_id = intake_form_draft(actor, intake_key)
    with transaction.atomic():
        if request_id is not None:
            request = (
                AdviceRequest.objects.select_for_update(of=("self",))
                .select_related("lead_organisation", "team")
                .get(pk=request_id)
            )
            require(can_edit_request(actor, request))
            if request.status != Status.DRAFT:
                raise Conflict(_("Only a draft is saved while you type."))
            saved = _data_of(request)
            lead_organisation = request.lead_organisation
        else:
            if lead_organisation is None:
                return None
            require(can_file_for(actor, lead_organisation.pk))
            saved = RequestData(title="", contacts=[actor])
        data = replace(data, **{name: getattr(saved, name) for name in unreadable})
        if not data.title.strip():
            data = replace(data, title=saved.title or _untitled(data.question))
        if not data.title.strip():
            return None
        data = _as_far_as_valid(data, saved, lead_organisation)
        if request_id is not None:
            return update_request(actor=actor, request_id=request_id, data=data)
        return save_intake_form(
            actor=actor, lead_organisation=lead_organisation, data=data, intake_key=intake_key
        )


def _untitled(question: str) -> str:
    """A name for a draft whose title is not written yet, from its question's first words."""
    first_line = next((line.strip() for line in question.splitlines() if line.strip()), "")
    if not first_line:
        return ""
    return _("Untitled draft: %s") % Truncator(first_line).chars(120)


def validate_attachment(upload: UploadedFile) -> str:
    """Return the content type to store, or raise ValidationError with a clear message."""
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in ALLOWED_ATTACHMENTS:
        raise ValidationError(
            {
                "file": _("Only PDF and Office documents can be attached (%s).")
                % ", ".join(sorted(ALLOWED_ATTACHMENTS))
            }
        )
    if upload.size > settings.EXPERTDESK_ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %d MB.")
                % (settings.EXPERTDESK_ATTACHMENT_MAX_BYTES // (1024 * 1024))
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(ALLOWED_ATTACHMENTS[suffix]):
        raise ValidationError(
            {"file": _("The file's contents do not match its name (%s).") % suffix}
        )
    return CONTENT_TYPES[suffix]


def add_attachments(
    *, actor: User, request_id: int, uploads: Iterable[UploadedFile]
) -> list[Attachment]:
    uploads = list(uploads)
    content_types = [validate_attachment(upload) for upload in uploads]
    with transaction.atomic():
        request = AdviceRequest.objects.select_for_update().get(pk=request_id)
        require(can_edit_request(actor, request))
        if request.attachments.count() + len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                {"file": _("A request can have at most %d attachments.") % MAX_ATTACHMENTS}
            )
        created = []
        for upload, content_type in zip(uploads, content_types, strict=True):
            name = PurePath(upload.name).name[:200]
            attachment = Attachment(
                request=request,
                name=name,
                content_type=content_type,
                size=upload.size,
                uploaded_by=actor,
            )
            attachment.file.save(name, upload, save=False)
            attachment.save()
            created.append(attachment)
            record_event(
                request=request, actor=actor, action="request.attachment_added", data={"name": name}
            )
    return created


def remove_attachment(*, actor: User, attachment_id: int) -> None:
    with transaction.atomic():
        attachment = Attachment.objects.select_related("request").get(pk=attachment_id)
        request = AdviceRequest.objects.select_for_update().get(pk=attachment.request_id)
        require(can_edit_request(actor, request))
        name = attachment.name
        attachment.delete()
        record_event(
            request=request, actor=actor, action="request.attachment_removed", data={"name": name}
        )
        transaction.on_commit(lambda: attachment.file.delete(save=False))


def delete_draft(*, actor: User, request_id: int) -> None:
    """A draft its author's organisation no longer wants: gone with its timeline and files.
    Only a draft (never submitted, so nobody else has seen it); Conflict otherwise."""
    with transaction.atomic():
        request = AdviceRequest.objects.select_for_update().get(pk=request_id)
        require(can_edit_request(actor, request))
        if request.status != Status.DRAFT:
            raise Conflict(_("Only a draft can be deleted; a submitted request can be withdrawn."))
        files = [attachment.file for attachment in request.attachments.all()]
        # Its events only ever told of its writing: nobody but its organisation saw them.
        request.events.all().delete()
        request.delete()
        lists_changed()
        transaction.on_commit(lambda: [file.delete(save=False) for file in files])
