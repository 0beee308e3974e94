from django.contrib import admin

from cofinancing.models import (
    Agreement,
    AgreementVersion,
    AnnualBudget,
    ClosedPeriod,
    TeamTerms,
    TimeEntry,
)


@admin.register(TeamTerms)
class TeamTermsAdmin(admin.ModelAdmin):
    list_display = ["team", "hourly_rate", "programme_hours", "requester_share", "requester_cap"]


@admin.register(AnnualBudget)
class AnnualBudgetAdmin(admin.ModelAdmin):
    list_display = ["team", "year", "amount"]
    list_filter = ["team", "year"]


class VersionInline(admin.TabularInline):
    model = AgreementVersion
    extra = 0
    can_delete = False
    readonly_fields = [field.name for field in AgreementVersion._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # versions are written by coordinators through the request workspace


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["request", "status", "current", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["request", "status", "current", "decided_by", "decided_at"]
    inlines = [VersionInline]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    list_display = ["day", "expert", "request", "hours", "corrected_hours", "description"]
    list_filter = ["day"]
    search_fields = ["request__reference", "expert__user__email", "description"]
    list_select_related = ["expert__user", "request"]
    readonly_fields = [field.name for field in TimeEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False  # hours go through the expert's page and its checks


@admin.register(ClosedPeriod)
class ClosedPeriodAdmin(admin.ModelAdmin):
    list_display = ["team", "month", "closed_by", "closed_at"]
