"""The canonical story for the coordinator's expert pages: the Foodvalley request of
Veenendaal (four themes, Ede among the partners), and three experts who fit it differently.

Import the fixtures (``story_fixture``, ``story_experts_fixture``) into a test module to use
them under their short names.
"""

from __future__ import annotations

import html
import re

import pytest
from django.http import HttpResponse

from experts.models import Theme
from requests_app.services import assignments
from tests.factories import accept_request, file_request, skilled_expert

STORY_THEMES = ["aandachtsgroepen", "businesscase", "regionale-samenwerking", "locatiekeuze"]


def story_request(requester, team, partners=()):
    """The Foodvalley request, submitted: four themes, the given partners."""
    return file_request(
        requester=requester,
        team=team,
        themes=list(Theme.objects.filter(slug__in=STORY_THEMES)),
        partners=list(partners),
    )


@pytest.fixture(name="story")
def story_fixture(requester, weer_thuis, coordinator_weer_thuis, ede):
    """The Foodvalley request, accepted by the Weer Thuis coordinator."""
    return accept_request(story_request(requester, weer_thuis, [ede]), coordinator_weer_thuis)


@pytest.fixture(name="story_experts")
def story_experts_fixture(weer_thuis, woningbouw, requester_ede, coordinator_weer_thuis):
    """Sanne (the best match, 12 h/week), Vera (worked for Ede before) and Bart (Woningbouw,
    for the business case)."""
    sanne = skilled_expert(
        teams=[weer_thuis],
        skills={"aandachtsgroepen": 3, "businesscase": 3, "regionale-samenwerking": 3},
        capacity="12",
        user__first_name="Sanne",
        user__last_name="Visser",
    )
    vera = skilled_expert(
        teams=[weer_thuis],
        skills={"locatiekeuze": 2, "anders-wonen": 3},
        user__first_name="Vera",
        user__last_name="Veldkamp",
    )
    bart = skilled_expert(
        teams=[woningbouw],
        skills={"businesscase": 3},
        user__first_name="Bart",
        user__last_name="Bouwman",
    )
    # Vera's accepted assignment on an earlier Ede request, through the services.
    earlier = accept_request(
        file_request(requester=requester_ede, team=weer_thuis), coordinator_weer_thuis
    )
    done = assignments.assign_expert(
        actor=coordinator_weer_thuis, request_id=earlier.pk, expert_id=vera.pk
    )
    assignments.accept_assignment(actor=vera.user, assignment_id=done.pk)
    return sanne, vera, bart


def suggestions_of(response: HttpResponse) -> list[tuple[str, str, list[str]]]:
    """Each suggestion as its reader sees it, in rank order: name, score, reasons."""
    page = response.content.decode()
    if "ed-ex-suggestion-list" not in page:
        return []
    body = page.split('ed-ex-suggestion-list">', 1)[1].split("</ol>", 1)[0]
    found = []
    for chunk in body.split('<li class="ed-ex-suggestion"')[1:]:
        name = re.search(r'data-testid="suggestion-name">([^<]*)<', chunk).group(1)
        score = re.search(r'data-testid="suggestion-score">([^<]*)<', chunk).group(1)
        reasons = re.search(r'data-testid="suggestion-reasons">(.*?)</ul>', chunk).group(1)
        found.append(
            (
                html.unescape(name),
                html.unescape(score),
                [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", reasons)],
            )
        )
    return found


def suggestion_names(response: HttpResponse) -> list[str]:
    return [name for name, _score, _reasons in suggestions_of(response)]
