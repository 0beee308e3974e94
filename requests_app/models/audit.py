"""The append-only audit timeline: one row for every change, written in the same transaction."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from requests_app.models.requests import AdviceRequest


class Event(models.Model):
    request = models.ForeignKey(
        AdviceRequest, on_delete=models.PROTECT, related_name="events", verbose_name=_("request")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when expertdesk itself acted (deadlines, routing rules)."),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)  # "request.accepted"
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16, blank=True)
    note = models.TextField(_("note"), blank=True)
    internal_note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_(
            "Only visible to coordinators and experts, also on an event the requester sees "
            "(why a request was routed, why an expert declined)."
        ),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Hidden from requesters.")
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class ListVersion(models.Model):
    """One row whose number grows with every recorded change (``services.audit``).

    Counting every request someone may see is the costliest part of a list page, so the
    count of an unfiltered list is kept per process under this number: any recorded change
    makes every kept count stale at once (``selectors.ListRows``). Without the row nothing is
    kept and every count is made afresh.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("list version")
        verbose_name_plural = _("list versions")

    def __str__(self) -> str:
        return str(self.value)
