"""Render Django form fields with the RVO design system's classes.

Used by ``expertdesk/forms/field.html``, which allauth's element templates and our own forms
share, so a field looks and behaves the same on every page. Django itself adds
``aria-invalid`` and ``aria-describedby`` (pointing at ``<id>_helptext`` and ``<id>_error``).
"""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


def widget_classes(field: forms.BoundField) -> list[str]:
    """The design-system classes for the control of ``field``, invalid state included."""
    widget = field.field.widget
    invalid = bool(field.errors)
    if isinstance(widget, forms.CheckboxInput):
        return ["rvo-checkbox__input"]
    # CheckboxSelectMultiple is a subclass of RadioSelect: it must be asked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return ["rvo-checkbox__input"]
    if isinstance(widget, forms.RadioSelect):
        return ["utrecht-radio-button", "utrecht-radio-button--html-input"]
    if isinstance(widget, forms.Textarea):
        base = "utrecht-textarea"
        return [base, f"{base}--html-textarea"] + ([f"{base}--invalid"] if invalid else [])
    if isinstance(widget, forms.Select):
        base = "utrecht-select"
        return [base, f"{base}--html-select"] + ([f"{base}--invalid"] if invalid else [])
    base = "utrecht-textbox"
    return [base, f"{base}--html-input", f"{base}--lg"] + ([f"{base}--invalid"] if invalid else [])


@register.simple_tag
def rvo_widget(field: forms.BoundField) -> SafeString:
    """``field``'s control with the design-system classes added to any it already has."""
    widget = field.field.widget  # this form's own copy: changing it touches no other form
    if str(widget.attrs.get("placeholder", "")).casefold() == str(field.label).casefold():
        # A placeholder repeating the visible label only makes an empty field look filled in.
        del widget.attrs["placeholder"]
    classes = " ".join([widget.attrs.get("class", ""), *widget_classes(field)]).strip()
    _no_required_attribute(field)
    attrs = {"class": classes}
    if field.field.required and not isinstance(widget, forms.CheckboxInput):
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)


def _no_required_attribute(field: forms.BoundField) -> None:
    """Our forms check on the server (``novalidate``): an HTML ``required`` would only make the
    design system draw an empty field of a form just opened as invalid (``:invalid``). Who
    uses a screen reader still hears "required" (``aria-required``); the label says optional."""
    field.form.use_required_attribute = False


@register.filter
def is_choice_group(field: forms.BoundField) -> bool:
    """Radio buttons and checkbox lists are a group: a fieldset with a legend, not a label."""
    return isinstance(field.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


@register.filter
def is_checkbox(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.simple_tag
def rvo_choices(field: forms.BoundField) -> list[forms.BoundField]:
    """The options of a radio or checkbox group, each control carrying the design-system class."""
    widget = field.field.widget  # this form's own copy: changing it touches no other form
    classes = widget.attrs.get("class", "").split()
    widget.attrs["class"] = " ".join(dict.fromkeys([*classes, *widget_classes(field)]))
    _no_required_attribute(field)
    return list(field.subwidgets)


@register.simple_tag(takes_context=True)
def element_form(context: template.Context) -> forms.BaseForm | None:
    """The form an allauth ``form`` element is about: allauth passes it to some elements only."""
    form = context.get("attrs", {}).get("form") or context.get("form")
    return form if isinstance(form, forms.BaseForm) else None
