from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mail.models import OutboundMail
from mail.services import redrive


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
        count = queryset.filter(state=OutboundMail.State.FAILED).update(
            state=OutboundMail.State.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        queryset.filter(state=OutboundMail.State.PENDING).update(next_attempt_at=timezone.now())
        sent = redrive()
        self.message_user(
            request, _("%(reset)d reset, %(sent)d sent.") % {"reset": count, "sent": sent}
        )
