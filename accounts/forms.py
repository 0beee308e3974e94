from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.services import NAME_MAX_LENGTH
from core.forms import ServiceForm


class ApiTokenForm(ServiceForm):
    name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("So that you recognise it later, e.g. the program or script that uses it."),
        error_messages={"required": _("Give the token a name, so that you recognise it.")},
    )
