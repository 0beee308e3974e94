"""How the API answers the domain's errors, and the JSON it accepts.

Services raise django's ``ValidationError`` (400 with field messages), ``PermissionDenied``
(403), ``Http404`` (404) and ``IllegalTransition`` / ``Conflict`` (409 with the current status);
DRF itself only knows the middle two, so API views use ``exception_handler`` below. A path
under ``/api/`` that names no operation answers JSON too (``not_found``, the site's 404
handler). The schema documents these answers: ``core.api_schema``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import Conflict, IllegalTransition


def _current_status(context: dict[str, Any]) -> str:
    """The status of the object a refused move was about, from the view's ``current_status``
    (views whose objects have a lifecycle define it)."""
    current_status = getattr(context.get("view"), "current_status", None)
    return current_status() if callable(current_status) else ""


class DetailSerializer(serializers.Serializer):
    """The body of every error but a 400 with field messages."""

    detail = serializers.CharField()


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        errors = as_serializer_error(exc)
        if "__all__" in errors:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop("__all__")
        return Response(errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IllegalTransition | Conflict):
        current = getattr(exc, "current_status", "") or _current_status(context)
        return Response({"detail": exc.message, "status": current}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        # get_object_or_404 says "No Team matches the given query." in English only; every
        # lookup answers alike, in the language of the call, without naming the model.
        exc = NotFound()
    return drf_exception_handler(exc, context)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The site's 404 (``handler404``): JSON under ``/api/``, as every other API error."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)


class DomainErrorsMixin:
    """Answer the services' exceptions as 400 / 403 / 404 / 409 instead of 500, in JSON.

    JSON only: DRF's browsable HTML pages use inline styles that the Content-Security-Policy
    refuses; the interactive documentation is /api/docs/.
    """

    renderer_classes = [JSONRenderer]

    def get_exception_handler(self) -> Callable[[Exception, dict[str, Any]], Response | None]:
        return exception_handler


def _storable(value: Any) -> bool:
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(_storable(key) and _storable(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_storable(item) for item in value)
    return True


class StrictJSONParser(JSONParser):
    """JSON whose strings a database can store: no lone surrogates (``"\\ud800"`` parses in
    Python but cannot be encoded) and no NUL characters (PostgreSQL refuses them)."""

    def parse(
        self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
            storable = _storable(data)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
        if not storable:
            raise ParseError(_("The JSON contains characters that cannot be stored as text."))
        return data
