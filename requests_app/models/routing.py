"""Admin-edited rules that pick a team for requests filed as "not sure" (DESIGN §6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from experts.models import Team, Theme
from organisations.models import Organisation, Province


class RoutingRule(models.Model):
    """First matching active rule (by position) wins. Every condition that is set must hold;
    themes match when the request asks for at least one of them."""

    position = models.PositiveIntegerField(_("position"), default=100, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="routing_rules", verbose_name=_("route to")
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="routing_rules", verbose_name=_("any of these themes")
    )
    organisation_kind = models.CharField(
        _("lead organisation kind"), max_length=24, choices=Organisation.Kind.choices, blank=True
    )
    province = models.CharField(
        _("lead organisation province"), max_length=2, choices=Province.choices, blank=True
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("lead organisation"),
    )
    active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("switched off because"), max_length=250, blank=True)
    disabled_at = models.DateTimeField(_("switched off at"), null=True, blank=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
