"""Request statuses, their named groups and the allowed moves between them (DESIGN §5).

The transition table is data: ``requests_app.services.lifecycle`` is the only code that
changes a status, and it refuses anything this table does not list.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("request status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("request status", "Submitted")
    NEEDS_INFO = "needs_info", pgettext_lazy("request status", "Information requested")
    ACCEPTED = "accepted", pgettext_lazy("request status", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("request status", "In progress")
    COMPLETED = "completed", pgettext_lazy("request status", "Completed")
    CLOSED = "closed", pgettext_lazy("request status", "Closed")
    DECLINED = "declined", pgettext_lazy("request status", "Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("request status", "Withdrawn")


# Waiting for a coordinator's triage decision: the working-day clock runs.
TRIAGE = frozenset({Status.SUBMITTED})


# Filed and not finished: what an inbox shows.
OPEN = frozenset(
    {Status.SUBMITTED, Status.NEEDS_INFO, Status.ACCEPTED, Status.IN_PROGRESS, Status.COMPLETED}
)
FINISHED = frozenset({Status.CLOSED, Status.DECLINED, Status.WITHDRAWN})
FILED = OPEN | FINISHED  # every status but draft
# The requester may still change the text of the request.
EDITABLE = frozenset({Status.DRAFT, Status.NEEDS_INFO})
# Triage is not decided yet: a coordinator may still choose or change the team.
ROUTABLE = frozenset({Status.SUBMITTED, Status.NEEDS_INFO})
# Experts are assigned to work that was taken on; suggestions help from triage onwards.
ASSIGNABLE = frozenset({Status.ACCEPTED, Status.IN_PROGRESS})
SUGGESTIBLE = ROUTABLE | ASSIGNABLE


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    ASK_INFO = "ask_info", _("Ask for information")
    PROVIDE_INFO = "provide_info", _("Provide information")
    START = "start", _("Start")
    COMPLETE = "complete", _("Complete")
    CLOSE = "close", _("Close")
    WITHDRAW = "withdraw", _("Withdraw")


class Actor(models.TextChoices):
    """Who may make a move; the policy module maps these onto people and requests."""

    REQUESTER = "requester", _("requester of the lead organisation")
    COORDINATOR = "coordinator", _("coordinator of the request's team")


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    actor: Actor
    needs_note: bool = False  # a reason, question or answer the move cannot do without
    # expertdesk itself may make the move too (no person acts: a schedule, a survey answer).
    system: bool = False


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in [
        Transition(Action.SUBMIT, frozenset({Status.DRAFT}), Status.SUBMITTED, Actor.REQUESTER),
        Transition(
            Action.ACCEPT, frozenset({Status.SUBMITTED}), Status.ACCEPTED, Actor.COORDINATOR
        ),
        Transition(
            Action.DECLINE,
            frozenset({Status.SUBMITTED, Status.NEEDS_INFO}),
            Status.DECLINED,
            Actor.COORDINATOR,
            needs_note=True,
        ),
        Transition(
            Action.ASK_INFO,
            frozenset({Status.SUBMITTED}),
            Status.NEEDS_INFO,
            Actor.COORDINATOR,
            needs_note=True,
        ),
        Transition(
            Action.PROVIDE_INFO,
            frozenset({Status.NEEDS_INFO}),
            Status.SUBMITTED,
            Actor.REQUESTER,
            needs_note=True,
        ),
        Transition(
            Action.START, frozenset({Status.ACCEPTED}), Status.IN_PROGRESS, Actor.COORDINATOR
        ),
        Transition(
            Action.COMPLETE, frozenset({Status.IN_PROGRESS}), Status.COMPLETED, Actor.COORDINATOR
        ),
        # Also by expertdesk: the satisfaction survey was answered, or its time ran out.
        Transition(
            Action.CLOSE,
            frozenset({Status.COMPLETED}),
            Status.CLOSED,
            Actor.COORDINATOR,
            system=True,
        ),
        Transition(
            Action.WITHDRAW,
            frozenset(
                {
                    Status.DRAFT,
                    Status.SUBMITTED,
                    Status.NEEDS_INFO,
                    Status.ACCEPTED,
                    Status.IN_PROGRESS,
                }
            ),
            Status.WITHDRAWN,
            Actor.REQUESTER,
        ),
    ]
}


class DesiredResult(models.TextChoices):
    BUSINESS_CASE = "business_case", _("Business case")
    DECLARATION_OF_INTENT = "declaration_of_intent", _("Declaration of intent")
    PLAN_OF_APPROACH = "plan_of_approach", _("Plan of approach")
    HOUSING_CARE_VISION = "housing_care_vision", _("Housing-and-care vision")
    OTHER = "other", _("Other")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    OVERDUE = 1, _("Overdue")
    SEVERELY_OVERDUE = 2, _("Three times overdue")
