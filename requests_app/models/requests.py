"""Advice requests, their attachments, internal notes and reference numbers."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from experts.models import Team, Theme
from organisations.models import Organisation
from requests_app.enums import OPEN, ROUTABLE, EscalationLevel, Status


class AdviceRequest(models.Model):
    """One question from one lead organisation, possibly with partners (DESIGN §4).

    ``status`` is changed only by ``requests_app.services.lifecycle``.
    """

    reference = models.CharField(
        _("reference"), max_length=16, unique=True, null=True, blank=True, editable=False
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="led_requests",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_requests", verbose_name=_("partners")
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("team"),
        help_text=_("Empty while nobody has decided which team takes it ('not sure')."),
    )
    themes = models.ManyToManyField(Theme, related_name="requests", verbose_name=_("themes"))
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    desired_results = models.JSONField(_("desired results"), default=list, blank=True)
    desired_results_other = models.CharField(_("other desired result"), max_length=200, blank=True)
    desired_start = models.DateField(_("desired start"), null=True, blank=True)
    desired_end = models.DateField(_("desired end"), null=True, blank=True)
    contacts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="contact_for_requests",
        blank=True,
        verbose_name=_("contact persons"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="created_requests",
        verbose_name=_("filed by"),
    )
    # The intake form's own key: its autosave and its submit make one draft, never two.
    intake_key = models.CharField(_("intake form key"), max_length=36, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("triage decided at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    triage_deadline = models.DateField(_("triage deadline"), null=True, blank=True, db_index=True)
    triage_days_left = models.PositiveSmallIntegerField(
        _("working days left when the clock stopped"), null=True, blank=True
    )
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    decision_note = models.TextField(_("reason for declining"), blank=True)
    cofinancing_waived = models.BooleanField(
        _("no co-financing"),
        default=False,
        help_text=_("The coordinator decided this request needs no co-financing agreement."),
    )
    delivered_results = models.JSONField(_("delivered results"), default=list, blank=True)
    # Set by the retention run (``services.anonymise``): its personal data is gone, its figures
    # stay.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    # The inbox's order, kept by the database (never shown): waiting for triage with a
    # deadline 0, waiting without one (paused) 1, decided with a deadline 2, without 3, not in
    # an inbox 4. With ``triage_deadline``, ``submitted_at`` and ``id`` it is the inbox's
    # ORDER BY as plain columns, so the ``request_inbox_order`` index can serve a page in order
    # instead of every open request being sorted for it (the page's query at 100,000 requests
    # on SQLite: 107 ms -> 0.3 ms). Sorted lists keep the generated SQL, and so the migration,
    # stable.
    inbox_rank = models.GeneratedField(
        expression=Case(
            When(Q(status__in=sorted(ROUTABLE), triage_deadline__isnull=False), then=Value(0)),
            When(status__in=sorted(ROUTABLE), then=Value(1)),
            When(Q(status__in=sorted(OPEN), triage_deadline__isnull=False), then=Value(2)),
            When(status__in=sorted(OPEN), then=Value(3)),
            default=Value(4),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("advice request")
        verbose_name_plural = _("advice requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(desired_end__isnull=True)
                | Q(desired_start__isnull=True)
                | Q(desired_end__gte=F("desired_start")),
                name="request_period_ordered",
                violation_error_message=_("The desired end lies before the desired start."),
            ),
            models.UniqueConstraint(
                fields=["created_by", "intake_key"],
                condition=~Q(intake_key=""),
                name="request_one_draft_per_intake_form",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "triage_deadline"]),
            models.Index(fields=["team", "status"]),
            # Lists are newest first: with this index a page is read in order, not sorted.
            models.Index(fields=["-created_at", "-id"], name="request_newest_first"),
            # The inbox: its order (``inbox_rank``), and the team it filters on, which lets
            # PostgreSQL count an inbox from the index alone.
            models.Index(
                fields=["inbox_rank", "triage_deadline", "submitted_at", "id", "team"],
                name="request_inbox_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference or _('draft')} {self.title}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # Random names: the stored path reveals nothing and never collides.
    suffix = PurePath(filename).suffix.lower()
    return f"attachments/{instance.request_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A document filed with a request; stored privately, served only to who may see it."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # The experts' final advice, attached by the coordinator when completing the request.
    final_advice = models.BooleanField(_("final advice"), default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class InternalNote(models.Model):
    """A coordinator's or expert's note on a request; never shown to requesters."""

    request = models.ForeignKey(
        AdviceRequest, on_delete=models.CASCADE, related_name="internal_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class ReferenceCounter(models.Model):
    """The last reference number handed out per year; incremented under a row lock."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
