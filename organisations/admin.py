from django.contrib import admin

from core.admin_import import CsvImportMixin
from organisations.models import Membership, Organisation, RequesterInvitation
from organisations.services.imports import import_organisations


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(CsvImportMixin, admin.ModelAdmin):
    importer = staticmethod(import_organisations)
    list_display = ["name", "kind", "cbs_code", "kvk_number", "province", "active"]
    list_filter = ["kind", "province", "active"]
    search_fields = ["name", "cbs_code", "kvk_number"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "job_title", "status", "created_at"]
    list_filter = ["status", "organisation__kind"]
    search_fields = ["user__email", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]


@admin.register(RequesterInvitation)
class RequesterInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token", "accepted_at", "accepted_by", "invited_by"]
    list_select_related = ["organisation", "invited_by"]
