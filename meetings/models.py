"""Meetings about an advice request and the people invited to them (DESIGN §4, §7).

A meeting keeps one UID for life; ``sequence`` goes up with every change that invitees must
see (time, place, who comes, cancellation), so calendar apps replace their copy instead of
adding one. ``version`` goes up with every change at all (an answer too): feeds key the
serialised event by it. Written only by ``meetings.services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from requests_app.models import AdviceRequest


def new_uid() -> str:
    return f"{uuid.uuid4()}@expertdesk"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        INTAKE = "intake", _("Intake")
        WORK_SESSION = "work_session", _("Work session")
        STEERING_GROUP = "steering_group", _("Steering group")
        PRESENTATION = "presentation", _("Presentation")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    request = models.ForeignKey(
        AdviceRequest, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("request")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.INTAKE)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("video link"), max_length=500, blank=True)
    uid = models.CharField(_("UID"), max_length=100, unique=True, default=new_uid, editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planned by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("A meeting ends after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d %H:%M})"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Attendee(models.Model):
    class Kind(models.TextChoices):
        EXPERT = "expert", _("Expert")
        REQUESTER = "requester", _("Requester contact")
        PARTNER = "partner", _("Partner contact")
        GUEST = "guest", _("Guest")

    class Answer(models.TextChoices):
        # iCalendar PARTSTAT values, so that links and calendar replies speak the same words
        NEEDS_ACTION = "NEEDS-ACTION", _("No answer yet")
        ACCEPTED = "ACCEPTED", _("Accepted")
        TENTATIVE = "TENTATIVE", _("Tentative")
        DECLINED = "DECLINED", _("Declined")

    class Via(models.TextChoices):
        LINK = "link", _("the link in the invitation")
        CALENDAR = "calendar", _("their calendar app")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    required = models.BooleanField(_("required"), default=True)
    by_mail = models.BooleanField(
        _("invited by e-mail"),
        default=True,
        help_text=_("Experts who chose the calendar feed only get no invitation mails."),
    )
    answer = models.CharField(
        _("answer"), max_length=12, choices=Answer.choices, default=Answer.NEEDS_ACTION
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_via = models.CharField(
        _("answered via"), max_length=10, choices=Via.choices, blank=True
    )
    answered_sequence = models.PositiveIntegerField(_("answered version"), null=True, blank=True)
    removed_at = models.DateTimeField(_("taken off at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "-required", "kind", "name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "email"], name="attendee_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def active(self) -> bool:
        return self.removed_at is None


class ExternalCalendar(models.Model):
    """The state of fetching an expert's own free/busy feed (``Expert.free_busy_url``)."""

    expert = models.OneToOneField(
        "experts.Expert",
        on_delete=models.CASCADE,
        related_name="external_calendar",
        verbose_name=_("expert"),
    )
    url_fetched = models.URLField(_("address fetched"), max_length=500, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last good fetch"), null=True, blank=True)
    error = models.CharField(_("problem"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("external calendar")
        verbose_name_plural = _("external calendars")

    def __str__(self) -> str:
        return str(self.expert)


class ExternalBusy(models.Model):
    """A busy interval from an expert's own calendar (only start and end are kept)."""

    calendar = models.ForeignKey(
        ExternalCalendar, on_delete=models.CASCADE, related_name="busy", verbose_name=_("calendar")
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))

    class Meta:
        verbose_name = _("external busy time")
        verbose_name_plural = _("external busy times")
        indexes = [models.Index(fields=["calendar", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} - {self.ends_at:%H:%M}"


class FeedToken(models.Model):
    """An unguessable address for a calendar feed: one expert's meetings, one request's (for the
    requester organisation's members) or one team's. Only a hash of the token is stored; the
    token is shown once, can be revoked and replaced."""

    class Scope(models.TextChoices):
        EXPERT = "expert", _("My meetings")
        REQUEST = "request", _("Meetings of a request")
        TEAM = "team", _("Meetings of a team")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feed_tokens",
        verbose_name=_("owner"),
    )
    scope = models.CharField(_("feed"), max_length=8, choices=Scope.choices)
    expert = models.ForeignKey(
        "experts.Expert", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    request = models.ForeignKey(
        AdviceRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    team = models.ForeignKey(
        "experts.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    include_absences = models.BooleanField(_("show my absences as busy"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(scope="expert", expert__isnull=False, request=None, team=None)
                    | Q(scope="request", request__isnull=False, expert=None, team=None)
                    | Q(scope="team", team__isnull=False, expert=None, request=None)
                ),
                name="feed_token_names_its_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.owner})"
