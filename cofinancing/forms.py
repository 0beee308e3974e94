"""Forms of the co-financing pages; they parse, the services judge (one wording everywhere)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ServiceForm


class OfferForm(ServiceForm):
    hours = forms.CharField(label=_("Agreed hours"), max_length=12)
    hourly_rate = forms.CharField(label=_("Hourly rate (EUR, excl. VAT)"), max_length=12)
    programme_hours = forms.CharField(label=_("Hours paid by the programme"), max_length=12)
    requester_share = forms.CharField(
        label=_("Requester share of the other hours (0 to 1, e.g. 0.5)"), max_length=6
    )
    requester_cap = forms.CharField(
        label=_("Cap on the requester part (EUR)"), max_length=14, required=False
    )
    reason = forms.CharField(
        label=_("Reason for the amendment (the requester reads this)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WaiveForm(ServiceForm):
    reason = forms.CharField(
        label=_("Why no co-financing is needed (the requester reads this)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TimeForm(ServiceForm):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.CharField(label=_("Hours (quarter hours, e.g. 1.75)"), max_length=6)
    description = forms.CharField(label=_("What you did"), max_length=300)


class CorrectionForm(ServiceForm):
    hours = forms.CharField(label=_("Corrected hours"), max_length=6)
    reason = forms.CharField(
        label=_("Reason (the expert and the requester read this)"), max_length=300
    )


class PeriodForm(ServiceForm):
    month = forms.DateField(
        label=_("Month to close"),
        widget=forms.DateInput(attrs={"type": "month"}),
        input_formats=["%Y-%m"],
    )
