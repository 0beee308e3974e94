"""The request FilterSet that the inbox (and later the API) filters with."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import override

from core.workdays import local_date
from experts.models import Theme
from requests_app.enums import OPEN
from requests_app.filters import AdviceRequestFilter, InboxFilter
from requests_app.models import AdviceRequest
from requests_app.services import lifecycle
from tests.factories import MembershipFactory, file_request

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite substring search")


def refs(query: str, filterset_class=AdviceRequestFilter) -> list[str]:
    filterset = filterset_class(
        QueryDict(query), queryset=AdviceRequest.objects.order_by("reference")
    )
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs.values_list("reference", flat=True))


def errors(query: str, filterset_class=AdviceRequestFilter) -> dict[str, list[str]]:
    with override("en"):
        filterset = filterset_class(QueryDict(query), queryset=AdviceRequest.objects.all())
        assert not filterset.is_valid()
        return {field: [str(e) for e in errs] for field, errs in filterset.errors.items()}


@pytest.fixture
def requests(requester, requester_ede, weer_thuis, woningbouw, coordinator_weer_thuis):
    """Three filed requests: Veenendaal → Weer Thuis, Ede → Woningbouw, Ede → not decided."""
    veenendaal = file_request(
        requester=requester,
        team=weer_thuis,
        title="Skaeve Huse in de Foodvalley",
        question="Hoe vinden we een locatie voor bewoners die overlast veroorzaken?",
        themes=[Theme.objects.get(slug="anders-wonen")],
    )
    ede_housing = file_request(
        requester=requester_ede,
        team=woningbouw,
        title="Betaalbare woningen voor starters",
        question="Welke grondexploitatie past bij de plannen?",
        themes=[Theme.objects.get(slug="grondbeleid")],
    )
    ede_undecided = file_request(
        requester=requester_ede,
        team=None,
        title="Flexwonen aan de rand van het dorp",
        question="Kan een tijdelijke woonvorm met verplaatsbare units hier?",
        themes=[Theme.objects.get(slug="flexwonen"), Theme.objects.get(slug="anders-wonen")],
    )
    return veenendaal, ede_housing, ede_undecided


def test_without_parameters_nothing_is_filtered(requests):
    assert refs("") == sorted(r.reference for r in requests)


def test_team_by_slug_and_not_decided(requests):
    veenendaal, ede_housing, ede_undecided = requests
    assert refs("team=weer-thuis") == [veenendaal.reference]
    assert refs("team=woningbouw") == [ede_housing.reference]
    assert refs("team=none") == [ede_undecided.reference]


def test_several_statuses(requests, coordinator_weer_thuis):
    veenendaal, ede_housing, ede_undecided = requests
    lifecycle.transition(actor=coordinator_weer_thuis, request_id=veenendaal.pk, action="accept")
    lifecycle.transition(
        actor=coordinator_weer_thuis,
        request_id=ede_undecided.pk,
        action="ask_info",
        note="Welke locatie bedoelt u?",
    )
    assert refs("status=accepted") == [veenendaal.reference]
    assert refs("status=accepted&status=needs_info") == sorted(
        [veenendaal.reference, ede_undecided.reference]
    )
    assert refs("status=submitted") == [ede_housing.reference]


def test_theme_by_slug_matches_any_of_a_requests_themes(requests):
    veenendaal, ede_housing, ede_undecided = requests
    assert refs("theme=anders-wonen") == sorted([veenendaal.reference, ede_undecided.reference])
    assert refs("theme=grondbeleid") == [ede_housing.reference]


def test_municipality_by_cbs_code_id_or_name(requests, ede):
    veenendaal, ede_housing, ede_undecided = requests
    ede_refs = sorted([ede_housing.reference, ede_undecided.reference])
    assert refs("municipality=GM0345") == [veenendaal.reference]
    assert refs("municipality=gm0228") == ede_refs
    assert refs(f"municipality={ede.pk}") == ede_refs
    assert refs("municipality=Ede") == ede_refs


def test_overdue_true_and_false(requests):
    veenendaal, ede_housing, ede_undecided = requests
    yesterday = local_date(timezone.now()) - dt.timedelta(days=1)
    AdviceRequest.objects.filter(pk=ede_housing.pk).update(triage_deadline=yesterday)
    assert refs("overdue=true") == [ede_housing.reference]
    assert refs("overdue=false") == sorted([veenendaal.reference, ede_undecided.reference])


def test_the_inbox_treats_an_unchecked_overdue_box_as_all(requests):
    ede_housing = requests[1]
    yesterday = local_date(timezone.now()) - dt.timedelta(days=1)
    AdviceRequest.objects.filter(pk=ede_housing.pk).update(triage_deadline=yesterday)
    assert refs("overdue=on", InboxFilter) == [ede_housing.reference]
    assert len(refs("overdue=false", InboxFilter)) == 3


def test_search_by_reference_title_question_and_organisation(requests):
    veenendaal, ede_housing, ede_undecided = requests
    assert refs(f"q={veenendaal.reference}") == [veenendaal.reference]
    assert refs("q=Foodvalley") == [veenendaal.reference]  # a title word
    assert refs("q=grondexploitatie") == [ede_housing.reference]  # a question word
    assert refs("q=Ede") == sorted([ede_housing.reference, ede_undecided.reference])


def test_filters_combine(requests):
    ede_undecided = requests[2]
    assert refs("municipality=GM0228&theme=anders-wonen&team=none") == [ede_undecided.reference]
    assert refs("municipality=GM0228&team=weer-thuis") == []


@on_postgresql
def test_postgresql_search_stems_dutch_words_but_does_not_split_compounds(
    requests, requester_ede, woningbouw
):
    """The "dutch" configuration stems woningen → woning, so "woning" finds "woningen";
    it does not split compounds, so "woning" does not find "woningbouwprogramma"."""
    ede_housing = requests[1]
    compound = file_request(
        requester=requester_ede, team=woningbouw, title="Het woningbouwprogramma tot 2030"
    )
    assert refs("q=woning") == [ede_housing.reference]
    assert refs("q=woningen") == [ede_housing.reference]
    assert refs("q=woningbouwprogramma") == [compound.reference]
    # websearch syntax: both words must occur
    assert refs("q=betaalbare starters") == [ede_housing.reference]
    assert refs("q=betaalbare overlast") == []


@on_sqlite
def test_sqlite_search_is_a_case_insensitive_substring_match(requests, requester_ede, woningbouw):
    veenendaal, ede_housing, _ = requests
    compound = file_request(
        requester=requester_ede, team=woningbouw, title="Het woningbouwprogramma tot 2030"
    )
    assert refs("q=WONING") == sorted([ede_housing.reference, compound.reference])
    assert refs(f"q={veenendaal.reference[-4:]}") == [veenendaal.reference]


def test_invalid_values_are_form_errors(requests):
    assert errors("team=brandweer") == {
        "team": ["Select a valid choice. brandweer is not one of the available choices."]
    }
    assert errors("status=archived") == {
        "status": ["Select a valid choice. archived is not one of the available choices."]
    }
    assert errors("theme=unknown") == {
        "theme": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert errors("municipality=GM9999") == {
        "municipality": ["No organisation with CBS code, number or name “GM9999”."]
    }
    assert errors("overdue=maybe") == {"overdue": ["Use “true” or “false”."]}
    assert errors("q=" + "x" * 201) == {
        "q": ["Ensure this value has at most 200 characters (it has 201)."]
    }


def test_an_ambiguous_organisation_name_asks_for_the_code(requests, veenendaal):
    MembershipFactory(
        organisation__name="Woonstichting De Zaak", organisation__kvk_number="11111111"
    )
    MembershipFactory(
        organisation__name="woonstichting de zaak", organisation__kvk_number="22222222"
    )
    assert errors("municipality=Woonstichting De Zaak") == {
        "municipality": [
            "Several organisations are called “Woonstichting De Zaak”; use the CBS code."
        ]
    }


def test_the_inbox_offers_every_filed_status_and_lists_open_ones_unless_asked(requests):
    filterset = InboxFilter(QueryDict(""), queryset=AdviceRequest.objects.all())
    assert [value for value, _ in filterset.form.fields["status"].choices] == [
        "submitted",
        "needs_info",
        "accepted",
        "in_progress",
        "completed",
        "closed",
        "declined",
        "withdrawn",
    ]
    assert "status" in errors("status=draft", InboxFilter)
    everything = AdviceRequest.objects.exclude(status="draft")
    listed = InboxFilter(QueryDict(""), queryset=everything).qs
    assert {item.status for item in listed} <= set(OPEN)
    closed = InboxFilter(QueryDict("status=closed&status=declined"), queryset=everything).qs
    assert set(closed) == set(everything.filter(status__in=["closed", "declined"]))
