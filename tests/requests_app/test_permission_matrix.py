"""The whole permission matrix of DESIGN §9, walked role by role over pages and endpoints.

One request of Veenendaal (lead) with Ede as partner, for team Weer Thuis, with one expert on
it, is seen by: its lead organisation's requester, the partner's requester, a requester of an
unrelated organisation, the assigned expert, an expert not on it, the coordinator of its team,
the coordinator of the other team and an admin. Outsiders get 404 (nothing says the request
exists); insiders without the right get 403; who may, gets the page or the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.workdays import AMSTERDAM
from meetings import services as meeting_services
from meetings.models import Meeting
from organisations.models import Organisation
from reports.models import SatisfactionResponse
from reports.services import survey_token
from requests_app.models import AdviceRequest
from requests_app.services import assignments
from tests.factories import MembershipFactory, accept_request, file_request, skilled_expert
from tests.requests_app.completion_support import completed_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

ROLES = [
    "requester",
    "partner",
    "outsider",
    "expert_on",
    "expert_off",
    "coordinator",
    "other_coordinator",
    "admin",
]


@dataclass
class World:
    people: dict
    accepted: AdviceRequest  # with expert_on assigned
    submitted: AdviceRequest  # waiting for triage
    draft: AdviceRequest
    meeting: Meeting  # on the accepted request: expert_on and the requester invited


@pytest.fixture
def world(
    requester,
    requester_ede,
    ede,
    weer_thuis,
    woningbouw,
    coordinator_weer_thuis,
    coordinator_woningbouw,
    admin_user,
):
    outsider = MembershipFactory(
        organisation=Organisation.objects.get(cbs_code="GM0203"), user__email="bas@barneveld.nl"
    ).user
    expert_on = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    expert_off = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 3})
    accepted = accept_request(
        file_request(requester=requester, team=weer_thuis, partners=[ede]), coordinator_weer_thuis
    )
    assignment = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=accepted.pk, expert_id=expert_on.pk
    )
    assignments.accept_assignment(actor=expert_on.user, assignment_id=assignment.pk)
    start = dt.datetime(2027, 4, 12, 10, tzinfo=AMSTERDAM)
    meeting = meeting_services.schedule_meeting(
        actor=coordinator_weer_thuis,
        request_id=accepted.pk,
        title="Intake",
        start=start,
        end=start + dt.timedelta(hours=1),
        location="Veenendaal",
        invitees=[
            meeting_services.invitee_for_expert(expert_on),
            meeting_services.invitee_for_person(requester, "requester"),
        ],
    )
    return World(
        people={
            "requester": requester,
            "partner": requester_ede,
            "outsider": outsider,
            "expert_on": expert_on.user,
            "expert_off": expert_off.user,
            "coordinator": coordinator_weer_thuis,
            "other_coordinator": coordinator_woningbouw,
            "admin": admin_user,
        },
        accepted=accepted,
        submitted=file_request(requester=requester, team=weer_thuis, partners=[ede]),
        draft=file_request(requester=requester, team=weer_thuis, partners=[ede], submit=False),
        meeting=meeting,
    )


@dataclass(frozen=True)
class Check:
    name: str
    method: str
    url: Callable[[World], str]
    expected: dict[str, int]
    data: dict | None = None
    api: bool = False
    htmx: bool = False  # asked by htmx (a fragment); without it the page redirects
    data_of: Callable[[World], dict] | None = None  # data that names objects of the world

    def payload(self, world: World) -> dict:
        return self.data_of(world) if self.data_of else (self.data or {})


def _page(name: str, url, htmx: bool = False, **expected) -> Check:
    return Check(name, "get", url, expected, htmx=htmx)


# What each role gets. 302 is a redirect after a successful POST on a page.
CHECKS = [
    _page(
        "request page",
        lambda w: f"/aanvragen/{w.accepted.pk}/",
        requester=200,
        partner=200,
        outsider=404,
        expert_on=200,
        expert_off=404,
        coordinator=200,
        other_coordinator=404,
        admin=200,
    ),
    _page(
        "draft page",
        lambda w: f"/aanvragen/{w.draft.pk}/",
        requester=200,
        partner=404,
        outsider=404,
        expert_on=404,
        expert_off=404,
        coordinator=404,
        other_coordinator=404,
        admin=200,
    ),
    _page(
        "edit a draft",
        lambda w: f"/aanvragen/{w.draft.pk}/bewerken/",
        requester=200,
        partner=404,
        outsider=404,
        expert_on=404,
        expert_off=404,
        coordinator=404,
        other_coordinator=404,
        admin=200,
    ),
    # Only the lead organisation's requesters (and admins) edit: 403 for the others, 409 for
    # them while the status allows no edits; the API below answers the same.
    _page(
        "edit an accepted request",
        lambda w: f"/aanvragen/{w.accepted.pk}/bewerken/",
        requester=409,
        partner=403,
        outsider=404,
        expert_on=403,
        expert_off=404,
        coordinator=403,
        other_coordinator=404,
        admin=409,
    ),
    _page(
        "workspace",
        lambda w: f"/coordinator/aanvragen/{w.accepted.pk}/",
        requester=403,
        partner=403,
        outsider=404,
        expert_on=403,
        expert_off=404,
        coordinator=200,
        other_coordinator=404,
        admin=200,
    ),
    _page(
        "suggestions (htmx)",
        lambda w: f"/coordinator/aanvragen/{w.accepted.pk}/experts/suggesties/",
        htmx=True,
        requester=403,
        partner=403,
        outsider=404,
        expert_on=403,
        expert_off=404,
        coordinator=200,
        other_coordinator=404,
        admin=200,
    ),
    _page(
        "inbox",
        lambda w: "/coordinator/inbox/",
        requester=403,
        partner=403,
        outsider=403,
        expert_on=403,
        expert_off=403,
        coordinator=200,
        other_coordinator=200,
        admin=200,
    ),
    _page(
        "batch plan",
        lambda w: "/coordinator/planning/",
        requester=403,
        partner=403,
        outsider=403,
        expert_on=403,
        expert_off=403,
        coordinator=200,
        other_coordinator=200,
        admin=200,
    ),
    _page(
        "expert load",
        lambda w: "/coordinator/experts/",
        requester=403,
        partner=403,
        outsider=403,
        expert_on=403,
        expert_off=403,
        coordinator=200,
        other_coordinator=200,
        admin=200,
    ),
    _page(
        "requester approvals",
        lambda w: "/coordinator/aanmeldingen/",
        requester=403,
        partner=403,
        outsider=403,
        expert_on=403,
        expert_off=403,
        coordinator=200,
        other_coordinator=200,
        admin=200,
    ),
    _page(
        "an expert's profile",
        lambda w: f"/expert/{w.people['expert_on'].expert_profile.pk}/profiel/",
        requester=404,
        partner=404,
        outsider=404,
        expert_on=200,
        expert_off=404,
        coordinator=200,
        other_coordinator=404,
        admin=200,
    ),
    Check(
        "accept (page)",
        "post",
        lambda w: f"/coordinator/aanvragen/{w.submitted.pk}/accepteren/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 404,
            "expert_off": 404,
            "coordinator": 302,
            "other_coordinator": 404,
            "admin": 302,
        },
    ),
    Check(
        "withdraw (page)",
        "post",
        lambda w: f"/aanvragen/{w.submitted.pk}/intrekken/",
        {
            "requester": 302,
            "partner": 403,
            "outsider": 404,
            "expert_on": 404,
            "expert_off": 404,
            "coordinator": 403,
            "other_coordinator": 404,
            "admin": 302,
        },
    ),
    Check(
        "request (API)",
        "get",
        lambda w: f"/api/v1/requests/{w.accepted.pk}/",
        {
            "requester": 200,
            "partner": 200,
            "outsider": 404,
            "expert_on": 200,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
        api=True,
    ),
    Check(
        "accept (API)",
        "post",
        lambda w: f"/api/v1/requests/{w.submitted.pk}/accept/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 404,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
        api=True,
    ),
    Check(
        "withdraw (API)",
        "post",
        lambda w: f"/api/v1/requests/{w.submitted.pk}/withdraw/",
        {
            "requester": 200,
            "partner": 403,
            "outsider": 404,
            "expert_on": 404,
            "expert_off": 404,
            "coordinator": 403,
            "other_coordinator": 404,
            "admin": 200,
        },
        api=True,
    ),
    Check(
        "internal note (API)",
        "post",
        lambda w: f"/api/v1/requests/{w.accepted.pk}/notes/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 201,
            "expert_off": 404,
            "coordinator": 201,
            "other_coordinator": 404,
            "admin": 201,
        },
        data={"text": "Eerst de locaties."},
        api=True,
    ),
    Check(
        "edit an accepted request (API)",
        "patch",
        lambda w: f"/api/v1/requests/{w.accepted.pk}/",
        {
            "requester": 409,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 403,
            "other_coordinator": 404,
            "admin": 409,
        },
        data={"title": "Anders"},
        api=True,
    ),
    Check(
        "meeting page",
        "get",
        lambda w: f"/vergaderingen/{w.meeting.pk}/",
        {
            "requester": 200,
            "partner": 200,
            "outsider": 404,
            "expert_on": 200,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
    ),
    Check(
        "plan a meeting page",
        "get",
        lambda w: f"/coordinator/aanvragen/{w.accepted.pk}/vergadering-plannen/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
    ),
    Check(
        "cancel a meeting",
        "post",
        lambda w: f"/vergaderingen/{w.meeting.pk}/annuleren/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 302,
            "other_coordinator": 404,
            "admin": 302,
        },
        data={"reason": "Ziek"},
    ),
    Check(
        "a meeting (API)",
        "get",
        lambda w: f"/api/v1/meetings/{w.meeting.pk}/",
        {
            "requester": 200,
            "partner": 200,
            "outsider": 404,
            "expert_on": 200,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
        api=True,
    ),
    Check(
        "cancel a meeting (API)",
        "post",
        lambda w: f"/api/v1/meetings/{w.meeting.pk}/cancel/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
        data={"reason": "Ziek"},
        api=True,
    ),
    Check(
        "free slots (API)",
        "post",
        lambda w: "/api/v1/meetings/slots/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
        data_of=lambda w: {
            "request": w.accepted.pk,
            "attendees": [{"email": "a@b.nl", "required": True}],
            "first_day": "2027-04-12",
            "last_day": "2027-04-16",
            "duration_minutes": 60,
        },
        api=True,
    ),
    Check(
        "co-financing statement page",
        "get",
        lambda w: f"/aanvragen/{w.accepted.pk}/overzicht/",
        {
            "requester": 200,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
    ),
    Check(
        "offer co-financing",
        "post",
        lambda w: f"/coordinator/aanvragen/{w.accepted.pk}/cofinanciering/aanbod/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 302,
            "other_coordinator": 404,
            "admin": 302,
        },
        data={
            "hours": "80",
            "hourly_rate": "140",
            "programme_hours": "24",
            "requester_share": "0.5",
        },
    ),
    Check(
        "co-financing ledger (API)",
        "get",
        lambda w: f"/api/v1/requests/{w.accepted.pk}/cofinancing/",
        {
            "requester": 200,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
        api=True,
    ),
    Check(
        "offer co-financing (API)",
        "post",
        lambda w: f"/api/v1/requests/{w.accepted.pk}/cofinancing/offer/",
        {
            "requester": 403,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 200,
            "other_coordinator": 404,
            "admin": 200,
        },
        data={
            "hours": "80",
            "hourly_rate": "140",
            "programme_hours": "24",
            "requester_share": "0.5",
        },
        api=True,
    ),
    Check(
        "answer the offer (API; none is waiting)",
        "post",
        lambda w: f"/api/v1/requests/{w.accepted.pk}/cofinancing/answer/",
        {
            "requester": 409,
            "partner": 403,
            "outsider": 404,
            "expert_on": 403,
            "expert_off": 404,
            "coordinator": 403,
            "other_coordinator": 404,
            "admin": 403,
        },
        data={"accept": True},
        api=True,
    ),
]


# The figures (reports/permissions.py): a team's dashboard for its coordinators and admins; an
# organisation's figures for its members and admins; an expert's figures for that expert only.
_TEAM_FIGURES = {
    "requester": 403,
    "partner": 403,
    "outsider": 403,
    "expert_on": 403,
    "expert_off": 403,
    "coordinator": 200,
    "other_coordinator": 403,
    "admin": 200,
}
_OWN_ORGANISATIONS = {
    "requester": 200,
    "partner": 200,
    "outsider": 200,
    "expert_on": 403,
    "expert_off": 403,
    "coordinator": 403,
    "other_coordinator": 403,
    "admin": 403,
}
_VEENENDAAL_FIGURES = {
    "requester": 200,
    "partner": 403,
    "outsider": 403,
    "expert_on": 403,
    "expert_off": 403,
    "coordinator": 403,
    "other_coordinator": 403,
    "admin": 200,
}
_OWN_EXPERT = {
    "requester": 403,
    "partner": 403,
    "outsider": 403,
    "expert_on": 200,
    "expert_off": 200,
    "coordinator": 403,
    "other_coordinator": 403,
    "admin": 403,
}
CHECKS += [
    _page("dashboard", lambda w: "/coordinator/dashboard/?team=weer-thuis", **_TEAM_FIGURES),
    _page(
        "dashboard table as CSV",
        lambda w: "/coordinator/dashboard/statussen.csv?team=weer-thuis",
        **_TEAM_FIGURES,
    ),
    _page(
        "dashboard chart",
        lambda w: "/coordinator/dashboard/grafiek/statussen.svg?team=weer-thuis",
        **_TEAM_FIGURES,
    ),
    _page(
        "yearly overview", lambda w: "/coordinator/jaaroverzicht/?team=weer-thuis", **_TEAM_FIGURES
    ),
    _page("own organisations' figures", lambda w: "/aanvrager/cijfers/", **_OWN_ORGANISATIONS),
    _page(
        "Veenendaal's figures as CSV",
        lambda w: f"/aanvrager/cijfers/{w.accepted.lead_organisation_id}.csv",
        **_VEENENDAAL_FIGURES,
    ),
    _page("own expert figures", lambda w: "/expert/cijfers/", **_OWN_EXPERT),
    Check(
        "dashboard (API)",
        "get",
        lambda w: "/api/v1/reports/dashboard/?team=weer-thuis",
        _TEAM_FIGURES,
        api=True,
    ),
    Check(
        "Veenendaal's figures (API)",
        "get",
        lambda w: f"/api/v1/reports/organisations/{w.accepted.lead_organisation_id}/",
        _VEENENDAAL_FIGURES,
        api=True,
    ),
    Check(
        "own expert figures (API)",
        "get",
        lambda w: "/api/v1/reports/expert/",
        _OWN_EXPERT,
        api=True,
    ),
]


@pytest.mark.parametrize("check", CHECKS, ids=[check.name for check in CHECKS])
@pytest.mark.parametrize("role", ROLES)
def test_the_permission_matrix(world, check, role):
    person = world.people[role]
    client = APIClient() if check.api else Client()
    client.force_login(person)
    client.cookies["django_language"] = "en"
    send = getattr(client, check.method)
    if check.htmx:
        client.defaults["HTTP_HX_REQUEST"] = "true"
    if check.api:
        response = send(check.url(world), check.payload(world), format="json")
    else:
        response = send(check.url(world), check.payload(world))
    assert response.status_code == check.expected[role], (
        f"{role} on {check.name}: {response.status_code}, expected {check.expected[role]}"
    )


@pytest.mark.parametrize("check", CHECKS, ids=[check.name for check in CHECKS])
def test_signed_out_visitors_are_asked_to_sign_in(world, check):
    client = APIClient() if check.api else Client()
    response = getattr(client, check.method)(check.url(world), check.payload(world))
    if check.api:
        assert response.status_code == 401
    elif check.htmx:
        assert response.status_code == 302
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")


def test_the_matrix_names_every_role_for_every_check():
    assert all(set(check.expected) == set(ROLES) for check in CHECKS)


# --- the satisfaction survey: the signed link is the key ----------------------------------------


@pytest.mark.parametrize("role", [*ROLES, "signed_out"])
def test_the_survey_link_is_its_own_key_and_an_altered_one_opens_nothing(
    world, role, weer_thuis, coordinator_weer_thuis
):
    """No sign-in: whoever holds the link mailed to a requester answers, as that requester
    (mail scanners and shared computers included: opening it changes nothing). A link altered
    by one character is refused alike for every role."""
    completed = completed_request(
        requester=world.people["requester"], team=weer_thuis, coordinator=coordinator_weer_thuis
    )
    token = survey_token(
        SatisfactionResponse.objects.get(request=completed), world.people["requester"]
    )
    client = Client()
    client.cookies["django_language"] = "en"
    if role != "signed_out":
        client.force_login(world.people[role])
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/tevredenheid/{token}/").status_code == 200
    assert client.get(f"/tevredenheid/{altered}/").status_code == 400
    assert client.post(f"/tevredenheid/{altered}/", {"score": "5"}).status_code == 400
    assert SatisfactionResponse.objects.get(request=completed).answered_at is None
