"""The demo's dashboard counts demand in real provinces: every lead municipality brings its
province from the reference data, so no request lands under "No province"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from experts.models import Team
from reports import selectors
from reports.scope import Scope

pytestmark = pytest.mark.django_db


def test_the_demo_dashboard_shows_demand_by_real_province():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    today = timezone.localdate()
    teams = tuple(Team.objects.values_list("pk", flat=True))
    demand = selectors.demand(Scope(teams, today - dt.timedelta(days=3 * 365), today))
    provinces = {row.key: row.count for row in demand.provinces if row.count}
    assert provinces == {
        "FR": 1,
        "GE": 3,
        "GR": 1,
        "LI": 1,
        "NB": 2,
        "NH": 1,
        "OV": 1,
        "UT": 3,
        "ZH": 2,
    }
    assert sum(provinces.values()) == demand.total
    assert all(row.province for row in demand.municipalities)
