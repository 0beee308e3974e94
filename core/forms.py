"""Form behaviour shared by every app's pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class ServiceForm(forms.Form):
    def add_service_errors(self, error: ValidationError) -> None:
        """A service's errors on the fields they concern; other keys on the form as a whole."""
        if not hasattr(error, "error_dict"):
            for message in error.messages:
                self.add_error(None, message)
            return
        for key, messages in error.message_dict.items():
            field = key if key in self.fields else None
            for message in messages:
                self.add_error(field, message)
