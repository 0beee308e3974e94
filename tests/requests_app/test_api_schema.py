"""The OpenAPI schema validates without a single warning, and the docs page obeys the CSP."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import yaml
from django.core.management import call_command
from django.test import Client

from tests.requests_app.api_support import session_client

pytestmark = pytest.mark.django_db


def test_the_schema_validates_and_generating_it_gives_no_warnings(tmp_path):
    schema_file = tmp_path / "schema.yaml"

    # --fail-on-warn turns every warning (an untyped SerializerMethodField, an unnamed enum,
    # a path parameter of unknown type) into an error that fails this test.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema_file))

    schema = yaml.safe_load(schema_file.read_text())
    assert schema["openapi"].startswith("3.")
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert {
        ("GET", "/api/v1/requests/"),
        ("POST", "/api/v1/requests/"),
        ("GET", "/api/v1/requests/{id}/"),
        ("PUT", "/api/v1/requests/{id}/"),
        ("PATCH", "/api/v1/requests/{id}/"),
        *{
            ("POST", f"/api/v1/requests/{{id}}/{action}/")
            for action in [
                "submit",
                "accept",
                "decline",
                "ask-info",
                "provide-info",
                "withdraw",
                "start",
                "complete",
                "close",
                "route",
                "notes",
            ]
        },
        ("GET", "/api/v1/requests/{id}/events/"),
        ("GET", "/api/v1/requests/{id}/notes/"),
        ("GET", "/api/v1/organisations/"),
        ("GET", "/api/v1/teams/"),
        ("GET", "/api/v1/themes/"),
        ("POST", "/api/v1/auth/token/"),
        ("DELETE", "/api/v1/auth/token/"),
        ("GET", "/api/v1/auth/tokens/"),
        ("DELETE", "/api/v1/auth/tokens/{id}/"),
        ("GET", "/api/v1/requests/{id}/suggestions/"),
        ("GET", "/api/v1/requests/{id}/assignments/"),
        ("POST", "/api/v1/requests/{id}/assignments/"),
        ("GET", "/api/v1/assignments/"),
        ("GET", "/api/v1/assignments/{id}/"),
        ("POST", "/api/v1/assignments/{id}/accept/"),
        ("POST", "/api/v1/assignments/{id}/decline/"),
        ("POST", "/api/v1/assignments/{id}/release/"),
        ("GET", "/api/v1/experts/"),
        ("GET", "/api/v1/experts/me/"),
        ("GET", "/api/v1/experts/{id}/"),
        ("PATCH", "/api/v1/experts/{id}/"),
        ("GET", "/api/v1/experts/{id}/load/"),
        ("POST", "/api/v1/plan/compute/"),
        ("POST", "/api/v1/plan/apply/"),
    } <= operations
    assert ("PUT", "/api/v1/experts/{id}/") not in operations
    tokens = {
        (method.upper(), path): sorted(schema["paths"][path][method]["responses"])
        for path in ("/api/v1/auth/token/", "/api/v1/auth/tokens/", "/api/v1/auth/tokens/{id}/")
        for method in schema["paths"][path]
    }
    assert tokens == {
        ("POST", "/api/v1/auth/token/"): ["200", "400", "403", "415", "429"],
        ("DELETE", "/api/v1/auth/token/"): ["204", "400", "401", "403"],
        ("GET", "/api/v1/auth/tokens/"): ["200", "400", "401", "403", "404"],
        ("DELETE", "/api/v1/auth/tokens/{id}/"): ["204", "401", "403", "404"],
    }
    listed = schema["paths"]["/api/v1/auth/tokens/"]["get"]["responses"]["200"]
    assert listed["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedApiTokenList"
    }
    assert "token" not in schema["components"]["schemas"]["ApiToken"]["properties"]
    write = schema["components"]["schemas"]["AdviceRequestWrite"]["properties"]
    assert "status" not in write
    conflict = schema["paths"]["/api/v1/requests/{id}/accept/"]["post"]["responses"]["409"]
    assert conflict["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Conflict"
    }
    decline = schema["paths"]["/api/v1/requests/{id}/decline/"]["post"]["requestBody"]
    assert decline["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/NoteRequiredTransition"
    }
    assert schema["components"]["schemas"]["NoteRequiredTransition"]["required"] == ["note"]
    # Requests and assignments each name their own statuses in a 409.
    assign = schema["paths"]["/api/v1/requests/{id}/assignments/"]["post"]["responses"]["409"]
    assert assign["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Conflict"
    }
    answer = schema["paths"]["/api/v1/assignments/{id}/accept/"]["post"]["responses"]["409"]
    assert answer["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AssignmentConflict"
    }
    assert schema["components"]["schemas"]["AssignmentStatusEnum"]["enum"] == [
        "proposed",
        "accepted",
        "declined",
        "released",
    ]
    suggestions = schema["paths"]["/api/v1/requests/{id}/suggestions/"]["get"]
    assert [parameter["name"] for parameter in suggestions["parameters"]] == ["id", "limit"]
    apply_body = schema["paths"]["/api/v1/plan/apply/"]["post"]["requestBody"]
    assert apply_body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PlanApplyInput"
    }


def test_the_schema_is_served_as_openapi_3(client: Client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "expertdesk API"


class _Assets(HTMLParser):
    """Collects what a page loads and anything the CSP would refuse."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self.inline: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if "style" in attributes or any(name.startswith("on") for name in attributes):
            self.inline.append(f"<{tag} {attrs}>")
        if tag == "style":
            self.inline.append("<style>")
        if tag == "script":
            if attributes.get("src"):
                self.scripts.append(attributes["src"])
            else:
                self._in_script = True
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.stylesheets.append(attributes["href"])

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(f"<script>{data[:40]}")


def test_the_docs_page_loads_only_files_its_csp_allows_and_they_all_answer(settings, requester):
    # Serve static files the way runserver does (the test run has no collectstatic).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = session_client(requester)  # a new client builds its middleware with these

    page = client.get("/api/docs/")

    assert page.status_code == 200
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assets = _Assets()
    assets.feed(page.content.decode())
    assert assets.inline == []
    assert assets.scripts == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/docs/?script=",
        "/static/requests_app/api_docs.js",  # names the controls Swagger UI leaves unnamed
    ]
    assert assets.stylesheets == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "/static/requests_app/api_docs.css",
    ]
    for src in assets.scripts:
        script = client.get(src)
        assert script.status_code == 200, src
        assert script["Content-Type"].startswith(("application/javascript", "text/javascript")), src
        assert len(b"".join(script) if script.streaming else script.content) > 0, src
    for href in assets.stylesheets:
        stylesheet = client.get(href)
        assert stylesheet.status_code == 200, href
        assert stylesheet["Content-Type"].startswith("text/css"), href
    init = client.get("/api/docs/?script=").content.decode()
    assert 'url: "/api/schema/",' in init


def test_the_api_answers_json_even_to_a_browser(requester):
    # DRF's browsable pages would need inline styles that the CSP refuses; /api/docs/ is the
    # interactive documentation instead.
    client = session_client(requester)
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}

    for path in ("/api/v1/", "/api/v1/requests/", "/api/v1/organisations/?q=GM0345"):
        response = client.get(path, headers=browser)

        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/json", path
    assert set(client.get("/api/v1/").json()) == {
        "requests",
        "organisations",
        "teams",
        "themes",
        "assignments",
        "experts",
        "meetings",
        "feeds",
        "time-entries",
        "auth/tokens",
    }
