"""Every kind of event any service can record reads as a sentence in the reader's language.

The kinds are found in the source itself (every ``record_event(..., action=...)`` call), so a
new kind without wording fails here instead of showing "Expert assigned" on a Dutch page.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone, translation

from requests_app.enums import TRANSITIONS
from requests_app.event_descriptions import describe
from requests_app.models import Event

# The apps whose services may record events (everything but tests, tooling and migrations).
SOURCE_DIRS = ["requests_app", "cofinancing", "meetings", "reports", "experts", "organisations"]
# What any kind's data may hold; each wording picks what it needs.
SAMPLE_DATA = {
    "expert": "Anna de Vries",
    "role": "lead",
    "hours": "12.5",
    "title": "Kennismaking",
    "name": "Anna de Vries",
    "start": "2026-12-07T09:00:00+00:00",
    "version": 2,
    "level": 80,
    "day": "2026-12-04",
    "from": "4",
    "to": "3.5",
    "team": "weer-thuis",
    "reference": "EXP-2026-0001",
    "deadline": "2026-12-11",
    "fields": ["title"],
    "answer": "ACCEPTED",
}


def _kinds_of(node: ast.expr, where: str) -> set[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _kinds_of(node.body, where) | _kinds_of(node.orelse, where)
    if isinstance(node, ast.JoinedStr) and ast.unparse(node) == "f'request.{rule.target}'":
        # The lifecycle's one transition records the status it moved to.
        return {f"request.{transition.target}" for transition in TRANSITIONS.values()}
    raise AssertionError(f"{where}: cannot tell which event kinds {ast.unparse(node)} records")


def recorded_kinds() -> dict[str, str]:
    """Every event kind a ``record_event`` call in the source can write, with where."""
    kinds: dict[str, str] = {}
    for app in SOURCE_DIRS:
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name != "record_event":
                    continue
                where = f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}"
                action = next((k.value for k in node.keywords if k.arg == "action"), None)
                assert action is not None, f"{where}: record_event without action="
                for kind in _kinds_of(action, where):
                    kinds.setdefault(kind, where)
    return kinds


def test_the_source_is_read_for_every_kind_of_event():
    kinds = recorded_kinds()
    # A sample of what the reading must find, from each app that records events.
    for kind in (
        "request.created",
        "request.submitted",
        "request.withdrawn",
        "request.expert_assigned",
        "request.cofinancing_required",
        "agreement.declined",
        "hours.corrected",
        "meeting.answered",
    ):
        assert kind in kinds


def _title(kind: str, language: str, *, from_status: str = "") -> str:
    event = Event(action=kind, data=SAMPLE_DATA, created_at=timezone.now(), from_status=from_status)
    with translation.override(language):
        return describe(event, teams={}, show_deadline=True).title


@pytest.mark.parametrize("kind", sorted(recorded_kinds()))
def test_every_recorded_kind_of_event_has_a_dutch_description(kind):
    dutch, english = _title(kind, "nl"), _title(kind, "en")
    # A kind without wording falls back to its own name, the same in every language.
    assert dutch != english, f"{kind} ({recorded_kinds()[kind]}) has no Dutch description"
    assert dutch.strip()


def test_assignment_events_read_in_dutch():
    assert _title("request.expert_assigned", "nl") == "Anna de Vries voorgesteld als leidend expert"
    assert _title("request.expert_accepted", "nl") == (
        "Anna de Vries heeft de toewijzing geaccepteerd"
    )
    assert _title("request.submitted", "nl", from_status="needs_info") == (
        "Informatie gegeven; de triagetermijn loopt weer"
    )
