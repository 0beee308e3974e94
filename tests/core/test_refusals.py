"""A service's refusal becomes a page's answer in one place: 400 for input, 409 for state."""

import pytest
from django import forms
from django.core.exceptions import ValidationError

from core.exceptions import Conflict, IllegalTransition
from core.refusals import refusable


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def test_nothing_refused_is_falsy():
    with refusable() as refused:
        pass
    assert (bool(refused), refused.status, refused.message) == (False, 0, "")


@pytest.mark.parametrize(
    "error", [Conflict("Taken meanwhile."), IllegalTransition("Taken meanwhile.")]
)
def test_a_state_refusal_is_a_409_with_its_message(error):
    with refusable(NoteForm({"note": ""})) as refused:
        raise error
    assert (refused.status, refused.message) == (409, "Taken meanwhile.")


def test_an_input_refusal_lands_on_the_form_field_it_names():
    form = NoteForm({"note": ""})
    with refusable(form) as refused:
        raise ValidationError({"note": "Write a note first.", "other": "Something else."})
    assert (refused.status, refused.message) == (400, "")
    assert form.errors == {"note": ["Write a note first."], "__all__": ["Something else."]}


def test_without_a_form_an_input_refusal_keeps_its_messages():
    with refusable() as refused:
        raise ValidationError(["One.", "Two."])
    assert (refused.status, refused.messages) == (400, ["One.", "Two."])


def test_a_conflict_about_one_field_lands_on_that_field():
    form = NoteForm({"note": "x"})
    with refusable(form, conflict_field="note") as refused:
        raise Conflict("Already invited.")
    assert (refused.status, refused.message, form.errors) == (
        409,
        "",
        {"note": ["Already invited."]},
    )


def test_other_errors_pass_through():
    with pytest.raises(KeyError), refusable():
        raise KeyError("not a refusal")
