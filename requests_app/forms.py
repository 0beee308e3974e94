"""Forms of the requester portal and the membership pages.

Forms only read and check what people typed; every change goes through a service. Errors a
service raises (``ValidationError.message_dict``) are put back on the fields with
``add_service_errors``, so one message appears next to the field it is about.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_admin
from core.forms import INTERNAL_ONLY, READ_BY_ALL_ON_THE_REQUEST, ServiceForm
from experts.models import Team, Theme
from organisations import selectors as organisation_selectors
from organisations.forms import PickerForm
from organisations.models import Organisation
from organisations.services.organisations import KINDS_REQUESTERS_MAY_ADD
from requests_app.enums import DesiredResult
from requests_app.models import AdviceRequest, Attachment
from requests_app.services import intake, lifecycle

# Not needed for a draft, needed to submit (``lifecycle.submit_problems`` names them).
SUBMIT_FIELDS = ("question", "themes")


def _person_label(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.email})" if name else user.email


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _person_label(obj)


class ThemesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Theme) -> str:
        return obj.display_name


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Attachment) -> str:
        return obj.name


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one control; yields a list of uploads (possibly empty)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None) -> list[UploadedFile]:
        single = super().clean
        uploads = data if isinstance(data, list | tuple) else [data]
        return [single(upload, initial) for upload in uploads if upload]


def _attachment_help() -> str:
    types = ", ".join(sorted(intake.ALLOWED_ATTACHMENTS))
    megabytes = settings.EXPERTDESK_ATTACHMENT_MAX_BYTES // (1024 * 1024)
    return _("PDF or Office documents (%(types)s), at most %(mb)d MB each.") % {
        "types": types,
        "mb": megabytes,
    }


class RequestForm(PickerForm):
    """The intake form, for a new request (choose the lead organisation) or a draft."""

    # The fields the intake service's error keys refer to.
    SERVICE_FIELDS = {
        "file": "attachments",
        "name": "new_partner_name",
        "kind": "new_partner_kind",
    }

    lead_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("For which organisation do you file this request?"),
        help_text=_("The lead organisation; partners are chosen below."),
        empty_label=None,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=format_lazy(
            "{} {}",
            _("A short name for your question, e.g. “Anders Wonen in Regio Foodvalley”."),
            READ_BY_ALL_ON_THE_REQUEST,
        ),
    )
    question = forms.CharField(
        label=_("Your question"),
        required=False,
        max_length=intake.QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=format_lazy(
            "{} {}",
            _("What are you stuck on, what has been tried, and who is involved? Needed to submit."),
            READ_BY_ALL_ON_THE_REQUEST,
        ),
    )
    team = forms.ChoiceField(
        label=_("Which expert team?"),
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Not sure? The coordinators choose the team for you."),
    )
    themes = ThemesField(
        queryset=Theme.objects.none(),
        label=_("Themes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one theme before you submit."),
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.filter(active=True),
        label=_("Partner organisations"),
        required=False,
    )
    partners_q = forms.CharField(
        label=_("Search an organisation by name or CBS code"), required=False, max_length=100
    )
    new_partner_name = forms.CharField(
        label=_("Name of a housing corporation or care provider that is not in the list"),
        required=False,
        max_length=200,
    )
    new_partner_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        widget=forms.RadioSelect,
        choices=[(kind.value, kind.label) for kind in KINDS_REQUESTERS_MAY_ADD],
    )
    desired_results = forms.MultipleChoiceField(
        label=_("Desired results"),
        required=False,
        choices=DesiredResult.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    desired_results_other = forms.CharField(
        label=_("Other result"),
        required=False,
        max_length=200,
        help_text=format_lazy(
            "{} {}", _("Only when you ticked “Other”."), READ_BY_ALL_ON_THE_REQUEST
        ),
    )
    desired_start = forms.DateField(
        label=_("Desired start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    desired_end = forms.DateField(
        label=_("Desired end"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    contacts = PeopleField(
        queryset=User.objects.none(),
        label=_("Contact persons"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Colleagues of the lead organisation who receive the mail about it."),
    )
    attachments = MultipleFileField(label=_("Add attachments"), required=False)
    remove_attachments = AttachmentChoiceField(
        queryset=Attachment.objects.none(),
        label=_("Remove attachments"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The draft this page saves to (learnt from the first autosave), and the page's own key,
    # so that its autosaves and its submit make one draft, never two.
    draft = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    intake_key = forms.CharField(required=False, max_length=36, widget=forms.HiddenInput)

    def __init__(
        self, *args, user: User, advice_request: AdviceRequest | None = None, **kwargs
    ) -> None:
        self.user = user
        self.advice_request = advice_request
        initial = kwargs.pop("initial", None) or {}
        if advice_request is not None:
            initial = {**self._initial_from(advice_request), **initial}
        else:
            initial = {"contacts": [user.pk], "team": "", "intake_key": uuid.uuid4(), **initial}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["attachments"].help_text = _attachment_help()
        self.fields["team"].choices = [
            *[(str(team.pk), team.display_name) for team in Team.objects.order_by("name")],
            ("", _("Not sure")),
        ]
        self.fields["themes"].queryset = Theme.objects.filter(active=True).order_by("name")
        # For the counter under the question (expertdesk.js); {count} and {max} are filled in.
        self.fields["question"].widget.attrs["data-count-characters"] = _(
            "{count} of {max} characters"
        )
        for name in SUBMIT_FIELDS:
            # Not needed for a draft, but needed to submit: never labelled "optional".
            self.fields[name].needed_to_submit = True
        if advice_request is not None:
            del self.fields["lead_organisation"]
            lead_ids = [advice_request.lead_organisation_id]
            attachments = advice_request.attachments.all()
            self.fields["remove_attachments"].queryset = attachments
            if not attachments:
                del self.fields["remove_attachments"]
        else:
            del self.fields["remove_attachments"]
            leads = organisation_selectors.lead_organisation_choices(user)
            field = self.fields["lead_organisation"]
            field.queryset = leads
            own = list(leads.values_list("pk", flat=True)[:2])
            if len(own) == 1:
                field.widget = forms.HiddenInput()
                field.initial = own[0]
                lead_ids = own
            else:
                lead_ids = self._chosen_lead_ids(leads)
        self.fields["contacts"].queryset = organisation_selectors.active_members(lead_ids)

    def _chosen_lead_ids(self, leads) -> list[int]:
        """Contacts come from the lead organisation; with several to choose from, from all of
        one's own (an administrator: the one chosen so far)."""
        if not is_admin(self.user):
            return list(leads.values_list("pk", flat=True))
        chosen = self.data.get("lead_organisation") if self.is_bound else None
        return [int(chosen)] if chosen and str(chosen).isdigit() else []

    @staticmethod
    def _initial_from(advice_request: AdviceRequest) -> dict:
        return {
            "title": advice_request.title,
            "question": advice_request.question,
            "team": str(advice_request.team_id or ""),
            "themes": [theme.pk for theme in advice_request.themes.all()],
            "partners": [org.pk for org in advice_request.partners.all()],
            "desired_results": advice_request.desired_results,
            "desired_results_other": advice_request.desired_results_other,
            "desired_start": advice_request.desired_start,
            "desired_end": advice_request.desired_end,
            "contacts": [person.pk for person in advice_request.contacts.all()],
            "draft": advice_request.pk,
        }

    # --- reading back ---------------------------------------------------------------------

    @property
    def lead(self) -> Organisation:
        if self.advice_request is not None:
            return self.advice_request.lead_organisation
        return self.cleaned_data["lead_organisation"]

    def clean_team(self) -> Team | None:
        value = self.cleaned_data.get("team")
        return Team.objects.get(pk=value) if value else None

    def clean_attachments(self) -> list[UploadedFile]:
        uploads = self.cleaned_data.get("attachments") or []
        problems = []
        for upload in uploads:
            try:
                intake.validate_attachment(upload)
            except ValidationError as error:
                problems += [f"{PurePath(upload.name).name}: {m}" for m in error.messages]
        if problems:
            raise ValidationError(problems)
        return uploads

    def clean(self) -> dict:
        cleaned = super().clean()
        name = cleaned.get("new_partner_name", "").strip()
        if name and not cleaned.get("new_partner_kind"):
            self.add_error(
                "new_partner_kind",
                _("Choose whether it is a housing corporation or a care provider."),
            )
        self._check_with_the_service()
        return cleaned

    def _check_with_the_service(self) -> None:
        """The intake service's own checks on what could be read, now: with the form's errors,
        every problem is named after one post (the service checks again when saving)."""
        lead = self.advice_request.lead_organisation if self.advice_request else None
        lead = lead or self.cleaned_data.get("lead_organisation")
        if lead is None:
            return
        data, unreadable = self.draft_data()
        try:
            intake.validate_request_data(data, lead_organisation=lead)
        except ValidationError as error:
            for name, problems in error.message_dict.items():
                if name in self.fields and name not in unreadable and name not in self.errors:
                    for problem in problems:
                        self.add_error(name, problem)

    def submit_problems(self) -> dict[str, str]:
        """What the request would still lack to be submitted (``lifecycle.submit_problems``),
        read from what was posted; call after ``is_valid()``."""
        cleaned = self.cleaned_data
        question = cleaned.get("question", self.data.get("question", "")) or ""
        themes = cleaned["themes"] if "themes" in cleaned else self.data.getlist("themes")
        return lifecycle.submit_problems(question=str(question), has_themes=bool(themes))

    def add_problems(self, problems: dict[str, str]) -> None:
        """Put ``problems`` on their fields, except where a field has an error already."""
        for name, problem in problems.items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, problem)

    def draft_data(self) -> tuple[intake.RequestData, set[str]]:
        """What can be read so far, for an autosave, and the names of what cannot (left out
        of the draft). Call after ``is_valid()``; new partners wait for a real save."""
        cleaned = self.cleaned_data
        names = intake.DATA_FIELDS
        unreadable = {name for name in names if name in self.errors or name not in cleaned}
        readable = {name: cleaned[name] for name in names if name not in unreadable}
        for name in ("themes", "partners", "contacts"):
            if name in readable:
                readable[name] = list(readable[name])
        return intake.RequestData(**{"title": "", **readable}), unreadable

    def wants_new_partner(self) -> bool:
        return bool(self.cleaned_data.get("new_partner_name", "").strip())

    def request_data(self, *, extra_partners: Iterable[Organisation] = ()) -> intake.RequestData:
        cleaned = self.cleaned_data
        partners = {org.pk: org for org in [*cleaned["partners"], *extra_partners]}
        return intake.RequestData(
            title=cleaned["title"],
            question=cleaned["question"],
            team=cleaned["team"],
            themes=list(cleaned["themes"]),
            partners=list(partners.values()),
            desired_results=cleaned["desired_results"],
            desired_results_other=cleaned["desired_results_other"],
            desired_start=cleaned["desired_start"],
            desired_end=cleaned["desired_end"],
            contacts=list(cleaned["contacts"]),
        )

    # --- what the picker shows ------------------------------------------------------------

    def chosen_partners(self) -> list[Organisation]:
        """The partners ticked so far (from what was posted, else from the request)."""
        if self.is_bound:
            ids = [value for value in self.data.getlist("partners") if str(value).isdigit()]
        else:
            ids = self.initial.get("partners", [])
        return list(Organisation.objects.filter(pk__in=ids, active=True).order_by("name"))

    def lead_id(self) -> int | None:
        if self.advice_request is not None:
            return self.advice_request.lead_organisation_id
        value = self["lead_organisation"].value()
        return int(value) if value and str(value).isdigit() else None

    def uploaded_names(self) -> list[str]:
        return [PurePath(upload.name).name for upload in self.files.getlist("attachments")]


class ActionForm(forms.Form):
    """The note that goes with a requester's move: an answer, or a reason to withdraw."""

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(
        self,
        *args,
        label: str,
        required_message: str = "",
        help_text: str = "",
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        field.label = label
        field.required = bool(required_message)
        field.error_messages["required"] = required_message
        field.help_text = help_text


# --- memberships ------------------------------------------------------------------------------


class DeclineForm(ServiceForm):
    """The reason an expert gives when declining an assignment from their home page."""

    reason = forms.CharField(
        label=_("Reason (only when you decline)"),
        help_text=INTERNAL_ONLY,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
