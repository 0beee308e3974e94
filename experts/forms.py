"""Forms of the expert profile pages.

They only read what people typed: ranges, levels, URLs and dates are judged by
``experts.services.profiles``, whose field messages ``add_service_errors`` puts back
next to the field they are about. Fields only parse here (a number, a date) so that the service's
message — one wording, the same in every client — is the one people read.
"""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import INTERNAL_ONLY, ServiceForm
from experts.models import InvitationPreference, Skill, Theme

LEVEL_CHOICES = [
    ("", _("Choose a level")),
    *((str(value), label) for value, label in Skill.Level.choices),
]
ISO_DATE = "%Y-%m-%d"


class ProfileForm(ServiceForm):
    weekly_capacity_hours = forms.CharField(
        label=_("Capacity (hours per week)"),
        max_length=20,
        help_text=_("From 0 to 60 hours; quarter hours are fine, e.g. 7.25 or 7,25."),
        # A text box keeps exactly what was typed (a number box empties itself on "7,5").
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    invitation_preference = forms.ChoiceField(
        label=_("How do you want to receive meetings?"),
        choices=InvitationPreference.choices,
        widget=forms.RadioSelect,
    )
    organisation_name = forms.CharField(
        label=_("Employer or firm"),
        max_length=200,
        required=False,
        help_text=_("For external experts: the firm you work for."),
    )
    free_busy_url = forms.CharField(
        label=_("External free/busy feed"),
        max_length=200,
        required=False,
        widget=forms.URLInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "The web address (https://…) of an iCalendar feed of your other agenda. "
            "Its busy times are kept free when meetings are planned."
        ),
    )


class SkillForm(ServiceForm):
    theme = forms.CharField(label=_("Theme"), widget=forms.Select)
    level = forms.CharField(
        label=_("Level"),
        widget=forms.Select(choices=LEVEL_CHOICES),
        help_text=_("1 working knowledge, 2 experienced, 3 authority."),
    )

    def __init__(self, *args, themes: list[Theme], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].widget.choices = [
            ("", _("Choose a theme")),
            *((str(theme.pk), theme.display_name) for theme in themes),
        ]


class SkillLevelForm(ServiceForm):
    """The level of one skill row; ``auto_id`` makes its ids unique on the page."""

    level = forms.CharField(widget=forms.Select(choices=LEVEL_CHOICES[1:]))

    def __init__(self, *args, theme_name: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].label = _("Level for %(theme)s") % {"theme": theme_name}


class AbsenceForm(ServiceForm):
    start = forms.DateField(
        label=_("First day"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )
    end = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("E.g. holiday. The coordinators of your teams see it."),
    )


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search an organisation by name or CBS code"),
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class ConflictForm(ServiceForm):
    """Declare a tie to one organisation of the search results; ``auto_id`` per result."""

    organisation = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        max_length=200,
        required=False,
        help_text=format_lazy(
            "{} {}", _("E.g. “board member” or “former employer”."), INTERNAL_ONLY
        ),
    )

    def __init__(self, *args, organisation_name: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.label_for(organisation_name)

    def label_for(self, organisation_name: str) -> None:
        self.fields["note"].label = (
            _("Nature of the tie with %(organisation)s") % {"organisation": organisation_name}
            if organisation_name
            else _("Nature of the tie")
        )
