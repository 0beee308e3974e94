"""The co-financing pages as the coordinator, the requester and the expert use them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from cofinancing import services
from cofinancing.models import AnnualBudget, TimeEntry
from tests.factories import accept_request, file_request, skilled_expert
from tests.requests_app.page_support import english_fixture, html, region  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def test_the_coordinator_offers_and_the_requester_accepts_on_the_request_page(
    client, requester, weer_thuis, coordinator_weer_thuis
):
    request = accept_request(
        file_request(requester=requester, team=weer_thuis), coordinator_weer_thuis
    )
    client.force_login(coordinator_weer_thuis)
    workspace = client.get(reverse("requests:workspace", args=[request.pk]))
    section = html(workspace)
    assert 'name="hourly_rate" value="140.00"' in section  # the team's defaults prefill
    sent = client.post(
        reverse("cofinancing:offer", args=[request.pk]),
        {"hours": "80", "hourly_rate": "140", "programme_hours": "24", "requester_share": "0.5"},
        follow=True,
    )
    assert "The offer is sent to the requester." in html(sent)
    client.force_login(requester)
    page = client.get(reverse("requests:detail", args=[request.pk]))
    assert "Agreement version 1: offered." in region(page, "agreement-status")
    client.post(reverse("cofinancing:answer", args=[request.pk]), {"answer": "accept"})
    page = client.get(reverse("requests:detail", args=[request.pk]))
    assert region(page, "agreement-status").startswith("Agreement version 1: accepted.")
    assert "Cost € 0.00" in region(page, "ledger")


def test_an_expert_logs_hours_and_the_statement_reads_to_the_cent(
    client, funded, requester, coordinator_weer_thuis
):
    request, lead, assignment = funded
    client.force_login(lead.user)
    bad = client.post(
        reverse("cofinancing:hours"),
        {"assignment": assignment.pk, "day": str(YESTERDAY), "hours": "0.3", "description": "x"},
    )
    assert bad.status_code == 400
    assert "quarter hours" in html(bad)
    for days, hours in ((1, "8"), (2, "8"), (3, "8"), (4, "8"), (5, "8")):
        done = client.post(
            reverse("cofinancing:hours"),
            {
                "assignment": assignment.pk,
                "day": str(timezone.localdate() - dt.timedelta(days=days)),
                "hours": hours,
                "description": "Businesscase",
            },
        )
        assert done.status_code == 302
    assert TimeEntry.objects.count() == 5
    client.force_login(requester)
    statement = client.get(reverse("cofinancing:statement", args=[request.pk]))
    assert region(statement, "totals") == (
        "Hours used 40 / 80 Cost € 5,600.00 Programme part € 4,480.00 Requester part € 1,120.00"
    )
    export = client.get(reverse("cofinancing:statement-csv", args=[request.pk]))
    text = export.content.decode("utf-8")
    assert text.startswith("\ufeffDay;Expert;")
    assert "Cost (EUR);;;5600,00" in text
    assert "Requester part (EUR);;;1120,00" in text


@pytest.fixture
def mid_june():
    """A day whose four days before lie in the same month and year."""
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=True):
        yield


def test_the_programme_view_for_a_team_and_year(
    mid_june, client, funded, coordinator_weer_thuis, weer_thuis
):
    _, lead, assignment = funded
    for days in range(1, 5):
        services.log_time(
            actor=lead.user,
            assignment_id=assignment.pk,
            day=timezone.localdate() - dt.timedelta(days=days),
            hours="7.5",
            description="Analyse",
        )
    AnnualBudget.objects.create(
        team=weer_thuis, year=timezone.localdate().year, amount=Decimal("500000")
    )
    client.force_login(coordinator_weer_thuis)
    page = client.get(reverse("cofinancing:programme"), {"team": weer_thuis.slug})
    totals = region(page, "programme-totals")
    # 80 agreed hours: 24 programme + 56 x 140 x 0.5 = 3,360 + 3,920 = 7,280 committed
    assert "Committed (accepted agreements) € 7,280.00" in totals
    # 30 hours: 24 by the programme, 6 split: 3,360 + 420 = 3,780 spent
    assert "Spent (hours logged) € 3,780.00" in totals
    assert "Remaining (budget minus committed) € 492,720.00" in totals
    chart = client.get(reverse("cofinancing:programme-chart"), {"team": weer_thuis.slug})
    assert chart["Content-Type"] == "image/svg+xml"
    assert b"<svg" in chart.content
    export = client.get(reverse("cofinancing:programme-csv"), {"team": weer_thuis.slug})
    assert "Spent;3780,00" in export.content.decode("utf-8")
    other = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 1})
    client.force_login(other.user)
    assert client.get(reverse("cofinancing:programme")).status_code == 404
