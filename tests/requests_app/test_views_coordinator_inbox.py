"""The coordinator's triage inbox page: who sees what, deadlines, filters in the URL, htmx."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.workdays import AMSTERDAM, is_working_day, local_date, working_days_between
from experts.models import Theme
from requests_app.enums import EscalationLevel
from requests_app.models import AdviceRequest
from requests_app.services import triage
from tests.factories import file_request

pytestmark = pytest.mark.django_db

INBOX = reverse("requests:inbox")


def sign_in(client, user):
    """Signed in, reading English (the source language: Dutch translations come and go)."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def text(fragment: str) -> str:
    """What a reader sees: cells and lines apart, inline markup gone."""
    spaced = re.sub(r"<(?:td|th|br|p|li|dd|dt|div)\b[^>]*>", " ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", spaced)).split())


def rows(response) -> dict[str, str]:
    """Inbox rows by reference, as the text a reader sees."""
    page = response.content.decode()
    found = re.findall(
        r'<tr[^>]*data-testid="inbox-row"[^>]*data-reference="([^"]*)"[^>]*>(.*?)</tr>',
        page,
        re.S,
    )
    return {reference: text(cells) for reference, cells in found}


def overdue_rows(response) -> list[str]:
    return re.findall(r'data-reference="([^"]*)" data-overdue="true"', response.content.decode())


def english(named) -> str:
    with override("en"):
        return named.display_name


def theme_names(request: AdviceRequest) -> str:
    return ", ".join(english(theme) for theme in request.themes.order_by("name"))


def make_overdue(request: AdviceRequest, working_days: int) -> dt.date:
    """Move the triage deadline ``working_days`` working days into the past."""
    day = local_date(timezone.now())
    while working_days_between(day, local_date(timezone.now())) < working_days:
        day -= dt.timedelta(days=1)
    AdviceRequest.objects.filter(pk=request.pk).update(triage_deadline=day)
    return day


@pytest.fixture
def veenendaal_request(requester, weer_thuis):
    return file_request(
        requester=requester,
        team=weer_thuis,
        title="Anders Wonen in de Foodvalley",
        question="Hoe maken we een businesscase voor Skaeve Huse met de woningcorporaties?",
        themes=[Theme.objects.get(slug="anders-wonen"), Theme.objects.get(slug="businesscase")],
    )


@pytest.fixture
def undecided_request(requester_ede):
    return file_request(
        requester=requester_ede,
        team=None,
        title="Tijdelijke woningen voor spoedzoekers",
        question="Waar kunnen verplaatsbare units staan?",
        themes=[Theme.objects.get(slug="flexwonen")],
    )


def test_the_weer_thuis_coordinator_sees_the_veenendaal_request_with_its_deadline(
    client, coordinator_weer_thuis, veenendaal_request
):
    response = sign_in(client, coordinator_weer_thuis).get(INBOX)
    assert response.status_code == 200
    deadline = veenendaal_request.triage_deadline
    assert rows(response) == {
        veenendaal_request.reference: (
            f"{veenendaal_request.reference} Anders Wonen in de Foodvalley Veenendaal (GM0345) "
            f"{english(veenendaal_request.team)} Submitted "
            f"{veenendaal_request.submitted_at.astimezone(AMSTERDAM):%-d %b %Y} "
            f"{deadline:%-d %b %Y} 5 working days left {theme_names(veenendaal_request)}"
        )
    }
    workspace = reverse("requests:workspace", args=[veenendaal_request.pk])
    assert f'<a class="rvo-link" href="{workspace}">{veenendaal_request.reference}</a>' in (
        response.content.decode()
    )


def test_the_woningbouw_coordinator_sees_undecided_requests_but_not_weer_thuis_ones(
    client, coordinator_woningbouw, veenendaal_request, undecided_request
):
    response = sign_in(client, coordinator_woningbouw).get(INBOX)
    assert list(rows(response)) == [undecided_request.reference]
    assert "Not decided" in rows(response)[undecided_request.reference]


def test_an_admin_sees_every_open_request(
    client, admin_user, veenendaal_request, undecided_request, requester, woningbouw
):
    woningbouw_request = file_request(requester=requester, team=woningbouw)
    draft = file_request(requester=requester, team=woningbouw, submit=False)
    response = sign_in(client, admin_user).get(INBOX)
    assert sorted(rows(response)) == sorted(
        [veenendaal_request.reference, undecided_request.reference, woningbouw_request.reference]
    )
    assert draft.reference is None


@pytest.mark.parametrize("person", ["requester", "expert"])
def test_requesters_and_experts_may_not_open_the_inbox(client, request, person):
    response = sign_in(client, request.getfixturevalue(person)).get(INBOX)
    assert response.status_code == 403


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_overdue_requests_are_marked_in_words_and_with_an_indicator(
    client, coordinator_weer_thuis, veenendaal_request, undecided_request
):
    deadline = make_overdue(veenendaal_request, 3)
    response = sign_in(client, coordinator_weer_thuis).get(INBOX)
    assert overdue_rows(response) == [veenendaal_request.reference]
    row = rows(response)[veenendaal_request.reference]
    assert f"{deadline:%-d %b %Y} Overdue by 3 working days" in row
    page = response.content.decode()
    assert (
        '<span class="rvo-status-indicator rvo-status-indicator--rood ed-co-indicator" '
        'aria-hidden="true"></span><span><strong>Overdue by 3 working days</strong>'
    ) in page
    # the overdue request comes first: nearest (here: past) deadline first
    assert list(rows(response)) == [veenendaal_request.reference, undecided_request.reference]


def test_an_escalated_request_shows_its_escalation_level(
    client, coordinator_weer_thuis, veenendaal_request
):
    make_overdue(veenendaal_request, 20)  # more than three times the 5 working days
    today = local_date(timezone.now())
    while not is_working_day(today):
        today += dt.timedelta(days=1)
    ten_oclock = dt.datetime.combine(today, dt.time(10, 0), tzinfo=AMSTERDAM)
    assert triage.escalate_overdue_requests(now=ten_oclock) == 1
    veenendaal_request.refresh_from_db()
    assert veenendaal_request.escalation_level == EscalationLevel.SEVERELY_OVERDUE
    response = sign_in(client, coordinator_weer_thuis).get(INBOX)
    assert (
        "Overdue by 20 working days Escalated: three times overdue"
        in (rows(response)[veenendaal_request.reference])
    )


def test_a_request_waiting_for_information_is_shown_as_paused_and_sorted_last(
    client, coordinator_weer_thuis, veenendaal_request, requester
):
    later = file_request(requester=requester, team=veenendaal_request.team, title="Later")
    signed_in = sign_in(client, coordinator_weer_thuis)
    signed_in.post(
        reverse("requests:workspace-action", args=[veenendaal_request.pk, "informatie-vragen"]),
        {"note": "Welke corporaties doen mee?"},
    )
    response = signed_in.get(INBOX)
    assert list(rows(response)) == [later.reference, veenendaal_request.reference]
    assert rows(response)[veenendaal_request.reference].endswith(
        "Information requested "
        f"{veenendaal_request.submitted_at.astimezone(AMSTERDAM):%-d %b %Y} "
        f"Paused: waiting for information (5 working days left) "
        f"{theme_names(veenendaal_request)}"
    )


def test_each_filter_works_and_stays_in_the_url_and_the_form(
    client, coordinator_weer_thuis, veenendaal_request, undecided_request
):
    signed_in = sign_in(client, coordinator_weer_thuis)
    make_overdue(undecided_request, 1)
    cases = {
        "team=weer-thuis": [veenendaal_request.reference],
        "team=none": [undecided_request.reference],
        "status=submitted&status=needs_info": [
            undecided_request.reference,
            veenendaal_request.reference,
        ],
        "status=accepted": [],
        "theme=flexwonen": [undecided_request.reference],
        "municipality=GM0345": [veenendaal_request.reference],
        "municipality=Ede": [undecided_request.reference],
        "overdue=on": [undecided_request.reference],
        "q=spoedzoekers": [undecided_request.reference],
        f"q={veenendaal_request.reference}": [veenendaal_request.reference],
    }
    for query, expected in cases.items():
        response = signed_in.get(f"{INBOX}?{query}")
        assert response.status_code == 200, query
        assert list(rows(response)) == expected, query
    page = signed_in.get(
        f"{INBOX}?team=none&status=submitted&theme=flexwonen&municipality=Ede&overdue=on&q=units"
    ).content.decode()
    assert list(rows_of(page)) == [undecided_request.reference]
    assert '<option value="none" selected>Not decided</option>' in page
    assert 'value="submitted" class="rvo-checkbox__input" id="id_status_0" checked' in page
    assert '<option value="flexwonen" selected>' in page
    assert 'name="municipality" value="Ede"' in page
    assert 'name="overdue" value="on" class="rvo-checkbox__input" id="id_overdue" checked' in page
    assert 'name="q" value="units"' in page
    assert "1 request match these filters." in page


def rows_of(page: str) -> list[str]:
    return re.findall(r'data-testid="inbox-row"[^>]*data-reference="([^"]*)"', page)


def test_an_empty_filter_result_says_so(client, coordinator_weer_thuis, veenendaal_request):
    response = sign_in(client, coordinator_weer_thuis).get(f"{INBOX}?q=zwembad")
    assert rows(response) == {}
    assert "No requests match these filters." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "team=brandweer",
            "team",
            "Select a valid choice. brandweer is not one of the available choices.",
        ),
        ("status=closed", "status", "Select a valid choice. closed is not one of the available"),
        ("theme=zwemmen", "theme", "Select a valid choice. That choice is not one of the"),
        ("municipality=GM9999", "municipality", "No organisation with CBS code, number or name"),
        ("overdue=misschien", "overdue", "Use “true” or “false”."),
        ("page=abc&team=xyz", "team", "Select a valid choice. xyz is not one of the available"),
    ],
)
def test_an_invalid_filter_value_is_a_form_error_not_a_crash(
    client, coordinator_weer_thuis, veenendaal_request, query, field, message
):
    response = sign_in(client, coordinator_weer_thuis).get(f"{INBOX}?{query}")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f'data-testid="error-{field}"' in page
    assert message in page
    assert rows(response) == {}
    assert "Correct the filters to see the requests." in page


def test_an_out_of_range_page_number_shows_the_last_page(
    client, coordinator_weer_thuis, veenendaal_request
):
    response = sign_in(client, coordinator_weer_thuis).get(f"{INBOX}?page=99")
    assert list(rows(response)) == [veenendaal_request.reference]


def test_htmx_gets_the_form_and_table_and_the_count_out_of_band(
    client, coordinator_weer_thuis, veenendaal_request, undecided_request
):
    response = sign_in(client, coordinator_weer_thuis).get(
        f"{INBOX}?team=none", headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="inbox-body"')
    assert "<html" not in page
    assert list(rows(response)) == [undecided_request.reference]
    assert '<p id="inbox-count" hx-swap-oob="innerHTML">1 request match these filters.' in page
    assert "HX-Request" in response["Vary"]
    # a history restore (back button after the cache expired) needs the whole page
    full = client.get(
        f"{INBOX}?team=none",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in full.content.decode()


def test_the_form_works_without_javascript_and_updates_in_place_with_htmx(
    client, coordinator_weer_thuis, veenendaal_request
):
    page = sign_in(client, coordinator_weer_thuis).get(INBOX).content.decode()
    assert f'<form method="get" action="{INBOX}"' in page
    assert (
        f'hx-get="{INBOX}" hx-target="#inbox-body" hx-swap="outerHTML" hx-push-url="true"'
    ) in page
    assert '<datalist id="municipality-options">' in page
    assert '<option value="GM0345">Veenendaal</option>' in page


def test_pagination_keeps_the_filters(client, coordinator_weer_thuis, requester, weer_thuis):
    for number in range(51):
        file_request(requester=requester, team=weer_thuis, title=f"Vraag {number}")
    signed_in = sign_in(client, coordinator_weer_thuis)
    first = signed_in.get(f"{INBOX}?team=weer-thuis")
    assert len(rows(first)) == 50
    page = first.content.decode()
    assert "51 requests match these filters. Page 1 of 2." in page
    assert 'href="?team=weer-thuis&amp;page=2" rel="next"' in page
    second = signed_in.get(f"{INBOX}?team=weer-thuis&page=2")
    assert len(rows(second)) == 1
    assert set(rows(first)).isdisjoint(rows(second))


@pytest.mark.parametrize("count", [1, 50])
def test_the_inbox_costs_the_same_number_of_queries_for_1_and_50_rows(
    client, coordinator_weer_thuis, requester, weer_thuis, django_assert_num_queries, count
):
    for number in range(count):
        file_request(
            requester=requester,
            team=weer_thuis,
            title=f"Vraag {number}",
            themes=[Theme.objects.get(slug="anders-wonen"), Theme.objects.get(slug="uitstroom")],
        )
    signed_in = sign_in(client, coordinator_weer_thuis)
    signed_in.get(INBOX)  # the session and the role cache warm up outside the count
    query = f"{INBOX}?team=weer-thuis&theme=anders-wonen&municipality=GM0345&q=Vraag"
    with django_assert_num_queries(14):
        response = signed_in.get(query)
    assert len(rows(response)) == count


def test_the_coordinator_home_links_to_the_inbox_with_counts(
    client, coordinator_weer_thuis, veenendaal_request, requester, weer_thuis
):
    second = file_request(requester=requester, team=weer_thuis)
    make_overdue(second, 2)
    response = sign_in(client, coordinator_weer_thuis).get(reverse("requests:coordinator-home"))
    page = response.content.decode()
    summary = re.search(r'data-testid="inbox-summary">(.*?)</section>', page, re.S).group(1)
    assert text(summary) == (
        "Triage inbox 2 requests wait for a triage decision; 1 of them is overdue. "
        "Open the triage inbox · Show only the overdue requests"
    )
    assert f'href="{INBOX}?overdue=on"' in summary
