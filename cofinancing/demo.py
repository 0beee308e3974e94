"""Co-financing of the Foodvalley request for the demo (DESIGN §3 steps 4 and 6), through the
real services: the offer of the team's defaults over the experts' budgets, accepted by the
requester, work started, and hours past 80% of the agreement (the warning is in var/mail/)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from cofinancing import services
from cofinancing.models import Agreement
from core.workdays import is_working_day, local_date
from requests_app.models import AdviceRequest, Assignment
from requests_app.services import lifecycle

# (role, hours a day, days): 7 days of 8 hours and 3 of 4 make 68 of 80 hours, 85%.
WORK = [
    (Assignment.Role.LEAD, "8", 7, "Analyse locaties en gesprekken met de corporaties"),
    (Assignment.Role.MEMBER, "4", 3, "Businesscase: kosten en risicoverdeling"),
]


def _working_days_back(count: int) -> list[dt.date]:
    days, day = [], local_date(timezone.now())
    while len(days) < count:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            days.append(day)
    return days


def seed_cofinancing() -> list[str]:
    request = AdviceRequest.objects.filter(title="Anders Wonen in Regio Foodvalley").first()
    if request is None or Agreement.objects.filter(request=request).exists():
        return []
    coordinator = request.team.coordinators.order_by("pk").first()
    requester = request.created_by
    services.make_offer(
        actor=coordinator, request_id=request.pk, offer=services.default_offer(request)
    )
    services.answer_offer(actor=requester, request_id=request.pk, accept=True)
    lifecycle.transition(actor=coordinator, request_id=request.pk, action="start")
    for role, hours, count, what in WORK:
        assignment = (
            request.assignments.filter(role=role, status=Assignment.Status.ACCEPTED)
            .select_related("expert__user")
            .first()
        )
        if assignment is None:
            continue
        for day in _working_days_back(count):
            services.log_time(
                actor=assignment.expert.user,
                assignment_id=assignment.pk,
                day=day,
                hours=hours,
                description=what,
            )
    return [f"statement of {request.reference}: /aanvragen/{request.pk}/overzicht/"]
