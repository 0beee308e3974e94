"""Teams, expertise themes and the experts who carry them.

Depends on ``organisations`` and ``accounts``; ``requests_app`` builds on top of this app, never
the reverse.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation


class BilingualName(models.Model):
    """A Dutch name that is always there and an English one shown to English readers."""

    name = models.CharField(_("name (Dutch)"), max_length=120, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "nl").startswith("en") and self.name_en:
            return self.name_en
        return self.name


class Team(BilingualName):
    """A national expert team with its co-financing defaults (DESIGN §8)."""

    slug = models.SlugField(unique=True)
    hourly_rate = models.DecimalField(
        _("hourly rate (EUR, excl. VAT)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    programme_hours = models.DecimalField(
        _("hours paid by the programme"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("24"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The intake hours the programme pays before co-financing starts."),
    )
    requester_share = models.DecimalField(
        _("requester share"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.500"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Fraction of the hours beyond the programme hours paid by the requester."),
    )
    triage_working_days = models.PositiveSmallIntegerField(
        _("triage deadline (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    annual_budget = models.DecimalField(
        _("annual budget (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_teams",
        verbose_name=_("coordinators"),
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]


class Theme(BilingualName):
    """An area of expertise that requests ask for and experts cover."""

    slug = models.SlugField(unique=True)
    teams = models.ManyToManyField(
        Team,
        blank=True,
        related_name="themes",
        verbose_name=_("relevant to teams"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]


class InvitationPreference(models.TextChoices):
    EMAIL = "email", _("E-mail invitations")
    FEED = "feed", _("Calendar feed")
    BOTH = "both", _("Both")


class Expert(models.Model):
    """An adviser in one or more teams, often external and part-time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="expert_profile",
        verbose_name=_("user"),
    )
    teams = models.ManyToManyField(Team, related_name="experts", verbose_name=_("teams"))
    themes = models.ManyToManyField(
        Theme, through="Skill", related_name="experts", verbose_name=_("skills")
    )
    weekly_capacity_hours = models.DecimalField(
        _("capacity (hours per week)"),
        max_digits=5,
        decimal_places=2,  # quarter hours, e.g. 7.25
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    organisation_name = models.CharField(
        _("employer or firm"),
        max_length=200,
        blank=True,
        help_text=_("For external experts: the firm they work for."),
    )
    free_busy_url = models.URLField(
        _("external free/busy feed"),
        blank=True,
        help_text=_("Optional iCalendar URL whose busy times block scheduling."),
    )
    invitation_preference = models.CharField(
        _("receive meetings as"),
        max_length=8,
        choices=InvitationPreference.choices,
        default=InvitationPreference.BOTH,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["user__last_name", "user__first_name", "user__email"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.email


class Skill(models.Model):
    class Level(models.IntegerChoices):
        BASIC = 1, _("Working knowledge")
        SOLID = 2, _("Experienced")
        EXPERT = 3, _("Authority")

    expert = models.ForeignKey(
        Expert, on_delete=models.CASCADE, related_name="skills", verbose_name=_("expert")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="skills", verbose_name=_("theme")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.SOLID)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["expert", "-level", "theme__name"]
        constraints = [
            models.UniqueConstraint(fields=["expert", "theme"], name="skill_unique_per_theme"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="skill_level_1_3"),
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.level})"


class Absence(models.Model):
    """Whole days an expert is not available (holiday, leave, other work)."""

    expert = models.ForeignKey(
        Expert, on_delete=models.CASCADE, related_name="absences", verbose_name=_("expert")
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=F("start")), name="absence_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"


class ConflictOfInterest(models.Model):
    """An expert declares a tie to an organisation; they are never suggested for its requests."""

    expert = models.ForeignKey(
        "Expert",
        on_delete=models.CASCADE,
        related_name="conflicts_of_interest",
        verbose_name=_("expert"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="conflicts_of_interest",
        verbose_name=_("organisation"),
    )
    note = models.CharField(_("nature of the tie"), max_length=200, blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        db_table = "requests_app_conflictofinterest"  # moved here from requests_app
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["expert", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["expert", "organisation"], name="conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} ↔ {self.organisation}"
