"""Co-financing: what a request's experts may spend and who pays what (DESIGN §4, §8).

An agreement has versions: the first offer and every amendment are rows of their own, never
overwritten, and the agreement points at the one in force. Time entries record the version they
fell under. Written only by ``cofinancing.services``; the arithmetic is ``cofinancing.ledger``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from experts.models import Team
from requests_app.models import AdviceRequest, Assignment

MONEY = {"max_digits": 12, "decimal_places": 2}
HOURS = {"max_digits": 7, "decimal_places": 2}


class TeamTerms(models.Model):
    """A team's defaults for new offers (admins keep them)."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="cofinancing_terms", verbose_name=_("team")
    )
    hourly_rate = models.DecimalField(_("hourly rate (EUR, excl. VAT)"), **MONEY)
    programme_hours = models.DecimalField(_("hours paid by the programme"), **HOURS)
    requester_share = models.DecimalField(
        _("requester share of the other hours"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("0.50 for half."),
    )
    requester_cap = models.DecimalField(
        _("cap on the requester part (EUR)"), null=True, blank=True, **MONEY
    )

    class Meta:
        verbose_name = _("team co-financing defaults")
        verbose_name_plural = _("team co-financing defaults")

    def __str__(self) -> str:
        return str(self.team)


class AnnualBudget(models.Model):
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="annual_budgets", verbose_name=_("team")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(_("budget (EUR)"), **MONEY)

    class Meta:
        verbose_name = _("annual budget")
        verbose_name_plural = _("annual budgets")
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="budget_once_a_year")]

    def __str__(self) -> str:
        return f"{self.team} {self.year}"


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CLOSED = "closed", _("Closed")

    request = models.OneToOneField(
        AdviceRequest,
        on_delete=models.PROTECT,
        related_name="agreement",
        verbose_name=_("request"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    current = models.ForeignKey(
        "AgreementVersion",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("version in force"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted or declined by"),
    )
    decided_at = models.DateTimeField(_("accepted or declined at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-financing agreement")
        verbose_name_plural = _("co-financing agreements")

    def __str__(self) -> str:
        return f"{self.request} ({self.get_status_display()})"


class AgreementVersion(models.Model):
    """One offer or amendment, as it was written; never changed afterwards."""

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="versions", verbose_name=_("agreement")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    hours = models.DecimalField(_("agreed hours"), **HOURS)
    hourly_rate = models.DecimalField(_("hourly rate (EUR, excl. VAT)"), **MONEY)
    programme_hours = models.DecimalField(_("hours paid by the programme"), **HOURS)
    requester_share = models.DecimalField(_("requester share"), max_digits=3, decimal_places=2)
    requester_cap = models.DecimalField(
        _("cap on the requester part (EUR)"), null=True, blank=True, **MONEY
    )
    reason = models.CharField(_("reason for the amendment"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("agreement version")
        verbose_name_plural = _("agreement versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="version_number_once"),
            models.CheckConstraint(
                condition=Q(hours__gt=0)
                & Q(hourly_rate__gte=0)
                & Q(programme_hours__gte=0)
                & Q(requester_share__gte=0)
                & Q(requester_share__lte=1),
                name="version_terms_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.request} v{self.number}"


class TimeEntry(models.Model):
    """Hours an expert worked on an assignment on one day. A coordinator's correction is kept
    beside the original, never over it."""

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("assignment"),
    )
    request = models.ForeignKey(
        AdviceRequest,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("request"),
    )
    expert = models.ForeignKey(
        "experts.Expert",
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("expert"),
    )
    version = models.ForeignKey(
        AgreementVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="time_entries",
        verbose_name=_("agreement version"),
        help_text=_("Empty for a request that needs no co-financing."),
    )
    day = models.DateField(_("day"), db_index=True)
    hours = models.DecimalField(_("hours"), **HOURS)
    description = models.CharField(_("what was done"), max_length=300)
    corrected_hours = models.DecimalField(_("corrected hours"), null=True, blank=True, **HOURS)
    correction_reason = models.CharField(_("reason for the correction"), max_length=300, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    corrected_at = models.DateTimeField(_("corrected at"), null=True, blank=True)
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["day", "pk"]
        indexes = [
            # Covering: the ledger and the programme view sum hours per request and month
            # without reading the table itself.
            models.Index(
                fields=["request", "day", "hours", "corrected_hours"],
                name="entry_request_day_hours",
            ),
            # Covering too: an expert's hours in a period (their own pages, the dashboard's
            # utilisation) are summed from the index alone.
            models.Index(
                fields=["expert", "day", "hours", "corrected_hours"],
                name="entry_expert_day_hours",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=12), name="entry_hours_in_range"
            ),
            models.CheckConstraint(
                condition=Q(corrected_hours__isnull=True) | Q(corrected_hours__gte=0),
                name="correction_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert} {self.day}: {self.effective_hours} h"

    @property
    def effective_hours(self) -> Decimal:
        return self.hours if self.corrected_hours is None else self.corrected_hours


class ClosedPeriod(models.Model):
    """A month of a team whose hours are final: its entries can no longer change."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    month = models.DateField(_("month (first day)"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("closed period")
        verbose_name_plural = _("closed periods")
        constraints = [
            models.UniqueConstraint(fields=["team", "month"], name="period_closed_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="period_is_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.month:%Y-%m}"


class BudgetWarning(models.Model):
    """A warning sent at 80% or 100% of a version's hours; the constraint makes it once each,
    also when many entries arrive at the same moment."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="warnings")
    level = models.PositiveSmallIntegerField(choices=[(80, "80%"), (100, "100%")])
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "level"], name="warning_once_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.level}%"
