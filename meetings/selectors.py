"""Reads for meetings: who is busy when, the meetings a person may see, and feeds.

Busy times come from three places, each read in one query for everybody at once: other
meetings the person is invited to, an expert's absences (whole days, Amsterdam time) and the
busy intervals fetched from an expert's own calendar.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Func, IntegerField, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_admin
from core.workdays import AMSTERDAM
from experts.models import Absence, Expert
from experts.permissions import coordinated_team_ids, expert_id
from meetings.models import Attendee, ExternalBusy, ExternalCalendar, Meeting
from meetings.slots import Busy
from organisations.permissions import member_organisation_ids
from requests_app.models import AdviceRequest

CANCELLED_KEPT = dt.timedelta(days=30)  # cancelled meetings stay in feeds so clients drop them


@dataclass(frozen=True)
class SlotPerson:
    email: str
    name: str
    required: bool
    expert_id: int | None = None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=AMSTERDAM)


class Epoch(Func):
    """A moment as whole POSIX seconds, computed by the database: thousands of busy times are
    read for every slot search, and converting each to a datetime costs more than the query."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(EXTRACT(EPOCH FROM %(expressions)s) AS BIGINT)"
        )


def busy_times(
    people: Sequence[SlotPerson], first_day: dt.date, last_day: dt.date
) -> dict[str, list[Busy]]:
    """Busy intervals per e-mail address between the two days (three queries)."""
    start, end = _day_start(first_day), _day_start(last_day + dt.timedelta(days=1))
    busy: dict[str, list[Busy]] = defaultdict(list)
    emails = [person.email for person in people]
    meetings = Attendee.objects.filter(
        email__in=emails,
        removed_at=None,
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__starts_at__lt=end,
        meeting__ends_at__gt=start,
    ).values_list("email", Epoch("meeting__starts_at"), Epoch("meeting__ends_at"))
    for email, starts, ends in meetings:
        busy[email].append(Busy(starts, ends))
    experts = {person.expert_id: person.email for person in people if person.expert_id}
    if experts:
        absences = Absence.objects.filter(
            expert_id__in=experts, start__lte=last_day, end__gte=first_day
        ).values_list("expert_id", "start", "end")
        for expert, first, last in absences:
            busy[experts[expert]].append(
                Busy.between(
                    _day_start(first), _day_start(last + dt.timedelta(days=1)), absence=True
                )
            )
        external = ExternalBusy.objects.filter(
            calendar__expert_id__in=experts, starts_at__lt=end, ends_at__gt=start
        ).values_list("calendar__expert_id", Epoch("starts_at"), Epoch("ends_at"))
        for expert, starts, ends in external:
            busy[experts[expert]].append(Busy(starts, ends))
    return busy


def calendar_problems(expert_ids: Sequence[int]) -> list[ExternalCalendar]:
    """Experts whose own calendar could not be read at the last attempt."""
    return list(
        ExternalCalendar.objects.filter(expert_id__in=expert_ids)
        .exclude(error="")
        .select_related("expert__user")
    )


def meetings_of_request(request: AdviceRequest) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(request=request)
        .prefetch_related("attendees")
        .order_by("-status", "starts_at")  # scheduled first, then cancelled
    )


def visible_meetings(user: User) -> QuerySet[Meeting]:
    """Meetings ``user`` may see: requesters their organisations' (lead or partner), experts
    those they are invited to or whose request they work on, coordinators their teams'."""
    if is_admin(user):
        return Meeting.objects.all()
    rule = Q(pk__in=[])
    teams = coordinated_team_ids(user)
    if teams:
        rule |= Q(request__team_id__in=teams)
    organisations = member_organisation_ids(user)
    if organisations:
        rule |= Q(request__lead_organisation_id__in=organisations) | Q(
            request__partners__in=organisations
        )
    expert = expert_id(user)
    if expert is not None:
        rule |= Q(attendees__user=user, attendees__removed_at=None) | Q(
            request__assignments__expert_id=expert,
            request__assignments__status__in=("proposed", "accepted"),
        )
    return Meeting.objects.filter(rule).distinct()


# --- feeds --------------------------------------------------------------------------------------


def _feed_window() -> Q:
    # Cancelled meetings stay a while, so that calendar apps see them go.
    return Q(status=Meeting.Status.SCHEDULED) | Q(cancelled_at__gte=timezone.now() - CANCELLED_KEPT)


def feed_meetings_of_expert(expert: Expert) -> QuerySet[Meeting]:
    return Meeting.objects.filter(
        _feed_window(), attendees__user_id=expert.user_id, attendees__removed_at=None
    )


def feed_meetings_of_request(request_id: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_feed_window(), request_id=request_id)


def feed_meetings_of_team(team_id: int) -> QuerySet[Meeting]:
    return Meeting.objects.filter(_feed_window(), request__team_id=team_id)


# --- who can be invited -------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    key: str  # "expert:12" or "user:34": the form's value
    label: str
    required: bool
    expert: Expert | None = None
    user: User | None = None
    kind: str = ""


PARTNER_CONTACTS_SHOWN = 30


def invitable_people(request: AdviceRequest) -> list[Candidate]:
    """The request's experts (required), its requester contacts and the partner organisations'
    members (optional), each once. Three queries."""
    from meetings.models import Attendee

    people: dict[str, Candidate] = {}
    experts = (
        Expert.objects.filter(
            assignments__request=request, assignments__status__in=("proposed", "accepted")
        )
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )
    for expert in experts:
        people[f"expert:{expert.pk}"] = Candidate(
            f"expert:{expert.pk}",
            f"{expert} ({expert.user.email})",
            True,
            expert=expert,
            kind=Attendee.Kind.EXPERT,
        )
    seen_users = {expert.user_id for expert in experts}
    contacts = User.objects.filter(
        Q(pk=request.created_by_id) | Q(contact_for_requests=request), is_active=True
    ).distinct()
    for user in contacts.order_by("last_name", "first_name", "email"):
        if user.pk not in seen_users:
            seen_users.add(user.pk)
            people[f"user:{user.pk}"] = Candidate(
                f"user:{user.pk}",
                f"{user.get_full_name() or user.email} ({user.email})",
                False,
                user=user,
                kind=Attendee.Kind.REQUESTER,
            )
    partners = (
        User.objects.filter(
            is_active=True,
            memberships__organisation__partner_requests=request,
            memberships__status="active",
        )
        .exclude(pk__in=seen_users)
        .distinct()
        .order_by("last_name", "first_name", "email")[:PARTNER_CONTACTS_SHOWN]
    )
    for user in partners:
        people[f"user:{user.pk}"] = Candidate(
            f"user:{user.pk}",
            f"{user.get_full_name() or user.email} ({user.email})",
            False,
            user=user,
            kind=Attendee.Kind.PARTNER,
        )
    return list(people.values())
