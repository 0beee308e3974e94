"""Amounts in the reader's format: ``{{ amount|euro }}`` is "€ 1.000.000,00" in Dutch and
"€ 1,000,000.00" in English, whatever the page. Every page and mail that shows money uses it."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(amount: Decimal | int | float | str | None) -> str:
    """Euros with cents and thousands separators; empty for no amount."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount)).quantize(Decimal("0.01"))
    return f"€ {number_format(value, 2, force_grouping=True)}"
