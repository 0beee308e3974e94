from django.contrib import admin

from requests_app.models import AdviceRequest, Event, RoutingRule
from requests_app.services.audit import record_event

# --- requests and routing ------------------------------------------------------------------


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    fields = [
        "created_at",
        "actor",
        "action",
        "from_status",
        "to_status",
        "note",
        "internal_note",
        "internal",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AdviceRequest)
class AdviceRequestAdmin(admin.ModelAdmin):
    """Read-mostly: status changes go through the lifecycle (the request workspace)."""

    list_display = [
        "reference",
        "title",
        "lead_organisation",
        "team",
        "status",
        "triage_deadline",
        "submitted_at",
    ]
    list_filter = ["status", "team", "escalation_level"]
    search_fields = ["reference", "title", "lead_organisation__name"]
    list_select_related = ["lead_organisation", "team"]
    date_hierarchy = "submitted_at"
    readonly_fields = [
        "reference",
        "status",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "decided_at",
        "completed_at",
        "closed_at",
        "triage_deadline",
        "triage_days_left",
        "escalation_level",
        "decision_note",
        "delivered_results",
    ]
    autocomplete_fields = ["lead_organisation", "partners", "contacts"]
    filter_horizontal = ["themes"]
    inlines = [EventInline]

    def has_add_permission(self, request) -> bool:
        return False  # requests are filed by requesters, through the intake

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if change and form.changed_data:
            # On the timeline like every other change (and so lists recount: services.audit).
            record_event(
                request=form.instance,
                actor=request.user,
                action="request.changed_in_admin",
                data={"fields": form.changed_data},
            )


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = [
        "position",
        "name",
        "team",
        "organisation_kind",
        "province",
        "active",
        "disabled_reason",
    ]
    list_display_links = ["name"]
    list_editable = ["position", "active"]
    list_filter = ["active", "team"]
    filter_horizontal = ["themes"]
    autocomplete_fields = ["organisation"]
    readonly_fields = ["disabled_reason", "disabled_at"]

    def save_model(self, request, obj: RoutingRule, form, change) -> None:
        if obj.active:  # switched on again by an administrator: the old reason is history
            obj.disabled_reason, obj.disabled_at = "", None
        super().save_model(request, obj, form, change)
