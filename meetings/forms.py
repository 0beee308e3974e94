"""Forms of the meeting pages. They only parse; rules and their messages are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceForm
from core.workdays import AMSTERDAM
from meetings.models import Meeting

DURATIONS = [
    (str(minutes), label)
    for minutes, label in [
        (30, _("30 minutes")),
        (60, _("1 hour")),
        (90, _("1.5 hours")),
        (120, _("2 hours")),
        (180, _("3 hours")),
    ]
]


def _emails(text: str) -> list[str]:
    found = [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",")]
    found = [address for address in found if address]
    for address in found:
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(_("%s is not an e-mail address.") % address) from None
    return found


class PlanForm(ServiceForm):
    """Who, how long, where and in which days; then the slot to use."""

    people = forms.MultipleChoiceField(
        label=_("Who is invited"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Assigned experts must be there; the others are welcome (optional)."),
    )
    guests = forms.CharField(
        label=_("Other guests (e-mail addresses, separated by commas)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("They receive the invitation too; they are optional for finding a time."),
    )
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Meeting.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    duration = forms.ChoiceField(label=_("Duration"), choices=DURATIONS, initial="60")
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https"
    )
    first_day = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    slot = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, people: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = people

    def clean_guests(self) -> list[str]:
        return _emails(self.cleaned_data.get("guests", ""))

    @property
    def duration_delta(self) -> dt.timedelta:
        return dt.timedelta(minutes=int(self.cleaned_data["duration"]))


class MoveForm(ServiceForm):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End"), widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Video link"), max_length=500, required=False, assume_scheme="https"
    )

    def moments(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.cleaned_data["day"]
        return (
            dt.datetime.combine(day, self.cleaned_data["start"], tzinfo=AMSTERDAM),
            dt.datetime.combine(day, self.cleaned_data["end"], tzinfo=AMSTERDAM),
        )


class GuestForm(ServiceForm):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class CancelForm(ServiceForm):
    reason = forms.CharField(
        label=_("Reason (everyone invited reads it on the request's timeline)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CorrectAddressForm(ServiceForm):
    to = forms.EmailField(label=_("Correct e-mail address"))
