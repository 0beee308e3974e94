"""``{{ value|figure:column }}``: a dashboard value written as its column's kind, in the
page's language (1.234,5 in Dutch); nothing is a dash."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils import formats

from reports.tables import Column, places

register = template.Library()


@register.filter
def figure(value: object, column: Column | str) -> str:
    kind = column.kind if isinstance(column, Column) else column
    if value is None:
        return "\u2013"  # an en dash: no figure
    if kind == "text":
        return str(value)
    return formats.number_format(
        Decimal(value), places(value, kind), use_l10n=True, force_grouping=True
    )
