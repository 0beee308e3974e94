"""Pages of the API's lists: ``?page=`` is a whole number from 1, as the schema says.

DRF answers a page that is no number, or 0, with 404 "Invalid page."; here that is a 400 with
a message on ``page``, and 404 is kept for a page beyond the end of the list (which the
schema documents on every list: ``core.api_schema``).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

# Larger numbers are beyond any list: the paginator answers them 404 without counting rows.
_DIGITS_MAX = 18


class PageNumberPagination(pagination.PageNumberPagination):
    last_page_strings = ()  # "?page=last" is no number: the schema says integer

    def get_page_number(self, request: Request, paginator: Paginator) -> Any:
        text = request.query_params.get(self.page_query_param, "")
        if text == "":
            return 1
        digits = text.lstrip("0")
        if not (text.isascii() and text.isdigit()) or not digits:
            raise ValidationError(
                {self.page_query_param: [_("Give a page number: a whole number from 1.")]}
            )
        return int(digits) if len(digits) <= _DIGITS_MAX else 10**_DIGITS_MAX

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters
