from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from experts.admin import ExpertAdmin
from experts.models import Expert
from requests_app.models import ConflictOfInterest, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "cbs_code", "kvk_number", "province", "active"]
    list_filter = ["kind", "province", "active"]
    search_fields = ["name", "cbs_code", "kvk_number"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "job_title", "created_at"]
    list_filter = ["organisation__kind"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


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


# The experts app cannot know organisations (dependencies point one way), so the expert admin
# gains its conflicts-of-interest inline here.
class ExpertWithConflictsAdmin(ExpertAdmin):
    inlines = [*ExpertAdmin.inlines, ConflictOfInterestInline]


admin.site.unregister(Expert)
admin.site.register(Expert, ExpertWithConflictsAdmin)
