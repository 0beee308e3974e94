from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.admin import ExpertAdmin
from experts.models import Expert
from requests_app.models import (
    AdviceRequest,
    ConflictOfInterest,
    Event,
    Membership,
    Organisation,
    OutboundMail,
    RequesterInvitation,
    RoutingRule,
)
from requests_app.services.audit import record_event
from requests_app.services.imports import (
    ImportFileError,
    import_experts,
    import_organisations,
)


class CsvImportForm(forms.Form):
    csv_file = forms.FileField(label=_("CSV file"))
    dry_run = forms.BooleanField(
        label=_("Dry run: check and count, change nothing"), required=False, initial=True
    )


class CsvImportMixin:
    """An "Import CSV" page on a changelist, for the same imports as the management commands."""

    importer = None  # a function of requests_app.services.imports
    change_list_template = "admin/requests_app/change_list_with_import.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            raise PermissionDenied
        report = error = None
        form = CsvImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["csv_file"]
            if upload.size > 5 * 1024 * 1024:
                error = _("The file is larger than 5 MB.")
            else:
                try:
                    report = type(self).importer(
                        upload.read(), dry_run=form.cleaned_data["dry_run"]
                    )
                except ImportFileError as problem:
                    error = str(problem)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import %s from CSV") % self.model._meta.verbose_name_plural,
            "form": form,
            "report": report,
            "error": error,
            "columns": (type(self).importer.__doc__ or "").strip(),
        }
        return TemplateResponse(request, "admin/requests_app/import.html", context)


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
class ExpertWithConflictsAdmin(CsvImportMixin, ExpertAdmin):
    importer = staticmethod(import_experts)
    inlines = [*ExpertAdmin.inlines, ConflictOfInterestInline]


admin.site.unregister(Expert)
admin.site.register(Expert, ExpertWithConflictsAdmin)


# --- requests, routing, outbox ------------------------------------------------------------------


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "from_status", "to_status", "note", "internal"]
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
        "satisfaction_score",
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


@admin.register(OutboundMail)
class OutboundMailAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "to",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [field.name for field in OutboundMail._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Retry the selected mails now"))
    def retry_now(self, request, queryset) -> None:
        from requests_app.services.outbox import redrive

        count = queryset.filter(state=OutboundMail.State.FAILED).update(
            state=OutboundMail.State.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        queryset.filter(state=OutboundMail.State.PENDING).update(next_attempt_at=timezone.now())
        sent = redrive()
        self.message_user(
            request, _("%(reset)d reset, %(sent)d sent.") % {"reset": count, "sent": sent}
        )


@admin.register(RequesterInvitation)
class RequesterInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "invited_by", "created_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token", "accepted_at", "accepted_by", "invited_by"]
    list_select_related = ["organisation", "invited_by"]
