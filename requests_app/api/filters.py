"""Query-string filters of the API's lists.

Advice requests use ``requests_app.filters.AdviceRequestFilter``, the same FilterSet as the
coordinator inbox, so a filtered list means the same on a page and in the API. A value that
names nothing (an unknown team or theme slug, a status that does not exist) is a 400.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters

from experts.models import Expert, Team, Theme
from requests_app.filters import SlugFilter
from requests_app.models import Assignment, Organisation


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        max_length=100,
        help_text=_("Part of the name, or a whole CBS code such as GM0345."),
    )

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


class AssignmentFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
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
