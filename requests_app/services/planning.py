"""Applying a batch plan: each proposed lead goes through ``assign_expert``, so the same rules
hold as for a single assignment; what no longer fits is reported, not forced."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_admin, require
from core.exceptions import Conflict
from experts.models import Expert
from requests_app import matching
from requests_app.models import AdviceRequest, Assignment
from requests_app.permissions import can_plan, coordinates_request
from requests_app.services.assignments import assign_expert

ID_MAX = 2**63 - 1  # beyond a bigint no row can match


@dataclass
class ApplyResult:
    assigned: list[Assignment] = field(default_factory=list)
    skipped: list[tuple[int, int, str]] = field(default_factory=list)  # request, expert, why
    requests: dict[int, AdviceRequest] = field(default_factory=dict)  # the actor's, by id
    experts: dict[int, Expert] = field(default_factory=dict)  # the known ones, by id


def apply_plan(*, actor: User, pairs: Iterable[tuple[int, int]]) -> ApplyResult:
    """Assign each (request id, expert id) pair as lead with the default budget; a pair given
    twice counts once.

    The pairs are screened first, for the page and the API alike: a request the actor does not
    coordinate is not even named, an unknown expert is said in words. What passes goes through
    ``assign_expert``, which checks everything again; pairs that no longer fit (answered by
    someone else, capacity taken meanwhile) are skipped with the reason. Side effects: per
    pair, those of ``assign_expert``.
    """
    require(can_plan(actor))
    pairs = list(dict.fromkeys(pairs))
    result = ApplyResult()
    result.requests = {
        item.pk: item
        for item in AdviceRequest.objects.filter(
            pk__in={r for r, _e in pairs if r <= ID_MAX}
        ).select_related("team")
        if is_admin(actor) or coordinates_request(actor, item)
    }
    result.experts = {
        expert.pk: expert
        for expert in Expert.objects.filter(
            pk__in={e for _r, e in pairs if e <= ID_MAX}
        ).select_related("user")
    }
    screened = []
    for request_id, expert_id in pairs:
        if request_id not in result.requests:
            why = _("Not a request of your teams, or it no longer exists.")
            result.skipped.append((request_id, expert_id, why))
        elif expert_id not in result.experts:
            result.skipped.append((request_id, expert_id, _("There is no such expert.")))
        else:
            screened.append((request_id, expert_id))
    # One expert pool for the whole plan: loading it per pair made a 1,000-pair plan take half
    # a minute. The stored scores and reasons then describe the state before this plan; the
    # capacity check itself still reads each expert's load under its lock.
    pool = matching.load_pool()
    for request_id, expert_id in screened:
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
