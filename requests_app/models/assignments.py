"""Experts on a request. Created and changed only by ``requests_app.services.assignments``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from experts.models import Expert
from requests_app import deadlines
from requests_app.models.requests import AdviceRequest


class Assignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead expert")
        MEMBER = "member", _("Expert")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        RELEASED = "released", _("Released")

    ACTIVE = (Status.PROPOSED, Status.ACCEPTED)

    request = models.ForeignKey(AdviceRequest, on_delete=models.PROTECT, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    hours_budget = models.DecimalField(
        _("hour budget"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    # The load this assignment puts on the expert, fixed when it was made (requests_app.capacity).
    period_start = models.DateField(_("planned from"))
    period_end = models.DateField(_("planned until"))
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=6, decimal_places=2, default=Decimal("0")
    )
    match_score = models.DecimalField(
        _("match score at assignment"), max_digits=7, decimal_places=3, null=True, blank=True
    )
    match_reasons = models.JSONField(_("reasons at assignment"), default=list, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["request", "role", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "expert"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="assignment_one_active_per_expert",
            ),
            # Two coordinators assigning two leads at the same moment: the database says no
            # to the second even if a service forgot its lock.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(role="lead", status__in=["proposed", "accepted"]),
                name="assignment_one_active_lead",
                violation_error_message=_("This request already has a lead expert."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} on {self.request}"

    @property
    def answer_by(self) -> dt.date:
        """By when the expert is asked to accept or decline (``deadlines.answer_by``)."""
        return deadlines.answer_by(self.created_at)
