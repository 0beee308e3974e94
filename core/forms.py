"""Form behaviour shared by every app's pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

# Every free-text field says who will read what is typed in it, in one of these words.
READ_BY_REQUESTER = gettext_lazy("The requester reads this.")
INTERNAL_ONLY = gettext_lazy("Only visible to coordinators and experts.")
READ_BY_ALL_ON_THE_REQUEST = gettext_lazy(
    "Coordinators, experts and the partner organisations read this."
)


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """A service's errors on the fields they concern (``field_map`` renames a service's key
    to a field); other keys on the form as a whole."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        name = (field_map or {}).get(key, key)
        field = name if name in form.fields else None
        for message in messages:
            form.add_error(field, message)


class ServiceForm(forms.Form):
    def add_service_errors(self, error: ValidationError) -> None:
        add_service_errors(self, error)
