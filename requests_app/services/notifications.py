"""Who hears about what. Every function here only queues outbox mail (inside the caller's
transaction); delivery happens after commit. Mails are in each recipient's own language."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from requests_app.enums import Action, EscalationLevel
from requests_app.models import (
    AdviceRequest,
    Event,
    Membership,
    RequesterInvitation,
    RoutingRule,
)
from requests_app.services.outbox import Recipient, queue_mail


def _recipient(user: User) -> Recipient:
    return Recipient(email=user.email, language=user.language, name=user.get_full_name())


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


def _send_all(people: Iterable[User], *, key: str, template: str, context: dict) -> None:
    for person in people:
        queue_mail(
            key=f"{key}:{person.pk}",
            recipient=_recipient(person),
            template=template,
            context={**context, "person": person},
        )


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
        _send_all(
            requester_people(request),
            key=f"{key}:requester",
            template=_REQUESTER_MAIL[action],
            context=context,
        )
    if action in _COORDINATOR_MAIL and not (
        action == Action.WITHDRAW and event.from_status == "draft"
    ):
        _send_all(
            coordinators_of(request),
            key=f"{key}:coordinator",
            template="coordinator_notice",
            context={**coordinator_context, "kind": _COORDINATOR_MAIL[action]},
        )


def request_routed(*, request: AdviceRequest, event: Event) -> None:
    _send_all(
        coordinators_of(request),
        key=f"request:{request.pk}:event:{event.pk}:routed",
        template="coordinator_notice",
        context={"request": request, "url": workspace_url(request), "kind": "routed"},
    )


def request_escalated(*, request: AdviceRequest, level: int) -> None:
    _send_all(
        coordinators_of(request),
        key=f"request:{request.pk}:escalation:{level}",
        template="coordinator_notice",
        context={
            "request": request,
            "url": workspace_url(request),
            "kind": "severely_overdue" if level == EscalationLevel.SEVERELY_OVERDUE else "overdue",
        },
    )


def routing_rule_switched_off(*, rule: RoutingRule, problem: str) -> None:
    admins = User.objects.filter(is_active=True, is_staff=True).order_by("email")
    _send_all(
        admins,
        key=f"routing-rule:{rule.pk}:off:{timezone.now().isoformat()}",
        template="routing_rule_switched_off",
        context={
            "rule": rule,
            "problem": problem,
            "url": reverse("admin:requests_app_routingrule_change", args=[rule.pk]),
        },
    )


def requester_invited(*, invitation: RequesterInvitation) -> None:
    queue_mail(
        key=f"invitation:{invitation.pk}",
        recipient=Recipient(email=invitation.email),
        template="requester_invitation",
        context={
            "invitation": invitation,
            "url": reverse("requests:invitation", args=[invitation.token]),
        },
    )


def membership_requested(*, membership: Membership) -> None:
    people = (
        User.objects.filter(Q(is_staff=True) | Q(coordinated_teams__isnull=False), is_active=True)
        .distinct()
        .order_by("email")
    )
    _send_all(
        people,
        key=f"membership:{membership.pk}:requested",
        template="membership_requested",
        context={"membership": membership, "url": reverse("requests:memberships")},
    )


def membership_decided(*, membership: Membership) -> None:
    queue_mail(
        key=f"membership:{membership.pk}:{membership.status}",
        recipient=_recipient(membership.user),
        template="membership_decided",
        context={"membership": membership, "url": reverse("requests:home")},
    )


# --- assignments --------------------------------------------------------------------------------


def expert_assigned(*, assignment) -> None:
    """The expert hears they are proposed, with links to accept or decline."""
    from requests_app.services.assignments import answer_token

    token = answer_token(assignment)
    queue_mail(
        key=f"assignment:{assignment.pk}:proposed",
        recipient=_recipient(assignment.expert.user),
        template="assignment_proposed",
        context={
            "assignment": assignment,
            "request": assignment.request,
            "person": assignment.expert.user,
            "answer_url": reverse("requests:assignment-answer", args=[token]),
            "url": reverse("requests:expert-home"),
        },
    )


def assignment_answered(*, assignment) -> None:
    """The coordinators hear that the expert accepted or declined."""
    request = assignment.request
    _send_all(
        coordinators_of(request),
        key=f"assignment:{assignment.pk}:{assignment.status}",
        template="assignment_answered",
        context={"assignment": assignment, "request": request, "url": workspace_url(request)},
    )


def expert_released(*, assignment) -> None:
    queue_mail(
        key=f"assignment:{assignment.pk}:released",
        recipient=_recipient(assignment.expert.user),
        template="assignment_released",
        context={
            "assignment": assignment,
            "request": assignment.request,
            "person": assignment.expert.user,
            "url": reverse("requests:expert-home"),
        },
    )
