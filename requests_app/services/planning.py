"""Applying a batch plan: each proposed lead goes through ``assign_expert``, so the same rules
hold as for a single assignment; what no longer fits is reported, not forced."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_admin, is_coordinator, require
from core.exceptions import Conflict
from requests_app import matching
from requests_app.models import AdviceRequest, Assignment
from requests_app.services.assignments import assign_expert


@dataclass
class ApplyResult:
    assigned: list[Assignment] = field(default_factory=list)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)  # request, expert, why


def apply_plan(*, actor: User, pairs: Iterable[tuple[int, int]]) -> ApplyResult:
    """Assign each (request id, expert id) pair as lead with the default budget.

    Side effects: per pair, those of ``assign_expert``. Pairs that no longer fit (answered
    by someone else, capacity taken meanwhile) are skipped with the reason.
    """
    require(is_admin(actor) or is_coordinator(actor))
    result = ApplyResult()
    # One expert pool for the whole plan: loading it per pair made a 1,000-pair plan take half
    # a minute. The stored scores and reasons then describe the state before this plan; the
    # capacity check itself still reads each expert's load under its lock.
    pool = matching.load_pool()
    for request_id, expert_id in pairs:
        try:
            result.assigned.append(
                assign_expert(
                    actor=actor,
                    request_id=request_id,
                    expert_id=expert_id,
                    role=Assignment.Role.LEAD,
                    pool=pool,
                )
            )
        except Conflict as refused:
            result.skipped.append((request_id, expert_id, refused.message))
        except ValidationError as refused:  # e.g. an expert id that does not exist
            result.skipped.append((request_id, expert_id, " ".join(refused.messages)))
        except PermissionDenied:
            result.skipped.append((request_id, expert_id, _("Not a request of your teams.")))
        except AdviceRequest.DoesNotExist:
            result.skipped.append((request_id, expert_id, _("The request no longer exists.")))
    return result
