"""Forms of the coordinator pages: the inbox's filter widgets and the workspace actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from core.forms import INTERNAL_ONLY, READ_BY_REQUESTER
from experts.models import Team
from requests_app.enums import (
    TRANSITIONS,
    Action,
    DesiredResult,
)

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
SELECT_CLASSES = "utrecht-select utrecht-select--html-select"
FILTER_WIDGET_ATTRS = {
    "q": {"class": TEXTBOX, "type": "search"},
    "team": {"class": SELECT_CLASSES},
    "status": {"class": "rvo-checkbox__input"},
    "theme": {"class": SELECT_CLASSES},
    # The datalist offers every municipality by name; a CBS code can be typed as well.
    "municipality": {"class": TEXTBOX, "list": "municipality-options", "autocomplete": "off"},
    "overdue": {"class": "rvo-checkbox__input"},
}


TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
CHECKBOX = {"class": "rvo-checkbox__input"}


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Message to the requester"),
        help_text=READ_BY_REQUESTER,
        required=False,  # the lifecycle says when a note is required, and why
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    NOTE_LABELS = {
        Action.DECLINE: gettext_lazy("Reason for declining (the requester reads this)"),
        Action.ASK_INFO: gettext_lazy("Question for the requester"),
    }

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].label = self.NOTE_LABELS.get(
            action, gettext_lazy("Message to the requester")
        )
        # Marked "(required)" on the page; the lifecycle enforces it with its own message.
        self.fields["note"].shown_required = TRANSITIONS[action].needs_note
        if "delivered_results" in self.fields:
            self.fields["delivered_results"].shown_required = True


class CompleteForm(TransitionForm):
    delivered_results = forms.MultipleChoiceField(
        label=gettext_lazy("Delivered results"),
        choices=DesiredResult.choices,
        required=False,  # the lifecycle asks for at least one, with its own message
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )
    final_advice = forms.FileField(
        label=gettext_lazy("Final advice (optional)"),
        help_text=gettext_lazy(
            "A PDF or Office document; the requester downloads it from the request page."
        ),
        required=False,  # the lifecycle checks its type and size, as for every attachment
        widget=forms.FileInput(attrs={"class": "utrecht-textbox"}),
    )

    field_order = ["delivered_results", "final_advice", "note"]


class RouteForm(forms.Form):
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team"),
        queryset=Team.objects.order_by("name"),
        to_field_name="slug",
        empty_label=None,
        widget=forms.Select(attrs=SELECT),
    )
    note = forms.CharField(
        label=gettext_lazy("Why this team"),
        help_text=INTERNAL_ONLY,  # the requester sees only that the team changed
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class CofinancingForm(forms.Form):
    waived = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=gettext_lazy("Why (for the timeline)"),
        help_text=READ_BY_REQUESTER,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Internal note"),
        help_text=INTERNAL_ONLY,
        required=False,  # the service says "write the note first"
        max_length=10000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].shown_required = True
