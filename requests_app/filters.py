"""Filtering advice requests: one FilterSet for the coordinator inbox and the API.

Every parameter lives in the query string, so a filtered view can be shared as a link. A
value that makes no sense becomes a form error (a message on the page, 400 in the API).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from experts.models import Team, Theme
from organisations.models import Organisation
from requests_app import deadlines, selectors
from requests_app.enums import FILED, Status
from requests_app.models import AdviceRequest

NO_TEAM = "none"  # the "not decided" choice of the team filter
CBS_CODE = re.compile(r"^GM\d{4}$", re.IGNORECASE)
SEARCH_MAX_LENGTH = 200


def team_choices() -> list[tuple[str, str]]:
    """Every team by slug, then "not decided"; read when a form is built."""
    teams = [(team.slug, team.display_name) for team in Team.objects.order_by("name")]
    return [*teams, (NO_TEAM, pgettext_lazy("team", "Not decided"))]


class _Once:
    """A choices callable that asks the database on first use only."""

    def __init__(self, read: Callable[[], list[tuple[str, str]]]) -> None:
        self.read = read
        self.value: list[tuple[str, str]] | None = None

    def __call__(self) -> list[tuple[str, str]]:
        if self.value is None:
            self.value = self.read()
        return self.value


class OrganisationField(forms.Field):
    """An organisation named by its CBS code (GM0345), its id, or its exact name."""

    default_error_messages = {
        "unknown": _("No organisation with CBS code, number or name “%(value)s”."),
        "ambiguous": _("Several organisations are called “%(value)s”; use the CBS code."),
    }

    def to_python(self, value: Any) -> Organisation | None:
        text = str(value or "").strip()[:200]
        if not text:
            return None
        if "\x00" in text:  # PostgreSQL refuses a NUL byte outright: no such organisation
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        organisations = Organisation.objects.all()
        if CBS_CODE.match(text):
            matches = organisations.filter(cbs_code=text.upper())
        elif text.isascii() and text.isdigit():  # "²" is a digit to isdigit(), not to int()
            matches = organisations.filter(pk=int(text))
        else:
            matches = organisations.filter(name__iexact=text)
        found = list(matches[:2])
        if not found:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        if len(found) > 1:
            raise ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"value": text}
            )
        return found[0]


class YesNoField(forms.Field):
    """Yes, no or not given; "on" is what a checked checkbox sends. Anything else is an error
    (django-filter's own BooleanFilter reads ``?active=290`` as "not given")."""

    TRUE = frozenset({"true", "1", "on", "yes"})
    FALSE = frozenset({"false", "0", "off", "no"})
    default_error_messages = {"invalid": _("Use “true” or “false”.")}

    def to_python(self, value: Any) -> bool | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class OverdueCheckbox(forms.CheckboxInput):
    """A checkbox that hands the field the raw value, so a bad value is an error, not "yes"."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, check_test=lambda value: str(value).lower() in YesNoField.TRUE)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class SlugField(django_filters.fields.ModelChoiceField):
    """A choice named by its slug; a value with a NUL byte is no choice (PostgreSQL would
    refuse the lookup with an error)."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ChoicesField(django_filters.fields.MultipleChoiceField):
    """Several choices; an empty value (``?status=``) names none, as a missing one does."""

    def to_python(self, value: Any) -> list[str]:
        return [item for item in super().to_python(value) if item != ""]


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    field_class = ChoicesField


@extend_schema_field(OpenApiTypes.STR)  # the API schema: a CBS code, an id or a name
class OrganisationFilter(django_filters.Filter):
    field_class = OrganisationField


@extend_schema_field(OpenApiTypes.BOOL)
class YesNoFilter(django_filters.Filter):
    field_class = YesNoField


class SlugFilter(django_filters.ModelChoiceFilter):
    field_class = SlugField


class AdviceRequestFilter(django_filters.FilterSet):
    """Filters over AdviceRequest: team (slug or "none"), status (several), theme (slug),
    municipality (lead organisation by CBS code or id), overdue (true/false), q (search)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_("Reference, words from the title or question, or an organisation's name."),
    )
    team = django_filters.ChoiceFilter(
        label=_("Team"),
        method="filter_team",
        choices=team_choices,
        empty_label=_("All teams"),
    )
    status = ChoicesFilter(
        label=_("Status"),
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    theme = SlugFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.order_by("name"),
        empty_label=_("All themes"),
    )
    municipality = OrganisationFilter(
        label=_("Municipality"),
        field_name="lead_organisation",
        help_text=_("Name or CBS code of the lead organisation, e.g. Veenendaal or GM0345."),
    )
    overdue = YesNoFilter(
        label=_("Overdue only"),
        method="filter_overdue",
        widget=OverdueCheckbox,
    )

    class Meta:
        model = AdviceRequest
        fields = ["q", "team", "status", "theme", "municipality", "overdue"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The teams are read at most once per request (validating and drawing the form both
        # ask), and not at all when nobody filters by team or draws the form (the API).
        self.form.fields["team"].choices = _Once(team_choices)

    def filter_search(
        self, queryset: QuerySet[AdviceRequest], name: str, value: str
    ) -> QuerySet[AdviceRequest]:
        return selectors.search_requests(queryset, value)

    def filter_team(
        self, queryset: QuerySet[AdviceRequest], name: str, value: str
    ) -> QuerySet[AdviceRequest]:
        if not value:
            return queryset
        if value == NO_TEAM:
            return queryset.filter(team__isnull=True)
        return queryset.filter(team__slug=value)

    def filter_overdue(
        self, queryset: QuerySet[AdviceRequest], name: str, value: bool | None
    ) -> QuerySet[AdviceRequest]:
        if value is None:
            return queryset
        overdue = deadlines.overdue_q(deadlines.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class InboxFilter(AdviceRequestFilter):
    """The inbox lists open requests unless statuses are ticked: the finished ones (closed,
    declined, withdrawn) are there behind the status filter. Give it ``selectors.inbox(user)``,
    or ``selectors.inbox(user, statuses=FILED)`` when a status is ticked. "Overdue" is a
    checkbox there, where unchecked means "all". The API's filter (``AdviceRequestFilter``) is
    not changed by this: without ``status`` it lists every request the caller may see, as
    documented."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.form.fields["status"].choices = [
            (value, label) for value, label in Status.choices if value in FILED
        ]

    def filter_queryset(self, queryset: QuerySet[AdviceRequest]) -> QuerySet[AdviceRequest]:
        if not self.form.cleaned_data.get("status"):
            # What the heading promises: the open ones, said as the inbox's own rank so that the
            # page is still read along the ``request_inbox_order`` index (a status condition
            # lets SQLite pick another index and sort every open request).
            queryset = queryset.filter(inbox_rank__lt=selectors.INBOX_NOT_OPEN)
        return super().filter_queryset(queryset)

    def filter_overdue(
        self, queryset: QuerySet[AdviceRequest], name: str, value: bool | None
    ) -> QuerySet[AdviceRequest]:
        return super().filter_overdue(queryset, name, True if value else None)

    @property
    def active(self) -> bool:
        """Whether any filter or search narrows the list."""
        return self.is_bound and any(
            self.form.data.get(name) for name in self.filters if name in self.form.data
        )
