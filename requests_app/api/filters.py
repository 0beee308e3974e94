"""Query-string filters of the API's reference lists.

Advice requests use ``requests_app.filters.AdviceRequestFilter``, the same FilterSet as the
coordinator inbox, so a filtered list means the same on a page and in the API.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters

from requests_app.models import Organisation


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
