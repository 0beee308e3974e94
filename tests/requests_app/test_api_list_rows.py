"""The API list builds its rows by hand for speed; they must say exactly what the serializer
declares (the detail view uses the serializer, so the shared fields must agree)."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from experts.models import Theme
from tests.factories import file_request

pytestmark = pytest.mark.django_db


def test_list_rows_match_the_serializer_field_for_field(requester, weer_thuis, ede, time_machine):
    time_machine.move_to(dt.datetime(2026, 11, 2, 10, tzinfo=dt.UTC))
    file_request(requester=requester, team=weer_thuis)  # overdue a month later
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC))
    file_request(
        requester=requester,
        team=weer_thuis,
        partners=[ede],
        themes=list(Theme.objects.filter(slug__in=["businesscase", "locatiekeuze"])),
    )
    file_request(requester=requester, team=None)  # no team: "team" is null
    file_request(requester=requester, submit=False)  # a draft: no reference, no dates
    client = APIClient()
    client.force_login(requester)
    rows = client.get("/api/v1/requests/").json()["results"]
    assert len(rows) == 4
    assert [row["is_overdue"] for row in rows] == [False, False, False, True]
    for row in rows:
        detail = client.get(f"/api/v1/requests/{row['id']}/").json()
        assert {key: detail[key] for key in row} == row
    assert [theme["slug"] for theme in rows[2]["themes"]] == ["businesscase", "locatiekeuze"]
