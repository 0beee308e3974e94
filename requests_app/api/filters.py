"""Query-string filters of the API's lists.

Advice requests use ``requests_app.filters.AdviceRequestFilter``, the same FilterSet as the
coordinator inbox, so a filtered list means the same on a page and in the API. A value that
names nothing (an unknown team or theme slug, a status that does not exist) is a 400.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from rest_framework.request import Request

from experts.models import Expert, Team, Theme
from organisations.models import Organisation
from requests_app.filters import ChoicesFilter, SlugFilter, YesNoFilter
from requests_app.models import Assignment


def names_a_filter(request: Request, filterset_class: type[django_filters.FilterSet]) -> bool:
    """Whether the query string names any of the FilterSet's filters."""
    return any(name in request.query_params for name in filterset_class.base_filters)


class OnlyWhenAskedFilterBackend(django_filters.DjangoFilterBackend):
    """``DjangoFilterBackend`` that builds no FilterSet when the query string names none of
    its filters: an unfiltered page then skips the form machinery, a third of an API list's
    own work (bench_requests).

    Only for FilterSets whose filters all do nothing when not given, as
    ``AdviceRequestFilter``'s do (``test_api_requests`` holds it to that)."""

    def filter_queryset(self, request: Request, queryset: QuerySet, view: Any) -> QuerySet:
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not names_a_filter(request, filterset_class):
            return queryset
        return super().filter_queryset(request, queryset, view)


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        help_text=_("Part of the name, or a whole CBS code such as GM0345."),
    )
    active = YesNoFilter()

    class Meta:
        model = Organisation
        fields = ["kind", "province", "cbs_code", "active", "q"]

    def filter_search(
        self, queryset: QuerySet[Organisation], name: str, value: str
    ) -> QuerySet[Organisation]:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(Q(name__icontains=text) | Q(cbs_code__iexact=text))


class ThemeFilter(django_filters.FilterSet):
    active = YesNoFilter()
    teams__slug = SlugFilter(
        field_name="teams",
        to_field_name="slug",
        queryset=Team.objects.all(),
        help_text=_("A team's slug, e.g. weer-thuis."),
    )

    class Meta:
        model = Theme
        fields = ["active", "teams__slug"]


class AssignmentFilter(django_filters.FilterSet):
    status = ChoicesFilter(
        choices=Assignment.Status.choices,
        help_text=_("One or more statuses, e.g. ?status=proposed&status=accepted."),
    )

    class Meta:
        model = Assignment
        fields = ["status"]


class ExpertFilter(django_filters.FilterSet):
    team = SlugFilter(
        field_name="teams",
        to_field_name="slug",
        queryset=Team.objects.all(),
        help_text=_("A team's slug, e.g. weer-thuis."),
    )
    theme = SlugFilter(
        field_name="skills__theme",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        help_text=_("Experts with this theme among their skills, by slug, e.g. anders-wonen."),
    )

    class Meta:
        model = Expert
        fields = ["team", "theme"]
