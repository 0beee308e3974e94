"""The API keeps its own contract, for every role: every answer to any input is one the schema
documents (status, content type, headers and body), and no input makes the server fail.

Schemathesis reads our own OpenAPI schema and generates calls to every operation — valid ones
and deliberately invalid ones — sent straight to the Django WSGI application, signed with the
token of a requester, a coordinator, an expert or an admin, or with none. Half of the calls to
one object go to objects that exist (requests in several states, an expert, assignments, a
meeting), so the actions reach the services instead of stopping at a 404. The calls are the
same on every run (derandomized), and each operation gets a bounded number of them.

Random input rarely gets past the validation, so each role also makes one real call to every
operation it may use (``MAY_USE``), with real ids and bodies; each must succeed and conform. No
fuzzed call may succeed on an operation a role may not use.

Over 400 lines on purpose: the table of real calls per role is half of the contract. Inputs
picked by hand are in test_api_nasty_input.py.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from allauth.account.models import EmailAddress
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.selectors import live_api_tokens
from accounts.services import create_api_token
from cofinancing import services as cofinancing
from core.workdays import AMSTERDAM
from meetings import services as meetings
from meetings.models import Attendee
from requests_app.services import assignments, lifecycle
from tests.factories import PASSWORD, accept_request, file_request, skilled_expert
from tests.requests_app.api_support import put_expert_to_work

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 4
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# 41 before meetings; 12 of meetings and feed addresses; 5 of co-financing; 2 of API tokens;
# 1 for an assignment's hours; 3 of the figures (reports)
OPERATIONS = 64
MEETING_AT = dt.datetime(2027, 3, 29, 10, 0, tzinfo=AMSTERDAM)
OFFER = cofinancing.Offer(
    hours=Decimal("20"),
    hourly_rate=Decimal("140"),
    programme_hours=Decimal("8"),
    requester_share=Decimal("0.5"),
)


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    """The WSGI application, keeping the test's connection (and transaction) between calls,
    as django.test.Client does: a real handler would close it after every response."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@dataclass
class World:
    """Objects in the states the operations start from, by id."""

    draft: int
    draft_b: int
    submitted: int
    submitted_b: int
    submitted_c: int
    submitted_d: int
    asked: int
    undecided: int
    accepted: int
    offered: int
    ready: int
    working: int
    completed: int
    expert: int
    proposed: int
    proposed_b: int
    accepted_assignment: int
    working_assignment: int
    meeting: int
    meeting_b: int
    attendee: int
    feeds: dict[str, int]
    tokens: dict[str, int]

    def requests(self) -> list[int]:
        return [self.draft, self.submitted, self.undecided, self.asked, self.accepted]

    def fuzz_ids(self) -> list[int]:
        """Ids that name something for several operations at once."""
        return sorted(
            {*self.requests(), self.expert, self.proposed, self.accepted_assignment, self.meeting}
        )


@pytest.fixture
def world(requester, coordinator_weer_thuis, expert, admin_user, weer_thuis) -> World:
    coordinator = coordinator_weer_thuis
    profile = expert.expert_profile
    from experts.models import Skill, Theme

    Skill.objects.create(expert=profile, theme=Theme.objects.get(slug="anders-wonen"), level=3)
    profile.weekly_capacity_hours = Decimal("40")
    profile.save(update_fields=["weekly_capacity_hours"])
    skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 2})

    def submitted() -> Any:
        return file_request(requester=requester, team=weer_thuis)

    def accepted() -> Any:
        return accept_request(submitted(), coordinator)

    asked = submitted()
    lifecycle.transition(actor=coordinator, request_id=asked.pk, action="ask_info", note="Welke?")
    accepted_request = accepted()
    proposals = [
        assignments.assign_expert(actor=coordinator, request_id=accepted().pk, expert_id=profile.pk)
        for _ in range(2)
    ]
    on_accepted = assignments.assign_expert(
        actor=coordinator, request_id=accepted_request.pk, expert_id=profile.pk
    )
    assignments.accept_assignment(actor=expert, assignment_id=on_accepted.pk)
    offered = accepted()
    cofinancing.make_offer(actor=coordinator, request_id=offered.pk, offer=OFFER)
    ready, working, completed = accepted(), accepted(), accepted()
    for request in (ready, working, completed):
        put_expert_to_work(request, coordinator=coordinator, expert_user=expert)
    for request in (working, completed):
        lifecycle.transition(actor=coordinator, request_id=request.pk, action="start")
    lifecycle.transition(
        actor=coordinator,
        request_id=completed.pk,
        action="complete",
        delivered_results=["business_case"],
    )
    meeting, meeting_b = (
        meetings.schedule_meeting(
            actor=coordinator,
            request_id=accepted_request.pk,
            title="Intake",
            start=MEETING_AT,
            end=MEETING_AT + dt.timedelta(hours=1),
            location="Stadhuis Veenendaal",
            invitees=[
                meetings.invitee_for_expert(profile),
                meetings.invitee_for_person(requester, Attendee.Kind.REQUESTER),
                meetings.Invitee(email="gast@example.org", name="Gast", required=False),
            ],
        )
        for _ in range(2)
    )
    feeds = {
        "requester": meetings.create_feed(actor=requester, request=accepted_request),
        "coordinator": meetings.create_feed(actor=coordinator, team=weer_thuis),
        "expert": meetings.create_feed(actor=expert, expert=profile),
        "admin": meetings.create_feed(actor=admin_user, team=weer_thuis),
    }
    people = {
        "requester": requester,
        "coordinator": coordinator,
        "expert": expert,
        "admin": admin_user,
    }
    return World(
        draft=file_request(requester=requester, team=weer_thuis, submit=False).pk,
        draft_b=file_request(requester=requester, team=weer_thuis, submit=False).pk,
        submitted=submitted().pk,
        submitted_b=submitted().pk,
        submitted_c=submitted().pk,
        submitted_d=submitted().pk,
        asked=asked.pk,
        undecided=file_request(requester=requester, team=None).pk,
        accepted=accepted_request.pk,
        offered=offered.pk,
        ready=ready.pk,
        working=working.pk,
        completed=completed.pk,
        expert=profile.pk,
        proposed=proposals[0].pk,
        proposed_b=proposals[1].pk,
        accepted_assignment=on_accepted.pk,
        working_assignment=working.assignments.get().pk,
        meeting=meeting.pk,
        meeting_b=meeting_b.pk,
        attendee=meeting_b.attendees.get(email="gast@example.org").pk,
        feeds={role: new.token.pk for role, new in feeds.items()},
        tokens={
            role: create_api_token(actor=user, name="spare").token.pk
            for role, user in people.items()
        },
    )


# --- one real call to every operation a role may use ------------------------------------------

Call = Callable[[World, str], dict[str, Any]]


def _on(attribute: str, **call: Any) -> Call:
    """A call on the object ``World.<attribute>``."""
    return lambda w, role: {"path_parameters": {"id": getattr(w, attribute)}, **call}


def _plain(**call: Any) -> Call:
    return lambda w, role: call


LISTS_AND_REFERENCE: dict[str, Call] = {
    "GET /api/v1/requests/": _plain(query={"overdue": "false", "page": 1}),
    "GET /api/v1/organisations/": _plain(query={"q": "GM0345", "active": "true"}),
    "GET /api/v1/organisations/{id}/": lambda w, role: {
        "path_parameters": {"id": _organisation_id()}
    },
    "GET /api/v1/teams/": _plain(),
    "GET /api/v1/teams/{slug}/": _plain(path_parameters={"slug": "weer-thuis"}),
    "GET /api/v1/themes/": _plain(query={"active": "true", "teams__slug": "weer-thuis"}),
    "GET /api/v1/themes/{slug}/": _plain(path_parameters={"slug": "anders-wonen"}),
    "GET /api/v1/meetings/": _plain(),
    "GET /api/v1/feeds/": _plain(),
    # Before the new address, which replaces the one for the same calendar.
    "DELETE /api/v1/feeds/{id}/": lambda w, role: {"path_parameters": {"id": w.feeds[role]}},
    "POST /api/v1/feeds/": lambda w, role: {"body": _feed_body(w, role)},
    "GET /api/v1/time-entries/": _plain(),
    "GET /api/v1/auth/tokens/": _plain(),
    "DELETE /api/v1/auth/tokens/{id}/": lambda w, role: {"path_parameters": {"id": w.tokens[role]}},
    "DELETE /api/v1/auth/token/": _plain(),
}


def _organisation_id() -> int:
    from organisations.models import Organisation

    return Organisation.objects.get(cbs_code="GM0345").pk


def _feed_body(w: World, role: str) -> dict[str, Any]:
    if role == "requester":
        return {"scope": "request", "request": w.accepted}
    if role == "expert":
        return {"scope": "expert", "include_absences": True}
    from experts.models import Team

    return {"scope": "team", "team": Team.objects.get(slug="weer-thuis").pk}


REQUESTER: dict[str, Call] = {
    **LISTS_AND_REFERENCE,
    "GET /api/v1/reports/organisations/{id}/": lambda w, role: {
        "path_parameters": {"id": _organisation_id()}
    },
    "POST /api/v1/requests/": _plain(
        body={"lead_organisation": "GM0345", "title": "Flexwonen", "themes": ["flexwonen"]}
    ),
    "GET /api/v1/requests/{id}/": _on("draft"),
    "PUT /api/v1/requests/{id}/": _on("draft", body={"title": "Skaeve Huse", "team": None}),
    "PATCH /api/v1/requests/{id}/": _on("draft", body={"question": "Waar beginnen we?"}),
    "POST /api/v1/requests/{id}/submit/": _on("draft_b", body={}),
    "POST /api/v1/requests/{id}/withdraw/": _on("submitted_d", body={"note": "Dubbel"}),
    "POST /api/v1/requests/{id}/provide-info/": _on("asked", body={"note": "Foodvalley"}),
    "GET /api/v1/requests/{id}/events/": _on("asked"),
    "GET /api/v1/requests/{id}/assignments/": _on("accepted"),
    "GET /api/v1/assignments/{id}/": _on("accepted_assignment"),
    "GET /api/v1/requests/{id}/cofinancing/": _on("offered"),
    "POST /api/v1/requests/{id}/cofinancing/answer/": _on("offered", body={"accept": True}),
    "GET /api/v1/meetings/{id}/": _on("meeting"),
    "POST /api/v1/meetings/{id}/answer/": _on("meeting", body={"answer": "ACCEPTED"}),
}

COORDINATOR: dict[str, Call] = {
    **LISTS_AND_REFERENCE,
    "GET /api/v1/reports/dashboard/": _plain(
        query={"team": "weer-thuis", "start": "2026-01-01", "end": "2026-12-31"}
    ),
    "GET /api/v1/requests/{id}/": _on("submitted"),
    "POST /api/v1/requests/{id}/accept/": _on("submitted", body={"note": "Welkom"}),
    "POST /api/v1/requests/{id}/decline/": _on(
        "submitted_b", body={"note": "Buiten het programma"}
    ),
    "POST /api/v1/requests/{id}/ask-info/": _on("submitted_c", body={"note": "Welke regio?"}),
    "POST /api/v1/requests/{id}/route/": _on("undecided", body={"team": "weer-thuis"}),
    "POST /api/v1/requests/{id}/start/": _on("ready", body={}),
    "POST /api/v1/requests/{id}/complete/": _on(
        "working", body={"delivered_results": ["plan_of_approach"]}
    ),
    "POST /api/v1/requests/{id}/close/": _on("completed", body={}),
    "GET /api/v1/requests/{id}/events/": _on("accepted"),
    "GET /api/v1/requests/{id}/notes/": _on("accepted"),
    "POST /api/v1/requests/{id}/notes/": _on("accepted", body={"text": "Bel eerst de wethouder."}),
    "GET /api/v1/requests/{id}/suggestions/": _on("accepted", query={"limit": 5}),
    "GET /api/v1/requests/{id}/assignments/": _on("accepted"),
    "POST /api/v1/requests/{id}/assignments/": lambda w, role: {
        "path_parameters": {"id": w.submitted},
        "body": {"expert": w.expert, "role": "lead"},
    },
    "GET /api/v1/assignments/{id}/": _on("proposed"),
    "POST /api/v1/assignments/{id}/hours/": _on("proposed", body={"hours_budget": "8"}),
    "POST /api/v1/assignments/{id}/release/": _on("accepted_assignment", body={"note": "Ziek"}),
    "GET /api/v1/experts/": _plain(query={"team": "weer-thuis", "theme": "anders-wonen"}),
    "GET /api/v1/experts/{id}/": _on("expert"),
    "PATCH /api/v1/experts/{id}/": _on("expert", body={"free_busy_url": None}),
    "GET /api/v1/experts/{id}/load/": _on("expert", query={"weeks": 26}),
    "POST /api/v1/plan/compute/": _plain(),
    "POST /api/v1/plan/apply/": lambda w, role: {
        "body": {"pairs": [{"request": w.submitted, "expert": w.expert}]}
    },
    "POST /api/v1/meetings/": lambda w, role: {
        "body": {
            "request": w.accepted,
            "title": "Vervolg",
            "start": "2027-04-06T10:00:00+02:00",
            "end": "2027-04-06T11:00:00+02:00",
            "online_url": "https://meet.example.org/vervolg",
            "attendees": [{"expert": w.expert}],
        }
    },
    "POST /api/v1/meetings/slots/": lambda w, role: {
        "body": {
            "request": w.accepted,
            "attendees": [{"expert": w.expert}, {"email": "gast@example.org"}],
            "first_day": "2027-04-05",
            "last_day": "2027-04-09",
            "duration_minutes": 60,
        }
    },
    "GET /api/v1/meetings/{id}/": _on("meeting"),
    "POST /api/v1/meetings/{id}/move/": _on(
        "meeting",
        body={
            "start": "2027-03-30T10:00:00+02:00",
            "end": "2027-03-30T11:00:00+02:00",
            "location": "Gemeentehuis",
        },
    ),
    "POST /api/v1/meetings/{id}/attendees/": _on(
        "meeting", body={"email": "wethouder@veenendaal.nl", "name": "Wethouder"}
    ),
    "POST /api/v1/meetings/{id}/attendees/{attendee_id}/remove/": lambda w, role: {
        "path_parameters": {"id": w.meeting_b, "attendee_id": w.attendee}
    },
    "POST /api/v1/meetings/{id}/cancel/": _on("meeting_b", body={"reason": "Verzet"}),
    "GET /api/v1/requests/{id}/cofinancing/": _on("offered"),
    "POST /api/v1/requests/{id}/cofinancing/offer/": _on(
        "accepted",
        body={
            "hours": "40",
            "hourly_rate": "140",
            "programme_hours": "16",
            "requester_share": "0.5",
        },
    ),
}

EXPERT: dict[str, Call] = {
    **LISTS_AND_REFERENCE,
    "GET /api/v1/reports/expert/": _plain(),
    "GET /api/v1/requests/{id}/": _on("working"),
    "GET /api/v1/requests/{id}/events/": _on("working"),
    "GET /api/v1/requests/{id}/notes/": _on("working"),
    "POST /api/v1/requests/{id}/notes/": _on("working", body={"text": "Rapport volgt vrijdag."}),
    "GET /api/v1/requests/{id}/assignments/": _on("working"),
    "GET /api/v1/assignments/": _plain(query={"status": ["proposed", "accepted"]}),
    "GET /api/v1/assignments/{id}/": _on("proposed"),
    "POST /api/v1/assignments/{id}/accept/": _on("proposed"),
    "POST /api/v1/assignments/{id}/decline/": _on("proposed_b", body={"reason": "Vakantie"}),
    "GET /api/v1/experts/me/": _plain(),
    "GET /api/v1/experts/{id}/": _on("expert"),
    "PATCH /api/v1/experts/{id}/": _on("expert", body={"weekly_capacity_hours": "32"}),
    "GET /api/v1/experts/{id}/load/": _on("expert"),
    "GET /api/v1/meetings/{id}/": _on("meeting"),
    "POST /api/v1/meetings/{id}/answer/": _on("meeting", body={"answer": "TENTATIVE"}),
    "POST /api/v1/time-entries/": lambda w, role: {
        "body": {
            "assignment": w.working_assignment,
            "day": dt.datetime.now(tz=AMSTERDAM).date().isoformat(),
            "hours": "2.5",
            "description": "Intake voorbereid",
        }
    },
}

ADMIN: dict[str, Call] = {
    **COORDINATOR,
    # Admins act for any organisation.
    "POST /api/v1/requests/": REQUESTER["POST /api/v1/requests/"],
    "GET /api/v1/reports/organisations/{id}/": REQUESTER["GET /api/v1/reports/organisations/{id}/"],
    "POST /api/v1/requests/{id}/submit/": REQUESTER["POST /api/v1/requests/{id}/submit/"],
    "POST /api/v1/requests/{id}/withdraw/": REQUESTER["POST /api/v1/requests/{id}/withdraw/"],
    "POST /api/v1/assignments/{id}/accept/": _on("proposed"),
    "POST /api/v1/assignments/{id}/decline/": _on("proposed_b", body={"reason": "Te vol"}),
}

ANONYMOUS: dict[str, Call] = {
    "POST /api/v1/auth/token/": lambda w, role: {
        "body": {"email": "rik@veenendaal.nl", "password": PASSWORD, "name": "Koppeling"}
    },
}

MAY_USE = {
    "requester": REQUESTER,
    "coordinator": COORDINATOR,
    "expert": EXPERT,
    "admin": ADMIN,
    "anonymous": ANONYMOUS,
}


# --- running the calls ---------------------------------------------------------------------


class Caller:
    """Signs calls with a live token of the user (none for anonymous), checks every answer
    against the schema and counts calls and successes per operation."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.token = create_api_token(actor=user, name="fuzz") if user else None
        self.calls: Counter[str] = Counter()
        self.successes: Counter[str] = Counter()

    def headers(self) -> dict[str, str]:
        if self.user is None:
            return {}
        # Checked every time: DELETE /api/v1/auth/token(s)/ may just have revoked it.
        if not live_api_tokens(self.user).filter(pk=self.token.token.pk).exists():
            self.token = create_api_token(actor=self.user, name="fuzz")
        return {"Authorization": f"Token {self.token.secret}"}

    def call(self, case: Any) -> Any:
        response = case.call(headers=self.headers())
        label = case.operation.label
        self.calls[label] += 1
        if 200 <= response.status_code < 300:
            self.successes[label] += 1
        case.validate_response(response, checks=CHECKS)
        return response


def _schema(wsgi_app: WSGIHandler) -> Any:
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)


def _operations(schema: Any) -> dict[str, Any]:
    return {
        operation.label: operation for operation in (r.ok() for r in schema.get_all_operations())
    }


def _has_inputs(operation: Any) -> bool:
    return bool(list(operation.path_parameters) or list(operation.query) or list(operation.body))


def _fuzz(caller: Caller, operation: Any, ids: list[int]) -> None:
    """Both generation modes (one when there is nothing to make invalid); calls to one
    object go half to objects that exist."""
    modes = [GenerationMode.POSITIVE]
    if _has_inputs(operation):
        modes.append(GenerationMode.NEGATIVE)
    takes_id = any(parameter.name == "id" for parameter in operation.path_parameters)
    for mode in modes:
        strategy = operation.as_strategy(generation_mode=mode)
        if takes_id:
            strategy = st.one_of(
                strategy,
                st.sampled_from(ids).flatmap(
                    lambda pk, mode=mode: operation.as_strategy(
                        generation_mode=mode, path_parameters={"id": pk}
                    )
                ),
            )

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,  # no example replay from earlier runs: every run is the same size
            derandomize=True,  # the same calls every run, so a failure reproduces
            phases=[Phase.explicit, Phase.generate, Phase.shrink],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def call(case: Any) -> None:
            caller.call(case)

        call()


def _run_role(wsgi_app: WSGIHandler, world: World, role: str, user: Any) -> Caller:
    operations = _operations(_schema(wsgi_app))
    assert len(operations) == OPERATIONS
    caller = Caller(user)
    table = MAY_USE[role]
    assert set(table) <= set(operations)
    for label, make in table.items():
        kwargs = make(world, role)
        if "body" in kwargs:  # an operation may take a file as well; the calls here send JSON
            kwargs.setdefault("media_type", "application/json")
        response = caller.call(operations[label].Case(**kwargs))
        assert 200 <= response.status_code < 300, (
            f"{role}: {label} → {response.status_code}: {response.text[:500]}"
        )
    for operation in operations.values():
        _fuzz(caller, operation, world.fuzz_ids())
    assert set(caller.calls) == set(operations)
    assert min(caller.calls.values()) >= 2
    # What a role may not use never succeeds, whatever the input.
    assert set(caller.successes) == set(table), set(caller.successes) ^ set(table)
    return caller


def test_the_api_keeps_its_contract_for_a_requester(wsgi_app, world, requester):
    _run_role(wsgi_app, world, "requester", requester)


def test_the_api_keeps_its_contract_for_a_coordinator(wsgi_app, world, coordinator_weer_thuis):
    _run_role(wsgi_app, world, "coordinator", coordinator_weer_thuis)


def test_the_api_keeps_its_contract_for_an_expert(wsgi_app, world, expert):
    _run_role(wsgi_app, world, "expert", expert)


def test_the_api_keeps_its_contract_for_an_admin(wsgi_app, world, admin_user):
    _run_role(wsgi_app, world, "admin", admin_user)


def test_the_api_keeps_its_contract_without_a_sign_in(wsgi_app, world, requester):
    # The requester signs in for a token: the one thing anybody may do without one.
    EmailAddress.objects.update_or_create(
        user=requester, email=requester.email, defaults={"verified": True, "primary": True}
    )

    _run_role(wsgi_app, world, "anonymous", None)
