"""Meetings: plan, change, invite, take people off, cancel and record answers (DESIGN §7).

Every change locks the request first, then the meeting (the order the assignment services use
too), writes a timeline event through ``record_event`` and queues the invitations in the same
transaction: through the outbox, once per (meeting, attendee, sequence, method), so a retry or a
second worker never sends one twice. ``sequence`` goes up whenever invitees must replace their
copy: time, place, who is invited, cancellation.

Side effects: outbox mail with a ``text/calendar`` part (REQUEST or CANCEL) to every attendee
who takes invitations by e-mail; events ``meeting.scheduled``, ``meeting.changed``,
``meeting.attendee_added``, ``meeting.attendee_removed``, ``meeting.cancelled``,
``meeting.answered``.

Over 400 lines on purpose: planning, invitations, answers, slots and feed addresses of meetings
share the lock order, the invitation builder and the checks; split when one part grows on its
own.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_admin, require
from core.exceptions import Conflict
from experts.models import Expert, InvitationPreference
from experts.permissions import coordinated_team_ids, expert_id
from mail.services import Recipient, queue_mail
from meetings import calendars, external, feeds, selectors, slots
from meetings.models import Attendee, ExternalBusy, ExternalCalendar, FeedToken, Meeting
from meetings.permissions import can_change_meeting, can_plan_meetings
from requests_app.enums import Status
from requests_app.models import AdviceRequest
from requests_app.permissions import is_lead_member
from requests_app.services.audit import record_event

# Meetings are about work that was taken on.
PLANNABLE = frozenset({Status.ACCEPTED, Status.IN_PROGRESS})
MAX_DURATION = dt.timedelta(hours=8)
RSVP_SALT = "meetings.rsvp"
RSVP_MAX_AGE = dt.timedelta(days=180)
_http_url = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class Invitee:
    email: str
    name: str = ""
    kind: str = Attendee.Kind.GUEST
    required: bool = True
    user: User | None = None
    language: str = settings.LANGUAGE_CODE
    by_mail: bool = True


def invitee_for_expert(expert: Expert, *, required: bool = True) -> Invitee:
    """An expert, invited by e-mail unless they chose the calendar feed only."""
    return Invitee(
        email=expert.user.email,
        name=expert.user.get_full_name(),
        kind=Attendee.Kind.EXPERT,
        required=required,
        user=expert.user,
        language=expert.user.language,
        by_mail=expert.invitation_preference != InvitationPreference.FEED,
    )


def invitee_for_person(user: User, kind: str, *, required: bool = False) -> Invitee:
    return Invitee(
        email=user.email,
        name=user.get_full_name(),
        kind=kind,
        required=required,
        user=user,
        language=user.language,
    )


# --- checks -------------------------------------------------------------------------------------


def _check_when(start: dt.datetime, end: dt.datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValidationError({"start": _("Give the time with its time zone.")})
    if end <= start:
        raise ValidationError({"end": _("The meeting must end after it starts.")})
    if end - start > MAX_DURATION:
        raise ValidationError({"end": _("A meeting lasts at most eight hours.")})
    if start < timezone.now():
        raise ValidationError({"start": _("Choose a time in the future.")})


def _check_place(location: str, online_url: str) -> None:
    errors = {}
    if len(location) > 200:
        errors["location"] = _("Keep the place under 200 characters.")
    if online_url:
        try:
            _http_url(online_url)
        except ValidationError:
            errors["online_url"] = _("Give the video link as a web address (https://…).")
    if not location.strip() and not online_url:
        errors["location"] = _("Give a place or a video link.")
    if errors:
        raise ValidationError(errors)


def _clean_invitees(invitees: Iterable[Invitee]) -> list[Invitee]:
    cleaned: dict[str, Invitee] = {}
    for invitee in invitees:
        email = invitee.email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                {"attendees": _("%s is not an e-mail address.") % invitee.email}
            ) from None
        if email not in cleaned:  # the first mention wins: an expert before a guest copy
            cleaned[email] = Invitee(**{**invitee.__dict__, "email": email})
    return list(cleaned.values())


def _locked_request(request_id: int) -> AdviceRequest:
    return AdviceRequest.objects.select_for_update().get(pk=request_id)


def _locked_meeting(meeting_id: int) -> Meeting:
    request_id = Meeting.objects.filter(pk=meeting_id).values_list("request_id", flat=True).first()
    if request_id is None:
        raise Meeting.DoesNotExist
    _locked_request(request_id)  # the request first, always: the lock order of every service
    return Meeting.objects.select_for_update().select_related("request").get(pk=meeting_id)


# --- finding a time -----------------------------------------------------------------------------

DEFAULT_BUFFER = dt.timedelta(minutes=15)
MAX_WINDOW_DAYS = 92


@dataclass(frozen=True)
class SlotAdvice:
    slots: list[slots.Slot]
    reasons: list[str]  # plain words when nothing fits
    calendar_problems: list[str]  # experts whose own calendar could not be read


def suggest_slots(
    *,
    actor: User,
    request_id: int,
    people: Sequence[selectors.SlotPerson],
    first_day: dt.date,
    last_day: dt.date,
    duration: dt.timedelta,
    buffer: dt.timedelta = DEFAULT_BUFFER,
    limit: int = 10,
) -> SlotAdvice:
    """Free times for a meeting of the request: working hours on working days, every required
    person free, earliest first; optional people who are busy lower a slot's rank."""
    request = AdviceRequest.objects.get(pk=request_id)
    require(can_plan_meetings(actor, request))
    if not people:
        raise ValidationError({"attendees": _("Choose who must be there.")})
    if not dt.timedelta(minutes=15) <= duration <= MAX_DURATION:
        raise ValidationError({"duration": _("A meeting lasts between 15 minutes and 8 hours.")})
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day comes after the first.")})
    if (last_day - first_day).days > MAX_WINDOW_DAYS:
        raise ValidationError({"last_day": _("Look at most three months ahead at once.")})
    busy = selectors.busy_times(people, first_day, last_day)
    search = slots.find_slots(
        [
            slots.Person(p.email, p.name or p.email, p.required, busy.get(p.email, []))
            for p in people
        ],
        first_day=first_day,
        last_day=last_day,
        duration=duration,
        buffer=buffer,
        not_before=timezone.now(),
        limit=limit,
    )
    problems = selectors.calendar_problems([p.expert_id for p in people if p.expert_id])
    return SlotAdvice(
        slots=search.slots,
        reasons=_reasons(search, first_day, last_day),
        calendar_problems=[
            _(
                "The own calendar of %(name)s could not be read (%(error)s); "
                "last good fetch: %(when)s."
            )
            % {
                "name": problem.expert,
                "error": problem.error,
                "when": date_format(problem.last_success_at, "DATETIME_FORMAT")
                if problem.last_success_at
                else _("never"),
            }
            for problem in problems
        ],
    )


def _reasons(search: slots.SlotSearch, first_day: dt.date, last_day: dt.date) -> list[str]:
    if search.slots:
        return []
    if not search.candidates:
        return [_("There are no working hours left between these days.")]
    reasons = []
    for blocker in search.blockers:
        for first, last in blocker.absences:
            reasons.append(
                _("%(name)s is absent %(first)s to %(last)s.")
                % {
                    "name": blocker.name,
                    "first": date_format(first, "MONTH_DAY_FORMAT"),
                    "last": date_format(last, "MONTH_DAY_FORMAT"),
                }
            )
        if blocker.never_free and not blocker.absences:
            reasons.append(_("%(name)s has no free time in these days.") % {"name": blocker.name})
    if not reasons:
        never_together = _(
            "The required people are never free at the same time between %(first)s and "
            "%(last)s; try a longer period or a shorter meeting."
        )
        reasons.append(
            never_together
            % {
                "first": date_format(first_day, "MONTH_DAY_FORMAT"),
                "last": date_format(last_day, "MONTH_DAY_FORMAT"),
            }
        )
    return reasons


# --- planning -----------------------------------------------------------------------------------


def schedule_meeting(
    *,
    actor: User,
    request_id: int,
    title: str,
    start: dt.datetime,
    end: dt.datetime,
    invitees: Sequence[Invitee],
    kind: str = Meeting.Kind.INTAKE,
    location: str = "",
    online_url: str = "",
) -> Meeting:
    """Plan a meeting and invite everyone (see the module's side effects)."""
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the meeting a title.")})
    if kind not in Meeting.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of meeting.")})
    _check_when(start, end)
    _check_place(location, online_url)
    people = _clean_invitees(invitees)
    if not people:
        raise ValidationError({"attendees": _("Invite at least one person.")})
    with transaction.atomic():
        request = _locked_request(request_id)
        require(can_plan_meetings(actor, request))
        if request.status not in PLANNABLE:
            raise Conflict(_("Meetings are planned once a request is accepted and not finished."))
        meeting = Meeting.objects.create(
            request=request,
            kind=kind,
            title=title[:200],
            starts_at=start,
            ends_at=end,
            location=location.strip(),
            online_url=online_url,
            created_by=actor,
        )
        attendees = Attendee.objects.bulk_create(
            [_attendee(meeting, invitee) for invitee in people]
        )
        record_event(
            request=request,
            actor=actor,
            action="meeting.scheduled",
            data=_event_data(meeting),
        )
        _invite(meeting, attendees, calendars.Method.REQUEST)
    return meeting


def _attendee(meeting: Meeting, invitee: Invitee) -> Attendee:
    return Attendee(
        meeting=meeting,
        user=invitee.user,
        kind=invitee.kind,
        email=invitee.email,
        name=invitee.name[:200],
        language=invitee.language,
        required=invitee.required,
        by_mail=invitee.by_mail,
    )


def _event_data(meeting: Meeting) -> dict:
    return {
        "meeting": meeting.pk,
        "title": meeting.title,
        "start": meeting.starts_at.isoformat(),
        "end": meeting.ends_at.isoformat(),
    }


def change_meeting(
    *,
    actor: User,
    meeting_id: int,
    start: dt.datetime,
    end: dt.datetime,
    location: str,
    online_url: str = "",
    title: str | None = None,
) -> Meeting:
    """Move the meeting or change its place: everyone invited gets the update (SEQUENCE + 1).
    Nothing changes, and nothing is sent, when time and place stay the same."""
    _check_when(start, end)
    _check_place(location, online_url)
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        require(can_change_meeting(actor, meeting))
        _refuse_if_cancelled(meeting)
        changes = {
            "starts_at": start,
            "ends_at": end,
            "location": location.strip(),
            "online_url": online_url,
        }
        if title is not None and " ".join(title.split()):
            changes["title"] = " ".join(title.split())[:200]
        changed = [name for name, value in changes.items() if getattr(meeting, name) != value]
        if not changed:
            return meeting
        for name in changed:
            setattr(meeting, name, changes[name])
        meeting.sequence += 1
        meeting.version += 1
        meeting.save(update_fields=[*changed, "sequence", "version", "updated_at"])
        # A new time or place asks everyone again.
        meeting.attendees.filter(removed_at=None).update(
            answer=Attendee.Answer.NEEDS_ACTION, answered_at=None, answered_via=""
        )
        record_event(
            request=meeting.request,
            actor=actor,
            action="meeting.changed",
            data=_event_data(meeting),
        )
        _invite(meeting, _active(meeting), calendars.Method.REQUEST)
    return meeting


def add_attendee(*, actor: User, meeting_id: int, invitee: Invitee) -> Attendee:
    """Invite one more person; the others get the updated list of attendees."""
    (invitee,) = _clean_invitees([invitee])
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        require(can_change_meeting(actor, meeting))
        _refuse_if_cancelled(meeting)
        attendee = meeting.attendees.filter(email=invitee.email).first()
        if attendee is not None and attendee.active:
            raise Conflict(_("%s is invited already.") % invitee.email)
        if attendee is None:
            attendee = _attendee(meeting, invitee)
            attendee.save()
        else:  # taken off earlier and invited again
            attendee.removed_at = None
            attendee.answer = Attendee.Answer.NEEDS_ACTION
            attendee.answered_at = None
            attendee.answered_via = ""
            attendee.save(update_fields=["removed_at", "answer", "answered_at", "answered_via"])
        _bump(meeting)
        record_event(
            request=meeting.request,
            actor=actor,
            action="meeting.attendee_added",
            data={**_event_data(meeting), "name": attendee.name or attendee.email},
        )
        _invite(meeting, _active(meeting), calendars.Method.REQUEST)
    return attendee


def remove_attendee(*, actor: User, meeting_id: int, attendee_id: int) -> None:
    """Take one person off: they get a CANCEL, the others the updated list."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        require(can_change_meeting(actor, meeting))
        _refuse_if_cancelled(meeting)
        attendee = meeting.attendees.filter(pk=attendee_id, removed_at=None).first()
        if attendee is None:
            raise Conflict(_("This person is not invited (any more)."))
        attendee.removed_at = timezone.now()
        attendee.save(update_fields=["removed_at"])
        _bump(meeting)
        record_event(
            request=meeting.request,
            actor=actor,
            action="meeting.attendee_removed",
            data={**_event_data(meeting), "name": attendee.name or attendee.email},
        )
        _invite(meeting, [attendee], calendars.Method.CANCEL, only=[attendee])
        _invite(meeting, _active(meeting), calendars.Method.REQUEST)


def cancel_meeting(*, actor: User, meeting_id: int, reason: str = "") -> Meeting:
    """Cancel: everyone gets a CANCEL, feeds keep the meeting as cancelled for 30 days."""
    with transaction.atomic():
        meeting = _locked_meeting(meeting_id)
        require(can_change_meeting(actor, meeting))
        _refuse_if_cancelled(meeting)
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_at = timezone.now()
        meeting.sequence += 1
        meeting.version += 1
        meeting.save(update_fields=["status", "cancelled_at", "sequence", "version", "updated_at"])
        record_event(
            request=meeting.request,
            actor=actor,
            action="meeting.cancelled",
            note=reason.strip()[:2000],
            data=_event_data(meeting),
        )
        _invite(meeting, _active(meeting), calendars.Method.CANCEL)
    return meeting


def _refuse_if_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise Conflict(_("This meeting was cancelled."))


def _bump(meeting: Meeting) -> None:
    meeting.sequence += 1
    meeting.version += 1
    meeting.save(update_fields=["sequence", "version", "updated_at"])


def _active(meeting: Meeting) -> list[Attendee]:
    return list(meeting.attendees.filter(removed_at=None))


# --- answers ------------------------------------------------------------------------------------


def answer_token(attendee: Attendee, answer: str) -> str:
    """The signed part of an answer link: who, which meeting, which version, which answer."""
    return signing.dumps(
        {"a": attendee.pk, "m": attendee.meeting_id, "s": attendee.meeting.sequence, "r": answer},
        salt=RSVP_SALT,
        compress=True,
    )


@dataclass(frozen=True)
class AnswerLink:
    attendee: Attendee
    answer: str
    sequence: int


def read_answer_token(token: str) -> AnswerLink:
    """The attendee and answer of a link; ValidationError with a reason people understand."""
    try:
        data = signing.loads(token, salt=RSVP_SALT, max_age=RSVP_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError(_("This link has expired.")) from None
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid.")) from None
    attendee = (
        Attendee.objects.select_related("meeting__request")
        .filter(pk=data.get("a"), meeting_id=data.get("m"))
        .first()
    )
    if attendee is None or data.get("r") not in Attendee.Answer.values:
        raise ValidationError(_("This link is not valid."))
    return AnswerLink(attendee=attendee, answer=data["r"], sequence=int(data.get("s", -1)))


def record_answer(
    *, attendee_id: int, answer: str, via: str, sequence: int, at: dt.datetime | None = None
) -> Attendee:
    """Store an attendee's answer (a link in the mail, or their calendar app's REPLY).

    The same answer twice changes nothing. An answer to an older version of the meeting, to a
    cancelled meeting or from someone taken off is refused (Conflict): it no longer applies.
    """
    if answer not in (
        Attendee.Answer.ACCEPTED,
        Attendee.Answer.TENTATIVE,
        Attendee.Answer.DECLINED,
    ):
        raise ValidationError({"answer": _("Answer accept, tentative or decline.")})
    with transaction.atomic():
        meeting_id = Attendee.objects.filter(pk=attendee_id).values_list("meeting_id", flat=True)
        meeting = _locked_meeting(meeting_id.get())
        attendee = Attendee.objects.select_for_update().get(pk=attendee_id)
        check_answer_applies(meeting, attendee, sequence)
        if attendee.answer == answer:
            return attendee
        attendee.answer = answer
        attendee.answered_at = at or timezone.now()
        attendee.answered_via = via
        attendee.answered_sequence = sequence
        attendee.save(update_fields=["answer", "answered_at", "answered_via", "answered_sequence"])
        Meeting.objects.filter(pk=meeting.pk).update(version=F("version") + 1)
        record_event(
            request=meeting.request,
            actor=attendee.user,
            action="meeting.answered",
            data={
                **_event_data(meeting),
                "name": attendee.name or attendee.email,
                "answer": answer,
                "via": via,
            },
            internal=True,  # who comes is the organiser's business
        )
    return attendee


def check_answer_applies(meeting: Meeting, attendee: Attendee, sequence: int) -> None:
    """Conflict when an answer no longer applies: the meeting was cancelled or changed since,
    or the person was taken off."""
    if meeting.is_cancelled:
        raise Conflict(_("This meeting was cancelled."))
    if not attendee.active:
        raise Conflict(_("You are no longer invited to this meeting."))
    if sequence < meeting.sequence:
        raise Conflict(_("The meeting was changed after this invitation; answer the newest one."))


# --- invitations --------------------------------------------------------------------------------


def meeting_data(meeting: Meeting, attendees: Sequence[Attendee]) -> calendars.MeetingData:
    sender_name, sender = organizer()
    request = meeting.request
    url = settings.SITE_URL + reverse("requests:detail", args=[request.pk])
    place = meeting.location or meeting.online_url
    description = "\n".join(
        filter(
            None,
            [
                f"{request.reference or ''} {request.title}".strip(),
                url,
                meeting.online_url and f"Video: {meeting.online_url}",
            ],
        )
    )
    return calendars.MeetingData(
        uid=meeting.uid,
        sequence=meeting.sequence,
        summary=meeting.title,
        description=description,
        start=meeting.starts_at,
        end=meeting.ends_at,
        location=place,
        url=url,
        cancelled=meeting.is_cancelled,
        organizer_email=sender,
        organizer_name=sender_name,
        guests=[calendars.Guest(a.email, a.name, a.required, a.answer) for a in attendees],
        stamp=meeting.updated_at or timezone.now(),
        created=meeting.created_at or timezone.now(),
    )


def organizer() -> tuple[str, str]:
    """ORGANIZER must be the address that sends, so that replies come back to expertdesk."""
    from email.utils import parseaddr

    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name or "expertdesk", address


def _invite(
    meeting: Meeting,
    recipients: Sequence[Attendee],
    method: str,
    *,
    only: Sequence[Attendee] | None = None,
) -> None:
    everyone = _active(meeting) if only is None else list(only)
    data = meeting_data(meeting, everyone)
    template = (
        "meetings/mail/invitation"
        if method == calendars.Method.REQUEST
        else "meetings/mail/cancellation"
    )
    for attendee in recipients:
        if not attendee.by_mail:
            continue
        links = {
            answer.lower(): settings.SITE_URL
            + reverse("meetings:answer", args=[answer_token(attendee, answer)])
            for answer in ("ACCEPTED", "TENTATIVE", "DECLINED")
        }
        queue_mail(
            key=f"meeting:{meeting.pk}:{attendee.email}:{meeting.sequence}:{method}",
            recipient=Recipient(
                email=attendee.email, language=attendee.language, name=attendee.name
            ),
            template=template,
            context={
                "meeting": meeting,
                "advice_request": meeting.request,
                "attendee": attendee,
                "links": links,
                "removed": only is not None,
                "request_url": data.url,
            },
            calendar=calendars.invitation(data, method),
            calendar_method=method,
        )


# --- experts' own calendars --------------------------------------------------------------------

EXTERNAL_DAYS_BACK = 7
EXTERNAL_DAYS_AHEAD = 120


def refresh_external_calendar(*, expert_id: int) -> ExternalCalendar | None:
    """Read an expert's own calendar and keep its busy times. A calendar that cannot be read
    keeps the busy times of the last good fetch and says what went wrong; slot finding goes on."""
    expert = Expert.objects.filter(pk=expert_id).first()
    if expert is None:
        return None
    calendar, _created = ExternalCalendar.objects.get_or_create(expert=expert)
    now = timezone.now()
    if not expert.free_busy_url:
        calendar.busy.all().delete()
        calendar.delete()
        return None
    try:
        data = external.fetch(expert.free_busy_url)
        intervals = external.busy_intervals(
            data,
            now - dt.timedelta(days=EXTERNAL_DAYS_BACK),
            now + dt.timedelta(days=EXTERNAL_DAYS_AHEAD),
        )
    except external.FeedError as problem:
        ExternalCalendar.objects.filter(pk=calendar.pk).update(
            last_attempt_at=now, error=str(problem)[:300]
        )
        calendar.refresh_from_db()
        return calendar
    with transaction.atomic():
        calendar.busy.all().delete()
        ExternalBusy.objects.bulk_create(
            ExternalBusy(calendar=calendar, starts_at=start, ends_at=end)
            for start, end in intervals
        )
        calendar.url_fetched = expert.free_busy_url[:500]
        calendar.last_attempt_at = calendar.last_success_at = now
        calendar.error = ""
        calendar.save(update_fields=["url_fetched", "last_attempt_at", "last_success_at", "error"])
    return calendar


# --- feed addresses -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewFeed:
    token: FeedToken
    secret: str  # shown once: only its hash is kept


def may_own_feed(user: User, *, expert: Expert | None = None, request=None, team=None) -> bool:
    """An expert their own feed; a member of the lead organisation their request's; a
    coordinator their team's (admins every team's)."""
    if expert is not None:
        return expert_id(user) == expert.pk
    if request is not None:
        return is_lead_member(user, request)
    if team is not None:
        return is_admin(user) or team.pk in coordinated_team_ids(user)
    return False


def create_feed(
    *,
    actor: User,
    expert: Expert | None = None,
    request: AdviceRequest | None = None,
    team=None,
    include_absences: bool = False,
) -> NewFeed:
    """A new feed address; the one for the same subject that the person had is revoked (so
    this is also how an address is replaced)."""
    require(may_own_feed(actor, expert=expert, request=request, team=team))
    scope = (
        FeedToken.Scope.EXPERT
        if expert is not None
        else FeedToken.Scope.REQUEST
        if request is not None
        else FeedToken.Scope.TEAM
    )
    secret = secrets.token_urlsafe(feeds.TOKEN_BYTES)
    with transaction.atomic():
        FeedToken.objects.filter(
            owner=actor, scope=scope, expert=expert, request=request, team=team, revoked_at=None
        ).update(revoked_at=timezone.now())
        token = FeedToken.objects.create(
            owner=actor,
            scope=scope,
            expert=expert,
            request=request,
            team=team,
            token_hash=feeds.token_hash(secret),
            include_absences=include_absences and expert is not None,
        )
    return NewFeed(token=token, secret=secret)


def revoke_feed(*, actor: User, token_id: int) -> None:
    """The address stops working at once (404 from then on)."""
    updated = FeedToken.objects.filter(pk=token_id, owner=actor, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("This feed address does not exist or was revoked already."))
