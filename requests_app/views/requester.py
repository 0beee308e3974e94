"""The requester's pages: my requests, the intake form, the request page, the requester's moves
and attachment downloads.

Every page asks ``permissions`` first: a request one may not see answers 404
(``get_visible_request_or_404``), a move one may not make answers 403. Every change goes
through a service; a service's ValidationError becomes field errors on the form, an
IllegalTransition a clear message.

Over 400 lines on purpose: the requester's request pages (intake, list, page, moves, files)
share the intake form handling.
"""

from __future__ import annotations

import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from accounts.roles import is_admin, is_requester, require
from core.exceptions import Conflict, IllegalTransition
from core.forms import READ_BY_ALL_ON_THE_REQUEST
from core.refusals import refusable
from core.stash import login_required_keeping_post, owner_field, restore_post
from organisations import selectors as organisation_selectors
from organisations.permissions import member_organisation_ids
from organisations.services import organisations
from organisations.views.pickers import find_organisations
from requests_app import permissions, selectors, selectors_requester
from requests_app.deadlines import deadline_state, today
from requests_app.enums import (
    EDITABLE,
    TRANSITIONS,
    Action,
    DesiredResult,
    Status,
)
from requests_app.event_descriptions import timeline_entries
from requests_app.forms import ActionForm, RequestForm
from requests_app.models import AdviceRequest
from requests_app.services import intake, lifecycle
from requests_app.steps import Step, status_steps

logger = logging.getLogger(__name__)

LIST_PAGE_SIZE = 50
AUTOSAVE_STATUS = "requests_app/request/partials/autosave_status.html"
# The moves a requester makes from the request page, in the order the page offers them.
REQUESTER_ACTIONS = (Action.SUBMIT, Action.PROVIDE_INFO, Action.WITHDRAW)


# --- my requests ------------------------------------------------------------------------------


@require_GET
@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    require(is_requester(request.user))
    requests = selectors_requester.organisation_requests(request.user)
    page = Paginator(requests, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    own = member_organisation_ids(request.user)
    return render(
        request,
        "requests_app/request/list.html",
        {
            "page": page,
            "rows": [(item, item.lead_organisation_id in own) for item in page.object_list],
        },
    )


# --- the intake form --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required_keeping_post
def new_request(request: HttpRequest) -> HttpResponse:
    user = request.user
    restored = restore_post(request) if request.method == "GET" else None
    posted = request.POST if request.method == "POST" else restored
    draft = _posted_draft(user, posted) if posted is not None else None
    if draft is None:
        if not organisation_selectors.lead_organisation_choices(user).exists():
            raise PermissionDenied
    elif not permissions.can_edit_request(user, draft):
        if draft.status in EDITABLE:
            raise PermissionDenied
        # The same page posted again (the browser's back button): it was submitted already.
        messages.info(request, _("This form was saved already, as the request below."))
        return redirect("requests:detail", pk=draft.pk)
    return _intake(request, draft, restored=restored)


@require_http_methods(["GET", "POST"])
@login_required_keeping_post
def edit_request(request: HttpRequest, pk: int) -> HttpResponse:
    advice_request = permissions.get_visible_request_or_404(request.user, pk)
    try:
        permissions.check_edit_request(request.user, advice_request)
    except (PermissionDenied, Conflict) as refused:
        return _refused_edit(request, advice_request, refused)
    restored = restore_post(request) if request.method == "GET" else None
    return _intake(request, advice_request, restored=restored)


def _refused_edit(
    request: HttpRequest, advice_request: AdviceRequest, refused: PermissionDenied | Conflict
) -> HttpResponse:
    """The request page with the reason, as 403 or 409: what PATCH /api/v1/requests/{id}/
    answers for the same person and request (both ask ``check_edit_request``)."""
    if isinstance(refused, Conflict):
        messages.error(request, refused.message)
        return _render_detail(request, advice_request, status=409)
    messages.error(request, str(refused))
    return _render_detail(request, advice_request, status=403)


def _posted_draft(user: User, data) -> AdviceRequest | None:
    """The draft an intake page saves to: the one its first autosave made (the page learnt
    its id), else the one made under the page's key (an autosave whose answer never came)."""
    raw = str(data.get("draft") or "")
    if raw.isdigit() and len(raw) <= 18:
        return permissions.get_visible_request_or_404(user, int(raw))
    pk = selectors_requester.intake_form_draft(user, str(data.get("intake_key") or ""))
    return selectors.request_detail(pk) if pk is not None else None


def _intake(
    request: HttpRequest,
    advice_request: AdviceRequest | None,
    *,
    restored: QueryDict | None = None,
) -> HttpResponse:
    user = request.user
    if restored is not None:
        messages.info(
            request,
            _(
                "Your session had ended. What you typed is back in the form below, but it "
                "is not saved yet: check it and save or submit it."
            ),
        )
        form = RequestForm(restored, user=user, advice_request=advice_request)
        return _render_form(request, form.without_errors())
    if request.method != "POST":
        return _render_form(request, RequestForm(user=user, advice_request=advice_request))
    form = RequestForm(request.POST, request.FILES, user=user, advice_request=advice_request)
    intent = request.POST.get("intent", "save")
    if intent == "search":
        return _render_form(request, form.without_errors(), searched=True)
    valid = form.is_valid()
    # Submitting: what a submit needs is named together with every other problem, at once.
    missing = form.submit_problems() if intent == "submit" else {}
    if not valid:
        form.add_problems(missing)
        return _render_form(request, form)
    try:
        saved = _save(user, form, advice_request)
    except ValidationError as error:
        form.add_service_errors(error, RequestForm.SERVICE_FIELDS)
        form.add_problems(missing)
        return _render_form(request, form)
    except PermissionDenied:
        if advice_request is None:
            raise
        # Submitted (or answered) by someone else a moment ago: say so, as the API does.
        fresh = permissions.get_visible_request_or_404(user, advice_request.pk)
        try:
            permissions.check_edit_request(user, fresh)
        except (PermissionDenied, Conflict) as refused:
            return _refused_edit(request, fresh, refused)
        raise
    if intent != "submit" or saved.status != Status.DRAFT:
        messages.success(
            request,
            _("Your draft is saved. Submit it when it is complete.")
            if saved.status == Status.DRAFT
            else _("Your changes are saved."),
        )
        return redirect("requests:detail", pk=saved.pk)
    if missing:
        return _render_not_submitted(request, saved, ValidationError(missing))
    # Complete: the requester checks the summary and submits it there.
    return redirect("requests:action", pk=saved.pk, action=Action.SUBMIT)


def _save(user: User, form: RequestForm, advice_request: AdviceRequest | None) -> AdviceRequest:
    """Everything the form asks for in one transaction: a refused part leaves nothing saved."""
    with transaction.atomic():
        extra_partners = []
        if form.wants_new_partner():
            extra_partners.append(
                organisations.add_partner_organisation(
                    actor=user,
                    kind=form.cleaned_data["new_partner_kind"],
                    name=form.cleaned_data["new_partner_name"],
                )
            )
        data = form.request_data(extra_partners=extra_partners)
        if advice_request is None:
            saved = intake.save_intake_form(
                actor=user,
                lead_organisation=form.lead,
                data=data,
                intake_key=form.cleaned_data["intake_key"] or str(uuid.uuid4()),
            )
        else:
            saved = intake.update_request(actor=user, request_id=advice_request.pk, data=data)
        for attachment in form.cleaned_data.get("remove_attachments") or []:
            intake.remove_attachment(actor=user, attachment_id=attachment.pk)
        uploads = form.cleaned_data["attachments"]
        if uploads:
            intake.add_attachments(actor=user, request_id=saved.pk, uploads=uploads)
    return saved


def _render_not_submitted(
    request: HttpRequest, saved: AdviceRequest, error: ValidationError
) -> HttpResponse:
    """The draft was saved but cannot be submitted yet: show the saved draft's form with the
    reasons on their fields. Its attachments are saved, so nothing needs choosing again."""
    data = request.POST.copy()
    saved = selectors.request_detail(saved.pk)
    data.setlist("partners", [str(org.pk) for org in saved.partners.all()])
    for key in ("new_partner_name", "new_partner_kind", "remove_attachments"):
        data.pop(key, None)
    form = RequestForm(data, user=request.user, advice_request=saved)
    form.is_valid()
    form.add_service_errors(error, RequestForm.SERVICE_FIELDS)
    return _render_form(request, form, saved_not_submitted=True)


def _render_form(
    request: HttpRequest,
    form: RequestForm,
    *,
    searched: bool = False,
    saved_not_submitted: bool = False,
) -> HttpResponse:
    advice_request = form.advice_request
    chosen = form.chosen_partners()
    results = None
    if searched:
        exclude = {org.pk for org in chosen} | {form.lead_id()}
        results = find_organisations(form["partners_q"].value() or "", exclude=exclude)
    lost_files = [] if saved_not_submitted or not form.is_bound else form.uploaded_names()
    return render(
        request,
        "requests_app/request/form.html",
        {
            "form": form,
            "advice_request": advice_request,
            "action_url": (
                reverse("requests:edit", args=[advice_request.pk])
                if advice_request
                else reverse("requests:new")
            ),
            "chosen_partners": chosen,
            "partner_results": results,
            "lost_files": lost_files,
            "saved_not_submitted": saved_not_submitted,
            "can_submit": advice_request is None or advice_request.status == Status.DRAFT,
            # Drafts are saved while they are written; other requests only when saved.
            "autosave": advice_request is None or advice_request.status == Status.DRAFT,
            "stash_owner": owner_field(request.user),
        },
    )


@require_POST
def autosave(request: HttpRequest) -> HttpResponse:
    """The intake form saved while it is written (htmx, a few seconds after the last key):
    the draft is made by the first call and changed by the next, as far as it is valid. The
    answer is the status line; the first also tells the page its draft's id, and the lead
    organisation that can no longer change."""
    if not request.user.is_authenticated:
        # A fragment in the status line, not the sign-in page; the session notice shows too.
        response = render(request, AUTOSAVE_STATUS, {"signed_out": True})
        response["HX-Trigger"] = "expertdesk:session-ended"
        return response
    user = request.user
    draft = _posted_draft(user, request.POST)
    if draft is None:
        if not organisation_selectors.lead_organisation_choices(user).exists():
            raise PermissionDenied
    else:
        require(permissions.can_edit_request(user, draft))
    form = RequestForm(request.POST, user=user, advice_request=draft)
    form.is_valid()
    data, unreadable = form.draft_data()
    with refusable() as refused:
        saved = intake.autosave_draft(
            actor=user,
            data=data,
            unreadable=unreadable,
            request_id=draft.pk if draft is not None else None,
            lead_organisation=None if draft else form.cleaned_data.get("lead_organisation"),
            intake_key=form.cleaned_data.get("intake_key") or "",
        )
    if refused:
        return HttpResponse(refused.message, status=refused.status, content_type="text/plain")
    learnt = saved is not None and draft is None
    response = render(
        request,
        AUTOSAVE_STATUS,
        {"saved": saved, "saved_at": timezone.now(), "learnt": learnt},
    )
    if learnt:
        # A reload now opens the draft instead of an empty form.
        response["HX-Replace-Url"] = reverse("requests:edit", args=[saved.pk])
    return response


# --- the request page -------------------------------------------------------------------------


@require_GET
@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, permissions.get_visible_request_or_404(request.user, pk))


def _render_detail(
    request: HttpRequest, advice_request: AdviceRequest, *, status: int = 200
) -> HttpResponse:
    user = request.user
    show_internal = permissions.can_see_internal(user, advice_request)
    show_deadline = is_admin(user) or permissions.coordinates_request(user, advice_request)
    events = list(selectors.timeline(advice_request, user))
    notes = selectors.internal_notes(advice_request) if show_internal else []
    can_edit = permissions.can_edit_request(user, advice_request)
    return render(
        request,
        "requests_app/request/detail.html",
        {
            "advice_request": advice_request,
            "entries": timeline_entries(events, notes=notes, show_deadline=show_deadline),
            "show_internal": show_internal,
            "show_deadline": show_deadline,
            "deadline": deadline_state(advice_request, today()),
            "steps": _steps(advice_request, events),
            "desired_results": _desired_results(advice_request),
            "can_edit": can_edit,
            "can_delete": can_edit and advice_request.status == Status.DRAFT,
            "actions": _allowed_actions(user, advice_request),
            "experts": list(selectors.working_experts(advice_request)),
            "open_question": _open_question(advice_request, events),
            "provide_info_form": _action_form(Action.PROVIDE_INFO),
            "workspace_url": _workspace_url(user, advice_request),
        },
        status=status,
    )


def _desired_results(advice_request: AdviceRequest) -> list[str]:
    labels = dict(DesiredResult.choices)
    return [labels.get(value, value) for value in advice_request.desired_results]


def _steps(advice_request: AdviceRequest, events: list) -> list[Step]:
    withdrawn = [event for event in events if event.action == "request.withdrawn"]
    left = withdrawn[-1].from_status if withdrawn else ""
    return status_steps(advice_request.status, withdrawn_from=left)


def _allowed_actions(user: User, advice_request: AdviceRequest) -> list[Action]:
    return [
        action
        for action in REQUESTER_ACTIONS
        if advice_request.status in TRANSITIONS[action].sources
        and permissions.can_transition(user, advice_request, action)
    ]


def _open_question(advice_request: AdviceRequest, events: list) -> str:
    """The coordinator's question while the request waits for information."""
    if advice_request.status != Status.NEEDS_INFO:
        return ""
    asked = [event for event in events if event.action == "request.needs_info"]
    return asked[-1].note if asked else ""


def _workspace_url(user: User, advice_request: AdviceRequest) -> str | None:
    if not (is_admin(user) or permissions.coordinates_request(user, advice_request)):
        return None
    try:
        return reverse("requests:workspace", args=[advice_request.pk])
    except NoReverseMatch:
        # The coordinator workspace is built separately; without its route there is no link.
        return None


# --- the requester's moves --------------------------------------------------------------------


def _action_form(action: Action, data=None) -> ActionForm:
    if action == Action.PROVIDE_INFO:
        return ActionForm(
            data,
            label=_("Your answer"),
            required_message=_("Write your answer to the question."),
            help_text=_(
                "The coordinator reads this; the triage clock runs again once you send it."
            ),
        )
    if action == Action.WITHDRAW:
        return ActionForm(
            data,
            label=_("Why do you withdraw the request?"),
            help_text=str(READ_BY_ALL_ON_THE_REQUEST),
        )
    return ActionForm(data, label=_("Note"))


_ACTION_DONE = {
    Action.SUBMIT: lambda r: (
        _(
            "Your request is submitted. Its reference is %s; "
            "you will receive a confirmation by mail."
        )
        % r.reference
    ),
    Action.PROVIDE_INFO: lambda r: _("Your answer is sent to the coordinators."),
    Action.WITHDRAW: lambda r: _("The request is withdrawn."),
}


@require_http_methods(["GET", "POST"])
@login_required
def request_action(request: HttpRequest, pk: int, action: Action) -> HttpResponse:
    """GET: the confirmation (or answer) page; POST: make the move."""
    user = request.user
    advice_request = permissions.get_visible_request_or_404(user, pk)
    require(permissions.can_transition(user, advice_request, action))
    form = _action_form(action, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = lifecycle.transition(
                actor=user,
                request_id=advice_request.pk,
                action=action,
                note=form.cleaned_data["note"],
            )
        except IllegalTransition as error:
            messages.error(request, error.message)
            return redirect("requests:detail", pk=advice_request.pk)
        except ValidationError as error:
            if not _note_errors(form, error):
                # Something in the request itself is missing: fix it in the form.
                for message in error.messages:
                    messages.error(request, message)
                target = (
                    "requests:edit"
                    if permissions.can_edit_request(user, advice_request)
                    else "requests:detail"
                )
                return redirect(target, pk=advice_request.pk)
        else:
            messages.success(request, _ACTION_DONE[action](done))
            return redirect("requests:detail", pk=advice_request.pk)
    elif advice_request.status not in TRANSITIONS[action].sources:
        messages.error(
            request,
            _("This is not possible for a request that is “%s”.")
            % advice_request.get_status_display(),
        )
        return redirect("requests:detail", pk=advice_request.pk)
    events = list(selectors.timeline(advice_request, user))
    return render(
        request,
        "requests_app/request/action.html",
        {
            "advice_request": advice_request,
            "action": action,
            "form": form,
            "open_question": _open_question(advice_request, events),
            "desired_results": _desired_results(advice_request),
            "can_edit": permissions.can_edit_request(user, advice_request),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def delete_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: are you sure; POST: the draft is gone, back to the requester's list."""
    user = request.user
    advice_request = permissions.get_visible_request_or_404(user, pk)
    if advice_request.status != Status.DRAFT:
        messages.error(
            request, _("Only a draft can be deleted; a submitted request can be withdrawn.")
        )
        return redirect("requests:detail", pk=advice_request.pk)
    require(permissions.can_edit_request(user, advice_request))
    if request.method == "POST":
        with refusable() as refused:
            intake.delete_draft(actor=user, request_id=advice_request.pk)
        if refused:
            refused.flash(request)
            return redirect("requests:detail", pk=advice_request.pk)
        messages.success(request, _("The draft “%s” is deleted.") % advice_request.title)
        return redirect("requests:list")
    return render(request, "requests_app/request/delete.html", {"advice_request": advice_request})


def _note_errors(form: ActionForm, error: ValidationError) -> bool:
    """Put the service's complaint about the note on the note field; False if it has none."""
    notes = getattr(error, "error_dict", {}).get("note")
    if not notes:
        return False
    for problem in ValidationError(notes).messages:
        form.add_error("note", problem)
    return True


# --- attachments ------------------------------------------------------------------------------


@require_GET
@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """Served only to who may see the request, always as a download and never sniffed."""
    advice_request = permissions.get_visible_request_or_404(request.user, pk)
    attachment = next((a for a in advice_request.attachments.all() if a.pk == attachment_pk), None)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        logger.error("Attachment %s of request %s is missing from storage", attachment.pk, pk)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
