"""The timeline words every assignment event in the reader's language (they read "Expert
assigned", in English, on a Dutch page before): with the expert's name for the request's
coordinators, as a plain fact for everyone else."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from experts.models import Team
from requests_app.event_descriptions import describe
from requests_app.services import assignments
from tests.factories import accept_request, file_request, skilled_expert

pytestmark = pytest.mark.django_db


def test_each_assignment_event_is_a_sentence_in_english_and_in_dutch(
    requester, weer_thuis, coordinator_weer_thuis
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    sanne = skilled_expert(
        teams=[weer_thuis],
        skills={"anders-wonen": 3},
        user__first_name="Sanne",
        user__last_name="Visser",
    )
    lead = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=request.pk,
        expert_id=sanne.pk,
        role="lead",
        hours_budget=Decimal("24"),
    )
    assignments.change_assignment_hours(
        actor=coordinator_weer_thuis, assignment_id=lead.pk, hours_budget=Decimal("30.5")
    )
    assignments.accept_assignment(actor=sanne.user, assignment_id=lead.pk)
    assignments.release_assignment(actor=coordinator_weer_thuis, assignment_id=lead.pk)
    events = list(request.events.filter(action__startswith="request.expert_").order_by("pk"))
    teams = {team.slug: team for team in Team.objects.all()}
    with translation.override("en"):
        english = [describe(e, teams=teams, show_deadline=True).title for e in events]
    with translation.override("nl"):
        dutch = [describe(e, teams=teams, show_deadline=True).title for e in events]
    assert english == [
        "Sanne Visser proposed as lead expert",
        "Hour budget of Sanne Visser changed from 24 to 30.5 hours",
        "Sanne Visser accepted the assignment",
        "Sanne Visser released from the request",
    ]
    assert dutch == [
        "Sanne Visser voorgesteld als leidend expert",
        "Urenbudget van Sanne Visser gewijzigd van 24 naar 30,5 uur",
        "Sanne Visser heeft de toewijzing geaccepteerd",
        "Sanne Visser is vrijgegeven van de aanvraag",
    ]
    # Who reads no deadlines (a requester, an expert) reads the fact without the name.
    with translation.override("en"):
        plain = [describe(e, teams=teams, show_deadline=False).title for e in events]
    assert plain == [
        "An expert was proposed",
        "An expert's hour budget changed",
        "An expert accepted the assignment",
        "An expert was released from the request",
    ]
