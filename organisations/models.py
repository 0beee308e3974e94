"""Organisations that ask for advice and who belongs to them.

The tables keep the names they had when these models lived in ``requests_app`` (migration
``organisations.0001`` moved the models without moving a row)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Province(models.TextChoices):
    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRYSLAN = "FR", "Fryslân"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        PROVINCE = "province", _("Province")
        HOUSING_CORPORATION = "housing_corporation", _("Housing corporation")
        CARE_PROVIDER = "care_provider", _("Care provider")
        PARTNERSHIP = "partnership", _("Regional partnership")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    cbs_code = models.CharField(
        _("CBS code"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        help_text=_("For municipalities, e.g. GM0345."),
    )
    kvk_number = models.CharField(
        _("KvK number"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Chamber of Commerce number, for corporations and care providers."),
    )
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Municipalities that merged away stay for history but cannot file requests."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("organisation", "user"),
        related_name="organisations",
        verbose_name=_("members"),
    )

    class Meta:
        db_table = "requests_app_organisation"
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="municipality") | Q(cbs_code__regex=r"^GM[0-9]{4}$"),
                name="municipality_has_cbs_code",
                violation_error_message=_("A municipality needs a CBS code like GM0345."),
            ),
            models.CheckConstraint(
                condition=Q(kind="municipality") | Q(cbs_code__isnull=True),
                name="cbs_code_only_for_municipalities",
                violation_error_message=_("Only municipalities have a CBS code."),
            ),
            # Corporations and care providers that requesters add by name (no KvK number):
            # two people adding the same one at the same moment must not make twins.
            models.UniqueConstraint(
                Lower("name"),
                "kind",
                condition=Q(kind__in=["housing_corporation", "care_provider"], kvk_number=None),
                name="organisation_added_by_name_once",
                violation_error_message=_("This organisation is already in the list."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        if self.cbs_code:
            return f"{self.name} ({self.cbs_code})"
        return self.name


class Membership(models.Model):
    """A person works for (and may file requests on behalf of) an organisation.

    Self-registered people ask for a membership (pending); a coordinator approves it. People
    invited by a coordinator get an active membership when they accept the invitation.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or rejected by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        db_table = "requests_app_membership"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class RequesterInvitation(models.Model):
    """A coordinator invites a person to file requests for an organisation."""

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        db_table = "requests_app_requesterinvitation"
        verbose_name = _("requester invitation")
        verbose_name_plural = _("requester invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
