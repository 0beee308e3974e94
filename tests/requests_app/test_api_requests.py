"""/api/v1/requests/: list, detail, create and edit — what each role sees and may change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from experts.models import Theme
from organisations.models import Organisation
from requests_app import selectors
from requests_app.enums import Status
from requests_app.event_descriptions import describe
from requests_app.filters import AdviceRequestFilter
from requests_app.models import AdviceRequest, Event
from requests_app.services import lifecycle, notes
from tests.factories import MembershipFactory, file_request
from tests.requests_app.api_support import english_client, session_client, token_client, url

pytestmark = pytest.mark.django_db


def _references(response) -> list[str | None]:
    return [row["reference"] for row in response.json()["results"]]


# --- list ------------------------------------------------------------------------------------


def _ask_for_information(coordinator, advice_request) -> None:
    lifecycle.transition(
        actor=coordinator, request_id=advice_request.pk, action="ask_info", note="Welke regio?"
    )


def _make_overdue(advice_request) -> None:
    # Straight to the database: a deadline in the past, without waiting for it.
    AdviceRequest.objects.filter(pk=advice_request.pk).update(
        triage_deadline=timezone.localdate() - dt.timedelta(days=1)
    )


def test_a_requester_lists_the_own_organisations_requests_drafts_included(
    requester, requester_ede, weer_thuis
):
    own = file_request(requester=requester, team=weer_thuis)
    draft = file_request(requester=requester, submit=False, title="Nog niet klaar")
    file_request(requester=requester_ede, team=weer_thuis)

    response = token_client(requester).get(url())

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [row["id"] for row in body["results"]] == [draft.pk, own.pk]  # newest first
    assert body["results"][1]["lead_organisation"]["cbs_code"] == "GM0345"
    assert body["results"][1]["team"]["slug"] == "weer-thuis"
    assert body["results"][1]["themes"][0]["slug"] == "anders-wonen"
    assert "internal" not in body["results"][1]


def test_a_partner_organisations_requester_sees_the_request_but_not_its_draft(
    requester, requester_ede, ede, weer_thuis
):
    filed = file_request(requester=requester, team=weer_thuis, partners=[ede])
    file_request(requester=requester, submit=False, partners=[ede])

    response = token_client(requester_ede).get(url())

    assert [row["id"] for row in response.json()["results"]] == [filed.pk]


def test_a_coordinator_lists_the_teams_requests_and_undecided_ones_but_no_drafts(
    requester, coordinator_woningbouw, weer_thuis, woningbouw
):
    for_woningbouw = file_request(requester=requester, team=woningbouw)
    undecided = file_request(requester=requester, team=None)
    file_request(requester=requester, team=weer_thuis)
    file_request(requester=requester, team=woningbouw, submit=False)

    response = token_client(coordinator_woningbouw).get(url())

    assert {row["id"] for row in response.json()["results"]} == {for_woningbouw.pk, undecided.pk}


def test_the_list_filters_by_team_status_theme_municipality_and_overdue(
    requester, requester_ede, ede, coordinator_weer_thuis, weer_thuis
):
    business_case = Theme.objects.get(slug="businesscase")
    veenendaal_request = file_request(requester=requester, team=weer_thuis)
    with_ede_as_partner = file_request(
        requester=requester, team=weer_thuis, partners=[ede], themes=[business_case]
    )
    ede_request = file_request(requester=requester_ede, team=None)
    asked = file_request(requester=requester, team=weer_thuis)
    _ask_for_information(coordinator_weer_thuis, asked)
    _make_overdue(veenendaal_request)
    client = token_client(coordinator_weer_thuis)

    def ids(query: str) -> set[int]:
        response = client.get(url(f"?{query}"))
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids("team=weer-thuis") == {veenendaal_request.pk, with_ede_as_partner.pk, asked.pk}
    assert ids("team=none") == {ede_request.pk}
    assert ids("status=needs_info") == {asked.pk}
    assert ids("status=needs_info&status=submitted") == {
        veenendaal_request.pk,
        with_ede_as_partner.pk,
        ede_request.pk,
        asked.pk,
    }
    assert ids("theme=businesscase") == {with_ede_as_partner.pk}
    # the lead organisation, by CBS code, id or name (the same filters as the inbox page)
    assert ids("municipality=GM0228") == {ede_request.pk}
    assert ids(f"municipality={ede.pk}") == {ede_request.pk}
    assert ids("municipality=veenendaal") == {
        veenendaal_request.pk,
        with_ede_as_partner.pk,
        asked.pk,
    }
    assert ids("overdue=true") == {veenendaal_request.pk}
    assert ids("overdue=false") == {with_ede_as_partner.pk, ede_request.pk, asked.pk}


def test_the_unfiltered_list_is_what_the_filters_give_when_none_is_asked(
    requester, requester_ede, coordinator_weer_thuis, weer_thuis
):
    # The list builds no FilterSet when the query string names no filter (for speed); that
    # is only right while the filters, given nothing, leave the list as it is.
    file_request(requester=requester, team=weer_thuis)
    file_request(requester=requester_ede, team=None)
    asked = file_request(requester=requester, team=weer_thuis)
    _ask_for_information(coordinator_weer_thuis, asked)
    _make_overdue(asked)

    client = token_client(coordinator_weer_thuis)
    listed = client.get(url()).json()["results"]

    filtered = AdviceRequestFilter(
        QueryDict(), queryset=selectors.visible_requests(coordinator_weer_thuis)
    ).qs.order_by("-created_at", "-id")
    assert len(listed) == 3
    assert [row["id"] for row in listed] == list(filtered.values_list("id", flat=True))
    # and a filter named without a value narrows nothing either (a form's "all")
    for name in AdviceRequestFilter.base_filters:
        response = client.get(url(f"?{name}="))
        assert response.status_code == 200, (name, response.json())
        assert response.json()["results"] == listed, name


def test_an_unknown_filter_value_is_a_400_with_the_parameter_named(coordinator_weer_thuis):
    client = token_client(coordinator_weer_thuis)

    assert client.get(url("?team=nope")).json() == {
        "team": ["Select a valid choice. nope is not one of the available choices."]
    }
    assert client.get(url("?theme=nope")).json() == {
        "theme": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert client.get(url("?municipality=GM9999")).json() == {
        "municipality": ["No organisation with CBS code, number or name “GM9999”."]
    }
    assert client.get(url("?overdue=perhaps")).json() == {"overdue": ["Use “true” or “false”."]}
    assert client.get(url("?status=open")).status_code == 400


def test_search_finds_by_reference_title_and_organisation_name(
    requester, requester_ede, coordinator_weer_thuis, weer_thuis
):
    housing_first = file_request(requester=requester, team=weer_thuis, title="Housing First pilot")
    ede_request = file_request(
        requester=requester_ede, team=weer_thuis, title="Tijdelijke woningen"
    )
    client = token_client(coordinator_weer_thuis)

    def ids(text: str) -> list[int]:
        return [row["id"] for row in client.get(url(), {"q": text}).json()["results"]]

    assert ids(housing_first.reference) == [housing_first.pk]
    assert ids("Housing") == [housing_first.pk]
    assert ids("Ede") == [ede_request.pk]
    assert ids("") == [ede_request.pk, housing_first.pk]


def test_the_list_orders_by_reference_deadline_and_submission(
    requester, coordinator_weer_thuis, weer_thuis
):
    first = file_request(requester=requester, team=weer_thuis)
    second = file_request(requester=requester, team=weer_thuis)
    AdviceRequest.objects.filter(pk=first.pk).update(
        triage_deadline=second.triage_deadline + dt.timedelta(days=3)
    )
    client = token_client(coordinator_weer_thuis)

    assert _references(client.get(url("?ordering=reference"))) == [
        first.reference,
        second.reference,
    ]
    assert _references(client.get(url("?ordering=-reference"))) == [
        second.reference,
        first.reference,
    ]
    assert _references(client.get(url("?ordering=triage_deadline"))) == [
        second.reference,
        first.reference,
    ]
    assert _references(client.get(url("?ordering=-submitted_at"))) == [
        second.reference,
        first.reference,
    ]


def test_the_list_is_paginated_fifty_a_page(requester, weer_thuis):
    for number in range(51):
        file_request(requester=requester, team=weer_thuis, submit=False, title=f"Vraag {number}")
    client = token_client(requester)

    first_page = client.get(url()).json()
    second_page = client.get(first_page["next"]).json()

    assert first_page["count"] == 51
    assert len(first_page["results"]) == 50
    assert [row["title"] for row in second_page["results"]] == ["Vraag 0"]
    assert client.get(url("?page=3")).status_code == 404


def test_signed_out_callers_get_nothing(requester):
    request = file_request(requester=requester)
    anonymous = english_client()

    for response in (
        anonymous.get(url()),
        anonymous.get(url(f"{request.pk}/")),
        anonymous.post(url(f"{request.pk}/withdraw/")),
        anonymous.get("/api/v1/organisations/"),
    ):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"
        assert response.json() == {"detail": "Authentication credentials were not provided."}


# --- detail ----------------------------------------------------------------------------------


def test_a_requester_of_another_organisation_gets_404_on_the_detail(
    requester, requester_ede, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)

    response = token_client(requester_ede).get(url(f"{request.pk}/"))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_coordinator_of_the_other_team_gets_404_on_the_detail(
    requester, coordinator_woningbouw, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)

    assert token_client(coordinator_woningbouw).get(url(f"{request.pk}/")).status_code == 404


def test_a_coordinator_gets_404_for_a_draft_and_for_an_id_that_does_not_exist(
    requester, coordinator_weer_thuis, weer_thuis
):
    draft = file_request(requester=requester, team=weer_thuis, submit=False)
    client = token_client(coordinator_weer_thuis)

    assert client.get(url(f"{draft.pk}/")).status_code == 404
    assert client.get(url("999999/")).status_code == 404
    assert client.get(url("99999999999999999999999999/")).status_code == 404
    assert client.get(url("abc/")).status_code == 404


def test_internal_fields_are_shown_to_the_coordinator_and_hidden_from_the_requester(
    requester, coordinator_weer_thuis, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    notes.add_internal_note(
        actor=coordinator_weer_thuis, request_id=request.pk, text="Past bij Sanne."
    )

    as_requester = token_client(requester).get(url(f"{request.pk}/")).json()
    as_coordinator = token_client(coordinator_weer_thuis).get(url(f"{request.pk}/")).json()

    assert as_requester["internal"] is None
    assert as_requester["actions"] == ["withdraw"]
    assert as_coordinator["internal"]["escalation_level"] == 0
    assert [note["text"] for note in as_coordinator["internal"]["notes"]] == ["Past bij Sanne."]
    assert as_coordinator["internal"]["notes"][0]["author"]["id"] == coordinator_weer_thuis.pk
    assert as_coordinator["actions"] == ["accept", "decline", "ask_info"]
    assert as_coordinator["can_route"] is True
    assert as_coordinator["can_edit"] is False


# --- create ----------------------------------------------------------------------------------


def test_a_requester_creates_a_draft_with_themes_partners_team_and_contacts(
    requester, veenendaal, ede
):
    colleague = MembershipFactory(organisation=veenendaal, user__email="co@veenendaal.nl").user
    regional = Theme.objects.get(slug="regionale-samenwerking")

    response = token_client(requester).post(
        url(),
        {
            "lead_organisation": "GM0345",
            "title": "Anders Wonen",
            "question": "Hoe maken we een businesscase?",
            "team": "weer-thuis",
            "themes": ["anders-wonen", regional.pk],
            "partners": [ede.pk, "GM0203"],
            "desired_results": ["business_case", "declaration_of_intent"],
            "desired_start": "2027-01-04",
            "desired_end": "2027-06-30",
            "contacts": [requester.pk, colleague.pk],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["reference"] is None
    assert body["team"]["slug"] == "weer-thuis"
    assert sorted(theme["slug"] for theme in body["themes"]) == [
        "anders-wonen",
        "regionale-samenwerking",
    ]
    assert sorted(org["name"] for org in body["partners"]) == ["Barneveld", "Ede"]
    assert sorted(contact["email"] for contact in body["contacts"]) == [
        "co@veenendaal.nl",
        "rik@veenendaal.nl",
    ]
    assert body["actions"] == ["submit", "withdraw"]
    assert body["can_edit"] is True
    saved = AdviceRequest.objects.get(pk=body["id"])
    assert saved.lead_organisation == veenendaal
    assert saved.created_by == requester
    assert saved.desired_end == dt.date(2027, 6, 30)
    assert list(saved.events.values_list("action", flat=True)) == ["request.created"]


def test_creating_with_an_unknown_theme_is_a_400_naming_it(requester):
    response = token_client(requester).post(
        url(),
        {"lead_organisation": "GM0345", "title": "Vraag", "themes": ["anders-wonen", "onzin"]},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"themes": ["Unknown theme: onzin."]}
    assert AdviceRequest.objects.count() == 0


def test_creating_passes_on_the_services_field_messages(requester, veenendaal):
    response = token_client(requester).post(
        url(),
        {
            "lead_organisation": veenendaal.pk,
            "title": " ",
            "partners": ["GM0345"],
            "desired_start": "2027-06-01",
            "desired_end": "2027-01-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "title": ["Give the request a short title."],
        "partners": ["The lead organisation cannot also be a partner."],
        "desired_end": ["The desired end lies before the desired start."],
    }


def test_a_contact_person_must_work_for_the_lead_organisation(requester, requester_ede):
    for stranger in (requester_ede.pk, 987654):
        response = token_client(requester).post(
            url(),
            {"lead_organisation": "GM0345", "title": "Vraag", "contacts": [stranger]},
            format="json",
        )

        assert response.status_code == 400
        assert response.json() == {
            "contacts": ["Contact persons must work for the lead organisation."]
        }


def test_nobody_files_for_an_organisation_they_do_not_work_for(requester, coordinator_weer_thuis):
    for user in (requester, coordinator_weer_thuis):
        response = token_client(user).post(
            url(), {"lead_organisation": "GM0228", "title": "Vraag"}, format="json"
        )

        assert response.status_code == 403
    assert AdviceRequest.objects.count() == 0


def test_a_merged_away_municipality_cannot_file(requester, veenendaal):
    Organisation.objects.filter(pk=veenendaal.pk).update(active=False)

    response = token_client(requester).post(
        url(), {"lead_organisation": "GM0345", "title": "Vraag"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "lead_organisation": ["This organisation can no longer file requests."]
    }


def test_the_status_cannot_be_given_on_create(requester):
    response = token_client(requester).post(
        url(),
        {"lead_organisation": "GM0345", "title": "Vraag", "status": "accepted"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert AdviceRequest.objects.count() == 0


def test_a_session_client_needs_the_csrf_token_to_create(requester):
    client = session_client(requester)

    response = client.post(url(), {"lead_organisation": "GM0345", "title": "Vraag"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


# --- edit ------------------------------------------------------------------------------------


def test_a_patch_changes_only_the_given_fields_of_a_draft(requester, ede, weer_thuis):
    draft = file_request(requester=requester, team=weer_thuis, submit=False, partners=[ede])
    client = token_client(requester)

    response = client.patch(
        url(f"{draft.pk}/"),
        {"question": "Nieuwe vraag", "themes": ["housing-first"]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert draft.question == "Nieuwe vraag"
    assert draft.title == "Anders Wonen in de regio"
    assert draft.team == weer_thuis
    assert [theme.slug for theme in draft.themes.all()] == ["housing-first"]
    assert [org.name for org in draft.partners.all()] == ["Ede"]


def test_a_put_replaces_the_whole_text(requester, ede, weer_thuis):
    draft = file_request(requester=requester, team=weer_thuis, submit=False, partners=[ede])

    response = token_client(requester).put(
        url(f"{draft.pk}/"), {"title": "Alleen een titel"}, format="json"
    )

    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert draft.title == "Alleen een titel"
    assert draft.question == ""
    assert draft.team is None
    assert list(draft.partners.all()) == []
    assert list(draft.contacts.all()) == [requester]


def test_a_patch_of_the_status_is_refused_and_changes_nothing(requester):
    draft = file_request(requester=requester, submit=False)

    response = token_client(requester).patch(
        url(f"{draft.pk}/"), {"status": "accepted", "title": "Nieuw"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "status": [
            "The status cannot be written; it changes through the actions, "
            "e.g. POST /api/v1/requests/{id}/submit/."
        ]
    }
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (Status.DRAFT, "Anders Wonen in de regio")


def test_a_submitted_request_can_no_longer_be_edited_409(requester, weer_thuis):
    request = file_request(requester=requester, team=weer_thuis)

    response = token_client(requester).patch(
        url(f"{request.pk}/"), {"title": "Nieuw"}, format="json"
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "A request that is “Submitted” can no longer be changed.",
        "status": "submitted",
    }


def test_the_requester_edits_again_when_information_is_asked(
    requester, coordinator_weer_thuis, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(
        actor=coordinator_weer_thuis, request_id=request.pk, action="ask_info", note="Welke regio?"
    )

    response = token_client(requester).patch(
        url(f"{request.pk}/"), {"question": "Regio Foodvalley."}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["question"] == "Regio Foodvalley."
    assert response.json()["status"] == "needs_info"
    assert request.events.filter(action="request.edited").count() == 1


def test_a_coordinator_may_see_but_not_edit_the_text_403(
    requester, coordinator_weer_thuis, weer_thuis
):
    request = file_request(requester=requester, team=weer_thuis)
    lifecycle.transition(
        actor=coordinator_weer_thuis, request_id=request.pk, action="ask_info", note="Welke regio?"
    )

    response = token_client(coordinator_weer_thuis).patch(
        url(f"{request.pk}/"), {"title": "Anders"}, format="json"
    )

    assert response.status_code == 403
    request.refresh_from_db()
    assert request.title == "Anders Wonen in de regio"


def test_another_organisation_gets_404_on_edit(requester, requester_ede):
    draft = file_request(requester=requester, submit=False)

    response = token_client(requester_ede).patch(url(f"{draft.pk}/"), {"title": "X"}, format="json")

    assert response.status_code == 404


def test_the_lead_organisation_cannot_change(requester, requester_ede):
    draft = file_request(requester=requester, submit=False)

    response = token_client(requester).patch(
        url(f"{draft.pk}/"), {"lead_organisation": "GM0228"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "lead_organisation": ["The lead organisation of a request cannot change."]
    }


# --- the count kept between calls --------------------------------------------------------------


def _change_in_admin(client, advice_request, **changes) -> None:
    """Post the admin's change form of ``advice_request`` as shown, with ``changes``."""
    path = reverse("admin:requests_app_advicerequest_change", args=[advice_request.pk])
    page = client.get(path)
    forms = [page.context["adminform"].form]
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        forms.extend(formset.forms)
        data.update(
            {
                formset.management_form.add_prefix(name): value
                for name, value in formset.management_form.initial.items()
            }
        )
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value not in (None, False):
                data[form.add_prefix(name)] = value
                if field.show_hidden_initial:  # as the page's hidden input does
                    data[form.add_initial_prefix(name)] = value
    data.update(changes)
    response = client.post(path, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_the_count_follows_every_change_at_once(
    requester,
    requester_ede,
    coordinator_weer_thuis,
    coordinator_woningbouw,
    admin_user,
    weer_thuis,
    woningbouw,
    django_capture_on_commit_callbacks,
):
    moved = file_request(requester=requester, team=weer_thuis)
    weer_thuis_client = token_client(coordinator_weer_thuis)
    woningbouw_client = token_client(coordinator_woningbouw)
    assert weer_thuis_client.get(url()).json()["count"] == 1
    assert weer_thuis_client.get(url()).json()["count"] == 1  # the second one is kept

    with django_capture_on_commit_callbacks(execute=True):  # the version moves on commit
        file_request(requester=requester_ede, team=None)  # undecided: both teams see it
    assert weer_thuis_client.get(url()).json()["count"] == 2
    assert woningbouw_client.get(url()).json()["count"] == 1

    # An administrator moves the first request to Woningbouw: no service, but an event.
    admin = Client()
    admin.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        _change_in_admin(admin, moved, team=woningbouw.pk)

    assert woningbouw_client.get(url()).json()["count"] == 2
    assert weer_thuis_client.get(url()).json()["count"] == 1
    # and the timeline says so, in words
    event = Event.objects.filter(request=moved).latest("id")
    with translation.override("nl"):
        entry = describe(event, teams={}, show_deadline=False)
    assert (entry.title, entry.detail) == ("Gewijzigd door een functioneel beheerder", "team")
