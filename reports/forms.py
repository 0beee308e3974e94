"""The satisfaction survey's form: a score from 1 to 5 and an optional comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

RADIO = "utrecht-radio-button utrecht-radio-button--html-input"
SCORE_CHOICES = [
    (1, gettext_lazy("1 (very dissatisfied)")),
    (2, gettext_lazy("2 (dissatisfied)")),
    (3, gettext_lazy("3 (neutral)")),
    (4, gettext_lazy("4 (satisfied)")),
    (5, gettext_lazy("5 (very satisfied)")),
]


class SurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you with the advice you received?"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": RADIO}),
        error_messages={"required": gettext_lazy("Choose a score from 1 to 5.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        help_text=gettext_lazy("What went well, and what could be better?"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(
            attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 5}
        ),
    )
