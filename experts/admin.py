from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_import import CsvImportMixin
from experts.models import Absence, ConflictOfInterest, Expert, Skill, Team, Theme
from experts.services.imports import import_experts


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "hourly_rate",
        "programme_hours",
        "requester_share",
        "triage_working_days",
        "annual_budget",
    ]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["coordinators"]
    fieldsets = (
        (None, {"fields": ("name", "name_en", "slug", "coordinators")}),
        (
            _("Co-financing defaults"),
            {
                "fields": ("hourly_rate", "programme_hours", "requester_share", "annual_budget"),
            },
        ),
        (_("Triage"), {"fields": ("triage_working_days",)}),
    )


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "active", "team_names"]
    list_filter = ["active", "teams"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["teams"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("teams")

    @admin.display(description=_("teams"))
    def team_names(self, obj: Theme) -> str:
        return ", ".join(team.name for team in obj.teams.all())


class SkillInline(admin.TabularInline):
    model = Skill
    extra = 1
    autocomplete_fields = ["theme"]


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


class ConflictOfInterestInline(admin.TabularInline):
    model = ConflictOfInterest
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name_plural = _("declared conflicts of interest")


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ["expert", "organisation", "note", "declared_at"]
    search_fields = ["expert__user__email", "expert__user__last_name", "organisation__name"]
    autocomplete_fields = ["expert", "organisation"]
    list_select_related = ["expert__user", "organisation"]


@admin.register(Expert)
class ExpertAdmin(CsvImportMixin, admin.ModelAdmin):
    importer = staticmethod(import_experts)
    list_display = ["__str__", "email", "team_names", "weekly_capacity_hours", "active"]
    list_filter = ["active", "teams", "invitation_preference"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation_name"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["teams"]
    inlines = [SkillInline, AbsenceInline, ConflictOfInterestInline]
    list_select_related = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("teams")

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj: Expert) -> str:
        return obj.user.email

    @admin.display(description=_("teams"))
    def team_names(self, obj: Expert) -> str:
        return ", ".join(team.name for team in obj.teams.all())


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["expert", "start", "end", "reason"]
    list_filter = ["expert__teams"]
    search_fields = ["expert__user__email", "expert__user__last_name", "reason"]
    autocomplete_fields = ["expert"]
    date_hierarchy = "start"
    list_select_related = ["expert__user"]
