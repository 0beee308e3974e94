"""Every municipality knows its province, so the reports' demand by province is real
(CBS division of 1 January 2025: 342 municipalities in twelve provinces)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from organisations.models import Organisation, Province
from organisations.reference import load_municipalities, municipality_rows

MUNICIPALITIES_PER_PROVINCE = {
    "GR": 10,
    "FR": 18,
    "DR": 12,
    "OV": 25,
    "FL": 6,
    "GE": 51,
    "UT": 26,
    "NH": 44,
    "ZH": 50,
    "ZE": 13,
    "NB": 56,
    "LI": 31,
}
BEFORE = ("organisations", "0002_organisation_added_by_name_once")
FILLED = ("organisations", "0003_municipality_provinces")


def test_the_list_gives_each_of_the_342_codes_one_known_province():
    rows = municipality_rows()
    assert len({row["cbs_code"] for row in rows}) == len(rows) == 342
    assert {row["province"] for row in rows} == set(Province.values)


@pytest.mark.django_db
def test_every_municipality_in_the_database_has_its_province():
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    assert not municipalities.filter(province="").exists()
    assert Counter(municipalities.values_list("province", flat=True)) == MUNICIPALITIES_PER_PROVINCE
    assert sum(MUNICIPALITIES_PER_PROVINCE.values()) == 342
    # Spot checks, also on municipalities near a border.
    by_code = dict(municipalities.values_list("cbs_code", "province"))
    assert by_code["GM0345"] == "UT"  # Veenendaal
    assert by_code["GM0228"] == "GE"  # Ede, its neighbour across the border
    assert by_code["GM1961"] == "UT"  # Vijfheerenlanden
    assert by_code["GM0171"] == "FL"  # Noordoostpolder
    assert by_code["GM0944"] == "LI"  # Mook en Middelaar
    assert by_code["GM1959"] == "NB"  # Altena


@pytest.mark.django_db
def test_a_municipality_loaded_again_comes_with_its_province():
    Organisation.objects.filter(cbs_code="GM0088").delete()  # Schiermonnikoog
    assert load_municipalities(Organisation) == 1
    assert Organisation.objects.get(cbs_code="GM0088").province == "FR"


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_blank_provinces_and_keeps_one_an_administrator_set():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old = executor.loader.project_state([BEFORE]).apps.get_model("organisations", "Organisation")
    old.objects.filter(kind="municipality").update(province="")
    old.objects.filter(cbs_code="GM0340").update(province="GE")  # Rhenen, an admin's choice

    executor = MigrationExecutor(connection)
    executor.migrate([FILLED])
    provinces = dict(
        Organisation.objects.values_list("cbs_code", "province").exclude(cbs_code=None)
    )
    assert provinces["GM0345"] == "UT"
    assert provinces["GM0340"] == "GE"
    assert not [code for code, province in provinces.items() if not province]

    # Going back leaves the provinces as they are.
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    assert Organisation.objects.get(cbs_code="GM0345").province == "UT"

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
