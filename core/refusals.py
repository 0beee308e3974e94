"""How pages answer a service's refusal: one rule for which error is which answer.

Services refuse with django's ``ValidationError`` (the input: 400, its messages on the form's
fields when there is a form) or with ``IllegalTransition`` / ``Conflict`` (the state of the
data moved on, usually under a stale page: 409 with the message). ``core.api_errors`` gives
the API the same answers in JSON. A page wraps the service call::

    with refusable(form) as refused:
        service(...)
    if refused:
        return render_page(..., error=refused.message, status=refused.status)

and draws itself again; or says ``refused.flash(request)`` and redirects.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from core.exceptions import Conflict, IllegalTransition
from core.forms import add_service_errors


@dataclass
class Refusal:
    """What a ``refusable`` block was refused: falsy while nothing was."""

    status: int = 0  # 400 or 409 once refused
    messages: list[str] = field(default_factory=list)  # empty when they went onto the form

    @classmethod
    def of(cls, error: ValidationError | IllegalTransition | Conflict) -> Refusal:
        if isinstance(error, ValidationError):
            return cls(400, list(error.messages))
        return cls(409, [error.message])

    def __bool__(self) -> bool:
        return self.status != 0

    @property
    def message(self) -> str:
        return " ".join(self.messages)

    def flash(self, request: HttpRequest) -> None:
        """Say why on the page the caller redirects to."""
        for message in self.messages:
            messages.error(request, message)


@contextmanager
def refusable(
    form: forms.Form | None = None,
    *,
    field_map: dict[str, str] | None = None,
    conflict_field: str | None = None,
) -> Iterator[Refusal]:
    """Catch a service's refusal into the ``Refusal`` it yields. With a ``form``, a
    ValidationError goes onto its fields (``field_map`` renames the service's keys), and a
    conflict onto ``conflict_field`` when the form names the field it is about."""
    refusal = Refusal()
    try:
        yield refusal
    except (ValidationError, IllegalTransition, Conflict) as error:
        caught = Refusal.of(error)
        if form is not None and isinstance(error, ValidationError):
            add_service_errors(form, error, field_map)
            caught.messages = []
        elif form is not None and conflict_field is not None:
            form.add_error(conflict_field, caught.message)
            caught.messages = []
        refusal.status, refusal.messages = caught.status, caught.messages
