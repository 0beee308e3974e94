"""The satisfaction survey: the one thing reports/ stores (DESIGN §3 step 7).

A row is made when a completed request's contacts are invited; it is answered once (score 1-5
and a comment) through a signed link. The score is what the dashboard counts; the comment is
free text and is emptied by the retention run.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SatisfactionResponse(models.Model):
    request = models.OneToOneField(
        "requests_app.AdviceRequest",
        on_delete=models.CASCADE,
        related_name="satisfaction",
        verbose_name=_("request"),
    )
    invited_at = models.DateTimeField(_("invited at"))
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("satisfaction response")
        verbose_name_plural = _("satisfaction responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="satisfaction_score_1_to_5",
            ),
            # A score exists exactly when the survey was answered: answered once, never half.
            models.CheckConstraint(
                condition=Q(score__isnull=True, answered_at__isnull=True)
                | Q(score__isnull=False, answered_at__isnull=False),
                name="satisfaction_answered_with_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.score or '-'}"
