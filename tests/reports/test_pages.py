"""The dashboard, its CSV files and charts, the yearly overview and the own-figures pages, as
their users get them; and who gets what."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from tests.factories import MembershipFactory

pytestmark = [pytest.mark.django_db]

YEAR = "team=weer-thuis&start=2026-01-01&end=2026-12-31"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def rows_of(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_dashboard_shows_the_teams_figures(known, coordinator_weer_thuis):
    response = client_for(coordinator_weer_thuis).get(f"/coordinator/dashboard/?{YEAR}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dashboard: Back Home" in page
    assert 'data-testid="table-doorlooptijden"' in page
    tables = response.context["tables"]
    assert tables["doorlooptijden"].rows[0][1:] == [3, 2, Decimal("3.6")]
    # Every chart is an image of the same scope, with a text alternative.
    for name in ("statussen", "themas", "inzet"):
        assert f"/coordinator/dashboard/grafiek/{name}.svg?{YEAR}" in page.replace("&amp;", "&")
    assert page.count('<img src="/coordinator/dashboard/grafiek/') == page.count('alt="Bar chart')


def test_the_dashboard_reads_dutch_numbers_in_dutch(known, coordinator_weer_thuis):
    client = client_for(coordinator_weer_thuis)
    client.cookies["django_language"] = "nl"
    page = client.get(f"/coordinator/dashboard/?{YEAR}").content.decode()
    assert "3,6" in page  # the 90th percentile of the triage lead time
    assert "Doorlooptijden" in page


def test_every_table_as_csv_round_trips(known, coordinator_weer_thuis):
    client = client_for(coordinator_weer_thuis)
    tables = client.get(f"/coordinator/dashboard/?{YEAR}").context["tables"]
    for key, table in tables.items():
        response = client.get(f"/coordinator/dashboard/{key}.csv?{YEAR}")
        assert response.status_code == 200, key
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert f"{key}-weer-thuis-20260101-20261231.csv" in response["Content-Disposition"]
        rows = rows_of(response)
        assert rows[0] == [column.label for column in table.columns]
        assert rows[1:] == table.csv_rows()
    lead = rows_of(client.get(f"/coordinator/dashboard/doorlooptijden.csv?{YEAR}"))
    assert lead[1][1:] == ["3", "2,0", "3,6"]
    money = rows_of(client.get(f"/coordinator/dashboard/geld.csv?{YEAR}"))
    assert [row[1:] for row in money[1:]] == [["2200,00", "1800,00"], ["475,00", "75,00"]]
    work = rows_of(
        client.get(
            "/coordinator/dashboard/inzet.csv?team=weer-thuis&start=2026-03-02&end=2026-03-15"
        )
    )
    assert work[1:] == [
        ["Piet Bakker", "16,00", "2,00", "1,25", "7,8"],
        ["Sanne de Vries", "32,00", "6,00", "8,50", "26,6"],
    ]
    assert client.get(f"/coordinator/dashboard/onbekend.csv?{YEAR}").status_code == 404


def test_charts_are_svg_without_script(known, coordinator_weer_thuis):
    client = client_for(coordinator_weer_thuis)
    for name in ("statussen", "themas", "inzet"):
        response = client.get(f"/coordinator/dashboard/grafiek/{name}.svg?{YEAR}")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert "<script" not in response.content.decode()
        assert "script-src 'none'" in response["Content-Security-Policy"]
    assert client.get(f"/coordinator/dashboard/grafiek/taart.svg?{YEAR}").status_code == 404


def test_the_page_itself_keeps_the_strict_policy(known, coordinator_weer_thuis):
    response = client_for(coordinator_weer_thuis).get(f"/coordinator/dashboard/?{YEAR}")
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_bad_dates_are_field_errors_not_failures(known, coordinator_weer_thuis):
    client = client_for(coordinator_weer_thuis)
    response = client.get("/coordinator/dashboard/?team=weer-thuis&start=2026-13-01")
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()
    response = client.get("/coordinator/dashboard/?start=2026-05-01&end=2026-04-01")
    assert response.status_code == 400
    assert "The end lies before the start." in response.content.decode()
    assert client.get("/coordinator/dashboard/?team=bestaat-niet").status_code == 400
    csv_response = client.get("/coordinator/dashboard/statussen.csv?start=gisteren")
    assert csv_response.status_code == 400


def test_the_default_is_this_year_and_all_of_ones_teams(known, coordinator_weer_thuis, woningbouw):
    woningbouw.coordinators.add(coordinator_weer_thuis)
    response = client_for(coordinator_weer_thuis).get("/coordinator/dashboard/")
    assert response.status_code == 200
    scope = response.context["board"].scope
    assert (str(scope.start), str(scope.end), len(scope.team_ids)) == (
        "2026-01-01",
        "2026-12-31",
        2,
    )
    assert response.context["board"].demand.total == 6


def test_the_yearly_overview_prints_every_table(known, coordinator_weer_thuis):
    response = client_for(coordinator_weer_thuis).get(
        "/coordinator/jaaroverzicht/?team=weer-thuis&year=2026"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Yearly overview Back Home 2026" in page
    assert "reports/reports.css" in page
    assert page.count('data-testid="table-') == 11
    assert "as CSV" not in page
    assert (
        client_for(coordinator_weer_thuis).get("/coordinator/jaaroverzicht/?year=1900").status_code
        == 400
    )


def test_who_sees_which_dashboard(
    known, coordinator_weer_thuis, coordinator_woningbouw, admin_user, requester, expert
):
    other = client_for(coordinator_woningbouw)
    assert other.get(f"/coordinator/dashboard/?{YEAR}").status_code == 403
    assert other.get(f"/coordinator/dashboard/statussen.csv?{YEAR}").status_code == 403
    assert other.get(f"/coordinator/dashboard/grafiek/statussen.svg?{YEAR}").status_code == 403
    assert other.get("/coordinator/jaaroverzicht/?team=weer-thuis").status_code == 403
    # A shared "all teams" address shows a one-team coordinator their own team.
    assert other.get("/coordinator/dashboard/?team=alle").status_code == 200
    own = other.get("/coordinator/dashboard/")
    assert own.context["board"].scope.team_ids == (
        coordinator_woningbouw.coordinated_teams.get().pk,
    )
    for person in (requester, expert):
        assert client_for(person).get("/coordinator/dashboard/").status_code == 403
    admin = client_for(admin_user).get("/coordinator/dashboard/?team=alle&start=2026-01-01")
    assert admin.context["board"].demand.total == 6


def test_a_requester_sees_only_their_own_organisations(known, requester, veenendaal, ede):
    client = client_for(requester)
    page = client.get("/aanvrager/cijfers/")
    assert page.status_code == 200
    assert [f.organisation for f in page.context["figures"]] == [veenendaal]
    rows = rows_of(client.get(f"/aanvrager/cijfers/{veenendaal.pk}.csv"))
    assert rows[1:] == [
        ["2025", "1", "0", "1,00", "0,00", "0,00"],
        ["2026", "3", "1", "6,75", "75,00", "475,00"],
    ]
    assert client.get(f"/aanvrager/cijfers/{ede.pk}.csv").status_code == 403
    MembershipFactory(organisation=ede, user=requester)
    assert client_for(requester).get(f"/aanvrager/cijfers/{ede.pk}.csv").status_code == 200


def test_an_expert_sees_only_their_own_figures(known, coordinator_weer_thuis):
    page = client_for(known.sanne.user).get("/expert/cijfers/")
    assert page.status_code == 200
    assert page.context["figures"].expert == known.sanne
    assert "Average 4.0 out of 5 over 1 answer." in page.content.decode()
    assert client_for(coordinator_weer_thuis).get("/expert/cijfers/").status_code == 403


def test_long_lists_show_their_first_rows_on_the_page_and_all_in_the_csv(
    known, coordinator_weer_thuis
):
    from reports.tables import Column, Table

    table = Table(
        "gemeenten",
        "Gemeenten",
        [Column("Gemeente"), Column("Aanvragen", "count")],
        [[f"G{n}", n] for n in range(30)],
        limit=25,
    )
    assert (len(table.page_cells()), table.hidden, len(table.csv_rows())) == (25, 5, 30)
    page = client_for(coordinator_weer_thuis).get(f"/coordinator/dashboard/?{YEAR}")
    assert page.context["tables"]["gemeenten"].limit == 25
    overview = client_for(coordinator_weer_thuis).get(
        "/coordinator/jaaroverzicht/?team=weer-thuis&year=2026"
    )
    assert overview.context["tables"]["gemeenten"].limit is None


def test_own_figures_read_the_same_queries_however_long_the_history(known, requester):
    import datetime as dt

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cofinancing.models import TimeEntry

    def counts() -> tuple[int, int]:
        sizes = []
        for client, url in (
            (client_for(requester), "/aanvrager/cijfers/"),
            (client_for(known.sanne.user), "/expert/cijfers/"),
        ):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            sizes.append(len(captured))
        return tuple(sizes)

    before = counts()
    entry = TimeEntry.objects.filter(expert=known.sanne, request=known.requests["R8"]).first()
    TimeEntry.objects.bulk_create(
        TimeEntry(
            assignment_id=entry.assignment_id,
            request_id=entry.request_id,
            expert_id=entry.expert_id,
            day=dt.date(2020 + n % 6, 1 + n % 12, 1 + n % 28),
            hours="1",
            description="meer werk",
        )
        for n in range(60)
    )
    assert counts() == before
