"""Who hears about what. Every function here only queues outbox mail (inside the caller's
transaction); delivery happens after commit. Mails are in each recipient's own language.

Nobody is mailed about their own action: whoever made the move (the event's actor, or the
``actor`` passed in) is left out of every list of recipients here (``others``; the
co-financing mails use it too). The one
exception is the receipt a requester gets for submitting: it carries the reference."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mail.services import Recipient, queue_mail, queue_mail_to_each
from requests_app.enums import Action, EscalationLevel
from requests_app.models import AdviceRequest, Event, RoutingRule


def requester_people(request: AdviceRequest) -> list[User]:
    """The person who filed the request and its contact persons, each once."""
    people = {request.created_by_id: request.created_by}
    for contact in request.contacts.all():
        people.setdefault(contact.id, contact)
    return [person for person in people.values() if person.is_active]


def coordinators_of(request: AdviceRequest) -> list[User]:
    """The team's coordinators; every coordinator while no team is chosen."""
    people = User.objects.filter(is_active=True, coordinated_teams__isnull=False)
    if request.team_id is not None:
        people = people.filter(coordinated_teams=request.team_id)
    return list(people.distinct().order_by("email"))


def others(people: Iterable[User], actor_id: int | None) -> list[User]:
    """``people`` without the one who acted: they know what they just did."""
    return [person for person in people if actor_id is None or person.pk != actor_id]


def request_url(request: AdviceRequest) -> str:
    return reverse("requests:detail", args=[request.pk])


def workspace_url(request: AdviceRequest) -> str:
    """Where coordinators work on a request."""
    return reverse("requests:workspace", args=[request.pk])


# Requester-facing status mails, by the move that caused them.
_REQUESTER_MAIL = {
    Action.SUBMIT: "request_submitted",
    Action.ACCEPT: "request_status",
    Action.DECLINE: "request_status",
    Action.ASK_INFO: "request_status",
    Action.START: "request_status",
    Action.COMPLETE: "request_completed",
    Action.CLOSE: "request_status",
}
# Coordinator-facing mails, by the move that caused them.
_COORDINATOR_MAIL = {
    Action.SUBMIT: "new",
    Action.PROVIDE_INFO: "info_provided",
    Action.WITHDRAW: "withdrawn",
}


def on_transition(*, request: AdviceRequest, action: Action, event: Event) -> None:
    context = {"request": request, "event": event, "action": action, "url": request_url(request)}
    coordinator_context = {**context, "url": workspace_url(request)}
    key = f"request:{request.pk}:event:{event.pk}"
    if action in _REQUESTER_MAIL:
        # The one exception to "not about your own action": the receipt of a submission
        # carries the reference and the deadline (DESIGN, the story's step 2).
        leave_out = None if action == Action.SUBMIT else event.actor_id
        queue_mail_to_each(
            others(requester_people(request), leave_out),
            key=f"{key}:requester",
            template=f"requests_app/mail/{_REQUESTER_MAIL[action]}",
            context=context,
        )
    if action in _COORDINATOR_MAIL and not (
        action == Action.WITHDRAW and event.from_status == "draft"
    ):
        queue_mail_to_each(
            others(coordinators_of(request), event.actor_id),
            key=f"{key}:coordinator",
            template="requests_app/mail/coordinator_notice",
            context={**coordinator_context, "kind": _COORDINATOR_MAIL[action]},
        )


def request_routed(*, request: AdviceRequest, event: Event) -> None:
    queue_mail_to_each(
        others(coordinators_of(request), event.actor_id),
        key=f"request:{request.pk}:event:{event.pk}:routed",
        template="requests_app/mail/coordinator_notice",
        context={"request": request, "url": workspace_url(request), "kind": "routed"},
    )


def request_escalated(*, request: AdviceRequest, level: int) -> None:
    queue_mail_to_each(
        coordinators_of(request),
        key=f"request:{request.pk}:escalation:{level}",
        template="requests_app/mail/coordinator_notice",
        context={
            "request": request,
            "url": workspace_url(request),
            "kind": "severely_overdue" if level == EscalationLevel.SEVERELY_OVERDUE else "overdue",
        },
    )


def routing_rule_switched_off(*, rule: RoutingRule, problem: str) -> None:
    admins = User.objects.filter(is_active=True, is_staff=True).order_by("email")
    queue_mail_to_each(
        admins,
        key=f"routing-rule:{rule.pk}:off:{timezone.now().isoformat()}",
        template="requests_app/mail/routing_rule_switched_off",
        context={
            "rule": rule,
            "problem": problem,
            "url": reverse("admin:requests_app_routingrule_change", args=[rule.pk]),
        },
    )


# --- assignments --------------------------------------------------------------------------------


def _to_the_expert(assignment, *, actor: User | None, kind: str, template: str, **extra) -> None:
    """A mail to the assigned expert, unless they made the change themselves."""
    person = assignment.expert.user
    if actor is not None and actor.pk == person.pk:
        return
    queue_mail(
        key=f"assignment:{assignment.pk}:{kind}",
        recipient=Recipient.of(person),
        template=template,
        context={
            "assignment": assignment,
            "request": assignment.request,
            "person": person,
            "url": reverse("requests:expert-home"),
            **extra,
        },
    )


def expert_assigned(*, assignment, actor: User | None = None) -> None:
    """The expert hears they are proposed, with what they need to decide and a link to answer
    (signed: it works before signing in)."""
    from requests_app.services.assignments import answer_token

    _to_the_expert(
        assignment,
        actor=actor,
        kind="proposed",
        template="requests_app/mail/assignment_proposed",
        answer_url=reverse("requests:assignment-answer", args=[answer_token(assignment)]),
    )


def assignment_answered(*, assignment, actor: User | None = None) -> None:
    """The coordinators hear that the expert accepted or declined (not the one who answered,
    should an admin answer or a coordinator be the expert)."""
    request = assignment.request
    queue_mail_to_each(
        others(coordinators_of(request), actor.pk if actor is not None else None),
        key=f"assignment:{assignment.pk}:{assignment.status}",
        template="requests_app/mail/assignment_answered",
        context={"assignment": assignment, "request": request, "url": workspace_url(request)},
    )


def expert_released(*, assignment, actor: User | None = None) -> None:
    _to_the_expert(
        assignment,
        actor=actor,
        kind="released",
        template="requests_app/mail/assignment_released",
    )


def assignment_hours_changed(*, assignment, actor: User | None = None) -> None:
    """The expert hears their hour budget changed; the key holds the new budget, so a second
    change is a second mail."""
    _to_the_expert(
        assignment,
        actor=actor,
        kind=f"hours:{assignment.hours_budget}",
        template="requests_app/mail/assignment_hours_changed",
    )
