"""``?ordering=`` of the API's lists: only what the view orders by, and the schema says what.

DRF drops a term it does not know without a word, so ``?ordering=titel`` answers the default
order as if asked; here it is a 400 on ``ordering``, and the schema has a pattern of the terms
(the view's ``ordering_fields``, each reversed by a leading "-", separated by commas).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import filters
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


class OrderingFilter(filters.OrderingFilter):
    def remove_invalid_fields(
        self, queryset: QuerySet, fields: list[str], view: Any, request: Request
    ) -> list[str]:
        valid = [item[0] for item in self.get_valid_fields(queryset, view, {"request": request})]
        if any(term.removeprefix("-") not in valid for term in fields):
            raise ValidationError(
                {
                    self.ordering_param: [
                        _("Order by %(fields)s; a “-” before one reverses it.")
                        % {"fields": ", ".join(valid)}
                    ]
                }
            )
        return fields

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        fields = getattr(view, "ordering_fields", None)
        if isinstance(fields, list | tuple) and fields:
            term = "-?(?:" + "|".join(re.escape(field) for field in fields) + ")"
            for parameter in parameters:
                parameter["schema"] = {"type": "string", "pattern": f"^{term}(?:,{term})*$"}
                parameter["description"] = f"{', '.join(fields)}; a “-” before one reverses it."
        return parameters
