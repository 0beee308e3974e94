"""Triage: routing to a team, and escalation of overdue requests (the deadline's rules are in
``requests_app.deadlines``)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import require
from core.exceptions import Conflict
from core.workdays import is_working_hours, local_date
from experts.models import Team
from requests_app.deadlines import escalation_level_on, overdue_q
from requests_app.enums import ROUTABLE, TRIAGE, EscalationLevel
from requests_app.models import AdviceRequest, RoutingRule
from requests_app.permissions import can_route
from requests_app.services import notifications
from requests_app.services.audit import record_event

logger = logging.getLogger(__name__)


# --- routing ----------------------------------------------------------------------------------


def rule_problem(rule: RoutingRule) -> str:
    """Why an active rule no longer makes sense, or "" when it is fine."""
    inactive = [theme.name for theme in rule.themes.all() if not theme.active]
    if inactive:
        return _("refers to switched-off theme(s): %s") % ", ".join(inactive)
    if rule.organisation_id and not rule.organisation.active:
        return _("refers to an organisation that is no longer active: %s") % rule.organisation
    if not rule.team.coordinators.exists():
        return _("its team %s has no coordinators, so nobody would see the request") % rule.team
    return ""


def rule_matches(rule: RoutingRule, request: AdviceRequest, theme_ids: set[int]) -> bool:
    org = request.lead_organisation
    if rule.organisation_id and rule.organisation_id != org.id:
        return False
    if rule.organisation_kind and rule.organisation_kind != org.kind:
        return False
    if rule.province and rule.province != org.province:
        return False
    rule_theme_ids = {theme.id for theme in rule.themes.all()}
    return not rule_theme_ids or bool(rule_theme_ids & theme_ids)


def apply_routing_rules(request: AdviceRequest) -> RoutingRule | None:
    """Give a "not sure" request the team of the first matching rule.

    A rule that no longer makes sense is switched off and reported to the administrators,
    never used. Side effects: request.team, a ``request.routed`` event, report mails.
    """
    if request.team_id is not None:
        return None
    theme_ids = set(request.themes.values_list("id", flat=True))
    rules = (
        RoutingRule.objects.filter(active=True)
        .select_related("team", "organisation")
        .prefetch_related("themes")
        .order_by("position", "id")
    )
    for rule in rules:
        problem = rule_problem(rule)
        if problem:
            _switch_off(rule, problem)
            continue
        if rule_matches(rule, request, theme_ids):
            request.team = rule.team
            request.save(update_fields=["team", "updated_at"])
            record_event(
                request=request,
                actor=None,
                action="request.routed",
                data={"team": rule.team.slug, "rule": rule.name, "by": "rule"},
                internal_note=_("Routed to %(team)s by rule “%(rule)s”.")
                % {"team": rule.team.name, "rule": rule.name},
            )
            return rule
    return None


def _switch_off(rule: RoutingRule, problem: str) -> None:
    updated = RoutingRule.objects.filter(pk=rule.pk, active=True).update(
        active=False, disabled_reason=problem[:250], disabled_at=timezone.now()
    )
    if updated:
        logger.warning("Routing rule %s (%s) switched off: %s", rule.pk, rule.name, problem)
        notifications.routing_rule_switched_off(rule=rule, problem=problem)


def route_request(*, actor: User, request_id: int, team: Team, note: str = "") -> AdviceRequest:
    """A coordinator sends a request to a team (first routing or re-routing).

    Side effects: a ``request.routed`` event (``note`` is internal); the new team's
    coordinators are told.
    """
    with transaction.atomic():
        request = AdviceRequest.objects.select_for_update().get(pk=request_id)
        require(can_route(actor, request))
        if request.status not in ROUTABLE:
            raise Conflict(_("Only requests waiting for triage can be routed to a team."))
        if request.team_id == team.id:
            return request  # nothing changes: no event, no mail
        old_team = request.team
        request.team = team
        request.save(update_fields=["team", "updated_at"])
        event = record_event(
            request=request,
            actor=actor,
            action="request.routed",
            internal_note=note,  # why this team: coordinators' business, not the requester's
            data={
                "team": team.slug,
                "from_team": old_team.slug if old_team else None,
                "by": "coordinator",
            },
        )
        notifications.request_routed(request=request, event=event)
    return request


# --- escalation --------------------------------------------------------------------------------


def escalate_overdue_requests(*, now: dt.datetime | None = None) -> int:
    """Tell the team's coordinators about requests past their triage deadline, once per level.

    Runs from a schedule; does nothing outside working hours (mails wait for the morning).
    Claiming a level is a conditional UPDATE, so two runs at once send nothing twice.
    """
    now = now or timezone.now()
    if not is_working_hours(now):
        return 0
    today = local_date(now)
    candidates = (
        AdviceRequest.objects.filter(
            overdue_q(today), escalation_level__lt=EscalationLevel.SEVERELY_OVERDUE
        )
        .select_related("team", "lead_organisation")
        .order_by("triage_deadline")
    )
    escalated = 0
    for request in candidates:
        level = escalation_level_on(request, today)
        if level <= request.escalation_level:
            continue
        with transaction.atomic():
            claimed = AdviceRequest.objects.filter(
                pk=request.pk, status__in=TRIAGE, escalation_level__lt=level
            ).update(escalation_level=level)
            if not claimed:
                continue
            request.escalation_level = level
            record_event(
                request=request,
                actor=None,
                action="request.escalated",
                data={"level": int(level), "deadline": request.triage_deadline.isoformat()},
                internal=True,
            )
            notifications.request_escalated(request=request, level=level)
        escalated += 1
    return escalated
