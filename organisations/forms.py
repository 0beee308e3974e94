"""Forms of the organisation pages, and the organisation picker other apps' forms build on."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from core.forms import add_service_errors
from organisations.models import Membership, Organisation


class PickerForm(forms.Form):
    """A form with an organisation picker: a search box whose results come from
    ``selectors.organisations_for_picker``, by htmx while typing or by a search button."""

    def without_errors(self) -> PickerForm:
        """Show what was typed without judging it: the search step is no attempt to save.

        Django validates a bound form on first access of its errors; an empty error dict
        tells it the form was validated and found nothing to complain about.
        """
        self._errors = ErrorDict()
        self.cleaned_data = {}
        return self

    def add_service_errors(self, error: ValidationError, field_map: dict[str, str]) -> None:
        add_service_errors(self, error, field_map)


class OrganisationRadioForm(PickerForm):
    """A form whose organisation is chosen with the single-choice picker."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True),
        label=_("Organisation"),
        error_messages={"required": _("Search for the organisation and choose it.")},
    )
    organisation_q = forms.CharField(
        label=_("Search an organisation by name or CBS code"), required=False, max_length=100
    )

    def chosen_organisation(self) -> Organisation | None:
        value = self["organisation"].value()
        if not value or not str(value).isdigit():
            return None
        return Organisation.objects.filter(pk=value, active=True).first()


class InviteForm(OrganisationRadioForm):
    email = forms.EmailField(label=_("E-mail address of the person to invite"))
    field_order = ["email", "organisation", "organisation_q"]


class JoinForm(OrganisationRadioForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(active=True),
        label=_("The organisation you work for"),
        error_messages={"required": _("Search for your organisation and choose it.")},
    )
    job_title = forms.CharField(
        label=_("Your job title"),
        required=False,
        max_length=120,
        help_text=_("Helps the coordinator recognise you, e.g. “policy adviser housing”."),
    )


class MembershipDecisionForm(forms.Form):
    membership = forms.ModelChoiceField(queryset=Membership.objects.all())
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
