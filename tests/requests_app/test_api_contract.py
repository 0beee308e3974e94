"""The API keeps its own contract (issue #9): every error is JSON in the caller's language, a
bad query value is a 400 on its field, and the schema states the rules instead of describing
them (the fuzz test, test_api_fuzz.py, holds every answer to the schema)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.requests_app.api_support import token_client

pytestmark = pytest.mark.django_db


def test_a_path_under_api_that_names_no_operation_answers_json(requester):
    client = token_client(requester)

    for path in ("/api/v1/requests/abc/", "/api/v1/nothing/", "/api/v2/"):
        response = client.get(path)

        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert response.json() == {"detail": "Not found."}, path


def test_a_page_outside_the_api_still_answers_the_html_404_page(client: Client):
    response = client.get("/bestaat-niet/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "last", "%00"])
def test_a_page_number_that_is_no_whole_number_from_1_is_a_400_on_page(requester, page):
    response = token_client(requester).get(f"/api/v1/teams/?page={page}")

    assert response.status_code == 400
    assert response.json() == {"page": ["Give a page number: a whole number from 1."]}


def test_a_page_beyond_the_end_is_a_404_and_page_1_always_answers(requester):
    client = token_client(requester)

    assert client.get("/api/v1/teams/?page=1").json()["count"] == 2
    assert client.get("/api/v1/teams/?page=0001").status_code == 200
    beyond = client.get("/api/v1/teams/?page=2")
    assert (beyond.status_code, beyond.json()) == (404, {"detail": "Invalid page."})
    assert client.get("/api/v1/teams/?page=99999999999999999999999").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/themes/?active=290",
        "/api/v1/organisations/?active=290",
        "/api/v1/requests/?overdue=2",
    ],
)
def test_a_boolean_filter_takes_true_or_false_and_refuses_anything_else(requester, path):
    response = token_client(requester).get(path)

    name = path.split("?")[1].split("=")[0]
    assert response.status_code == 400
    assert response.json() == {name: ["Use “true” or “false”."]}


def test_a_boolean_filter_filters(requester):
    from experts.models import Theme

    Theme.objects.filter(slug="anders-wonen").update(active=False)
    client = token_client(requester)

    inactive = client.get("/api/v1/themes/?active=false").json()["results"]
    active = client.get("/api/v1/themes/?active=1").json()["results"]

    assert [theme["slug"] for theme in inactive] == ["anders-wonen"]
    assert "anders-wonen" not in {theme["slug"] for theme in active}
    assert len(active) == Theme.objects.count() - 1


def test_an_unknown_team_for_the_themes_is_a_400(requester):
    response = token_client(requester).get("/api/v1/themes/?teams__slug=onbekend")

    assert response.status_code == 400
    assert list(response.json()) == ["teams__slug"]


def test_a_meeting_list_filtered_by_something_that_is_no_request_id_is_a_400(requester):
    client = token_client(requester)

    assert client.get("/api/v1/meetings/?request=abc").status_code == 400
    assert client.get("/api/v1/meetings/?request=0").status_code == 400
    assert client.get("/api/v1/meetings/?request=12").json()["results"] == []


def test_a_lookup_that_finds_nothing_answers_in_the_callers_language(requester):
    client = token_client(requester)
    client.cookies.clear()  # no language chosen: the API call's Accept-Language decides

    dutch = client.get("/api/v1/teams/onbekend/", headers={"Accept-Language": "nl"})
    english = client.get("/api/v1/teams/onbekend/", headers={"Accept-Language": "en"})
    unmatched = client.get("/api/v1/requests/abc/", headers={"Accept-Language": "nl"})

    assert (dutch.status_code, dutch.json()) == (404, {"detail": "Niet gevonden."})
    assert english.json() == {"detail": "Not found."}
    assert unmatched.json() == {"detail": "Niet gevonden."}


def test_an_unset_free_busy_address_is_null_and_null_clears_it(expert):
    client = token_client(expert)
    profile = f"/api/v1/experts/{expert.expert_profile.pk}/"

    assert client.get(profile).json()["free_busy_url"] is None
    set_ = client.patch(profile, {"free_busy_url": "https://agenda.example.nl/vb.ics"})
    cleared = client.patch(profile, {"free_busy_url": None})

    assert set_.json()["free_busy_url"] == "https://agenda.example.nl/vb.ics"
    assert (cleared.status_code, cleared.json()["free_busy_url"]) == (200, None)


# --- the schema states the rules ---------------------------------------------------------------


def _schema_document() -> dict:
    return Client().get("/api/schema/", {"format": "json"}).json()


def _parameter(operation: dict, name: str) -> dict:
    return next(p for p in operation["parameters"] if p["name"] == name)["schema"]


def test_the_schema_states_ranges_and_rules_as_constraints():
    schema = _schema_document()
    paths, components = schema["paths"], schema["components"]["schemas"]

    load = paths["/api/v1/experts/{id}/load/"]["get"]
    suggestions = paths["/api/v1/requests/{id}/suggestions/"]["get"]
    weeks, limit = _parameter(load, "weeks"), _parameter(suggestions, "limit")
    assert (weeks["minimum"], weeks["maximum"], weeks["default"]) == (1, 26, 12)
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 50, 10)
    assert _parameter(paths["/api/v1/teams/"]["get"], "page") == {"type": "integer", "minimum": 1}
    assert components["DeclineAssignment"]["required"] == ["reason"]
    assert components["DeclineAssignment"]["properties"]["reason"]["minLength"] == 1
    assert components["InternalNoteInput"]["required"] == ["text"]
    assert components["TokenRequest"]["properties"]["password"]["minLength"] == 1
    assert components["PlanApplyInput"]["properties"]["pairs"]["minItems"] == 1
    assert components["PlanApplyInput"]["properties"]["pairs"]["maxItems"] == 1000
    theme = _parameter(paths["/api/v1/requests/"]["get"], "theme")
    assert "anders-wonen" in theme["enum"]
    assert "onbekend" not in theme["enum"]
    themes = components["AdviceRequestWrite"]["properties"]["themes"]["items"]["oneOf"]
    assert {"type": "integer"} in themes
    assert next(o for o in themes if o["type"] == "string")["enum"] == theme["enum"]
    assert _parameter(paths["/api/v1/requests/"]["get"], "team")["enum"] == [
        "weer-thuis",
        "woningbouw",
        "none",
    ]
    free_busy = components["ExpertDetail"]["properties"]["free_busy_url"]
    assert (free_busy["format"], free_busy["nullable"]) == ("uri", True)


def test_every_operation_documents_its_errors_with_their_bodies():
    schema = _schema_document()
    # A 400 has messages per field; only DELETE …/auth/token/ declares its own (a session call).
    refs = {"400": {"FieldErrors"}, "401": {"Detail"}, "403": {"Detail"}, "404": {"Detail"}}

    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if operation.get("security"):
                assert {"401", "403"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            if "requestBody" in operation or any(
                p["in"] == "query" for p in operation.get("parameters", [])
            ):
                assert "400" in responses, (method, path)
            if (method, path) == ("delete", "/api/v1/auth/token/"):
                responses = {k: v for k, v in responses.items() if k != "400"}
            for status, names in refs.items():
                if status in responses:
                    content = responses[status]["content"]["application/json"]["schema"]
                    assert content["$ref"].rsplit("/", 1)[1] in names, (method, path)
    sign_in = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "401" not in sign_in
    assert "409" not in schema["paths"]["/api/v1/teams/"]["get"]["responses"]
    assert "409" in schema["paths"]["/api/v1/requests/{id}/accept/"]["post"]["responses"]


@pytest.mark.parametrize("ordering", ["titel", "reference,", "-reference,title", "%00"])
def test_an_ordering_the_list_does_not_offer_is_a_400_naming_what_it_does(requester, ordering):
    response = token_client(requester).get(f"/api/v1/requests/?ordering={ordering}")

    assert response.status_code == 400
    assert response.json() == {
        "ordering": [
            "Order by submitted_at, triage_deadline, reference; a “-” before one reverses it."
        ]
    }


def test_the_schema_says_which_orderings_a_list_offers_and_lists_offer_no_idle_parameters():
    import re

    paths = _schema_document()["paths"]
    ordering = _parameter(paths["/api/v1/requests/"]["get"], "ordering")
    pattern = re.compile(ordering["pattern"])

    assert pattern.match("-submitted_at,reference")
    assert not pattern.match("title")
    assert not pattern.match("reference,")
    for path in ("/api/v1/meetings/", "/api/v1/feeds/", "/api/v1/time-entries/"):
        names = {p["name"] for p in paths[path]["get"]["parameters"]}
        assert not names & {"search", "ordering"}, path


def test_the_answers_every_operation_documents_are_given_as_documented(requester):
    from rest_framework.test import APIClient

    client = token_client(requester)
    form = client.post("/api/v1/requests/", {"title": "x"}, format="multipart")
    stranger = APIClient(headers={"Authorization": "Token onbekend"}).get("/api/v1/teams/")
    nobody = APIClient().get("/api/v1/teams/")

    assert form.status_code == 415
    assert list(form.json()) == ["detail"]
    assert (stranger.status_code, list(stranger.json())) == (401, ["detail"])
    assert (nobody.status_code, list(nobody.json())) == (401, ["detail"])
