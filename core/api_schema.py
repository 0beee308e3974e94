"""The OpenAPI schema tells every answer an operation can give, and every rule of its input.

drf-spectacular documents what a view declares; this ``AutoSchema`` adds what every API view
answers through ``core.api_errors`` and DRF without declaring it, from what the operation is:

- 401 for an operation that needs a sign-in (a token or a session);
- 403 for the same: signed in by session, a missing CSRF token or a second factor that must be
  set up first refuse any call (``expertdesk.middleware.RequireTwoFactorMiddleware``), besides
  the permission checks;
- 404 for an operation on one object (a path parameter), or a page of a list beyond its end;
- 400 with field messages for an operation that reads a body or a query string;
- 415 for one that reads a body sent as anything but JSON.

409 (an illegal state change) and 429 are only where a view declares them: only its services
know. A view's own description of a status is kept; the error body's schema is added when the
declaration has none.

Inputs: a list that refuses to be empty has ``minItems`` (and its length limits), and a text
a service requires (``ServiceRequiredText``) is listed as required with ``minLength`` 1, as
``ENFORCE_NON_BLANK_FIELDS`` does for every other text that refuses a blank. Filters and fields
that name a team or a theme by slug list the known slugs (``enum``), read from the database
when the schema is made.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import django_filters
from django.db import DatabaseError
from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api_errors import DetailSerializer

_FIELD_ERRORS = {
    "type": "object",
    "description": (
        "Messages per field: {field: [message, …]}; messages about the input as a whole under "
        "non_field_errors; the fields of a nested object or list carry their own messages the "
        "same way. A body that is not JSON: {detail: message}."
    ),
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
            {"type": "object"},
        ]
    },
    "minProperties": 1,
}

DESCRIPTIONS = {
    400: "The input is not valid: a message per field.",
    401: "No token or session, or a token that is unknown, revoked or expired.",
    403: (
        "You may not do this. Signed in by session: also without a CSRF token, or while your "
        "role must set up two-factor sign-in first."
    ),
    404: "No such object, or not one you may see.",
    415: "The body is not JSON (send Content-Type: application/json).",
}
_LIST_404 = "No such page of the list."
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@extend_schema_field({"type": "string", "minLength": 1})
class ServiceRequiredText(serializers.CharField):
    """Text a call cannot do without, which the service checks so that a missing or blank one
    is answered in the service's own words (the pages share them). The schema says it is
    required (``AutoSchema`` below), the serializer lets it through to the service."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, allow_blank=True, default="", **kwargs)


def known_values(filter_: Any) -> list[str] | None:
    """The values a filter knows, read when the schema is made: a slug or code of a model
    (a team, a theme) or choices that come from a function. None for other filters."""
    models = django_filters.ModelChoiceFilter | django_filters.ModelMultipleChoiceFilter
    if isinstance(filter_, models):
        field = filter_.extra.get("to_field_name")
        queryset = filter_.extra.get("queryset")
        if field and queryset is not None and not callable(queryset):
            return _read(lambda: list(queryset.order_by(field).values_list(field, flat=True)))
    if isinstance(filter_, django_filters.ChoiceFilter) and callable(filter_.extra.get("choices")):
        choices = filter_.extra["choices"]
        return _read(lambda: [str(value) for value, _label in choices()])
    return None


def _read(values: Callable[[], list[str]]) -> list[str] | None:
    """The values from the database; None (no enum) when it has no tables yet: the system
    checks (``manage.py check``) make the schema before any migration."""
    try:
        return values()
    except DatabaseError:
        return None


class OptionalURLField(serializers.URLField):
    """An address that may be unset: null then, never "" (which is no ``format: uri``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> str | None:
        return value or None


class AutoSchema(openapi.AutoSchema):
    def get_operation(
        self, path: str, path_regex: str, path_prefix: str, method: str, registry: Any
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses: dict[str, Any] = operation["responses"]
        for status, description in self._error_statuses(operation).items():
            responses.setdefault(str(status), {"description": description})
        for code, response in responses.items():
            if code.startswith("4") and "content" not in response:
                schema = self._field_errors() if code == "400" else self._detail()
                response["content"] = {"application/json": {"schema": schema}}
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _error_statuses(self, operation: dict[str, Any]) -> dict[int, str]:
        parameters = operation.get("parameters", [])
        in_path = any(parameter["in"] == "path" for parameter in parameters)
        in_query = any(parameter["in"] == "query" for parameter in parameters)
        body = "requestBody" in operation
        statuses: dict[int, str] = {}
        if body or in_query:
            statuses[400] = DESCRIPTIONS[400]
        if operation.get("security"):
            statuses[401] = DESCRIPTIONS[401]
            statuses[403] = DESCRIPTIONS[403]
        if in_path:
            statuses[404] = DESCRIPTIONS[404]
        elif self.method == "GET" and self._is_list_view() and self._get_paginator():
            statuses[404] = _LIST_404
        if body and self.method in _UNSAFE:
            statuses[415] = DESCRIPTIONS[415]
        return statuses

    def _detail(self) -> dict[str, Any]:
        return self.resolve_serializer(DetailSerializer, "response").ref

    def _field_errors(self) -> dict[str, Any]:
        component = ResolvedComponent(
            name="FieldErrors",
            type=ResolvedComponent.SCHEMA,
            object="core.api_schema.FieldErrors",
            schema=_FIELD_ERRORS,
        )
        self.registry.register_on_missing(component)
        return component.ref

    # --- inputs -------------------------------------------------------------------------

    def _get_filter_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_filter_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        if filterset_class is None:
            return parameters
        for parameter in parameters:
            values = known_values(filterset_class.base_filters.get(parameter["name"]))
            if values is not None:
                schema = parameter["schema"]
                target = schema["items"] if schema.get("type") == "array" else schema
                target.pop("pattern", None)
                target["enum"] = values
        return parameters

    def _map_serializer_field(
        self, field: Any, direction: str, bypass_extensions: bool = False
    ) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        values = getattr(field, "schema_values", None)
        enum = _read(values) if schema is not None and callable(values) else None
        if enum is not None:
            # A field that names an object by id or by slug: the slugs it knows.
            for option in schema.get("oneOf", []):
                if option.get("type") == "string":
                    option.pop("maxLength", None)
                    option["enum"] = enum
        if schema is None or direction != "request" or schema.get("type") != "array":
            return schema
        lists = serializers.ListSerializer | serializers.ListField
        if isinstance(field, lists) and not field.allow_empty:
            schema["minItems"] = max(schema.get("minItems", 0), 1)
        if isinstance(field, serializers.ListSerializer):
            if field.min_length is not None:
                schema["minItems"] = max(schema.get("minItems", 0), field.min_length)
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
        return schema

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        schema = super()._map_basic_serializer(serializer, direction)
        serializer = openapi.force_instance(serializer)
        if openapi.is_patched_serializer(serializer, direction):
            return schema
        required = set(schema.get("required", []))
        for name, field in serializer.fields.items():
            if isinstance(field, ServiceRequiredText) and name in schema["properties"]:
                required.add(name)
                # Not DRF's blank option and default: the service refuses both.
                described = {"description": str(field.help_text)} if field.help_text else {}
                schema["properties"][name] = {"type": "string", "minLength": 1, **described}
        if required:
            schema["required"] = sorted(required)
        return schema
