"""Requesters add a housing corporation or care provider that is not listed yet."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.utils import translation

from organisations.models import Organisation
from organisations.services.organisations import add_partner_organisation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages in English, the source language (Dutch ones come from the translations)."""
    with translation.override("en"):
        yield


def test_a_requester_adds_a_housing_corporation(requester):
    added = add_partner_organisation(
        actor=requester, kind="housing_corporation", name="  Patrimonium   woonstichting "
    )
    assert (added.name, added.kind, added.active, added.cbs_code) == (
        "Patrimonium woonstichting",
        Organisation.Kind.HOUSING_CORPORATION,
        True,
        None,
    )


def test_the_same_name_and_kind_is_reused_instead_of_duplicated(requester):
    first = add_partner_organisation(actor=requester, kind="care_provider", name="Iriszorg")
    again = add_partner_organisation(actor=requester, kind="care_provider", name="IRISZORG")
    assert again == first
    assert Organisation.objects.filter(name__iexact="iriszorg").count() == 1


def test_an_inactive_namesake_is_not_brought_back(requester):
    Organisation.objects.create(kind="care_provider", name="Oude Zorg", active=False)
    with pytest.raises(ValidationError) as refused:
        add_partner_organisation(actor=requester, kind="care_provider", name="oude zorg")
    assert refused.value.message_dict == {
        "name": ["Oude Zorg is no longer an active organisation."]
    }


@pytest.mark.parametrize(
    ("kind", "name", "errors"),
    [
        (
            "municipality",
            "Nieuwegemeente",
            {"kind": ["Choose whether it is a housing corporation or a care provider."]},
        ),
        ("care_provider", "   ", {"name": ["Give the name of the organisation."]}),
        ("care_provider", "x" * 201, {"name": ["Keep the name under 200 characters."]}),
    ],
)
def test_only_named_corporations_and_care_providers_can_be_added(requester, kind, name, errors):
    with pytest.raises(ValidationError) as refused:
        add_partner_organisation(actor=requester, kind=kind, name=name)
    assert refused.value.message_dict == errors
    assert not Organisation.objects.filter(kind="care_provider").exists()


def test_people_without_an_organisation_cannot_add_one(db):
    with pytest.raises(PermissionDenied):
        add_partner_organisation(actor=UserFactory(), kind="housing_corporation", name="Woonstede")
    assert not Organisation.objects.filter(name="Woonstede").exists()


@pytest.mark.django_db(transaction=True)
def test_people_adding_the_same_organisation_at_once_get_one_row(requester):
    """8 requesters add the same new care provider at the same moment, 15 times over. Without
    the constraint organisation_added_by_name_once PostgreSQL lets twins in (each checks, sees
    nothing, inserts)."""
    people = [requester] + [
        MembershipFactory(organisation=requester.memberships.first().organisation).user
        for _ in range(7)
    ]
    rounds = 15
    barrier = threading.Barrier(len(people))
    results: dict[int, set[int]] = {round_: set() for round_ in range(rounds)}
    failures: list[BaseException] = []
    lock = threading.Lock()

    def add_all(person) -> None:
        try:
            for round_ in range(rounds):
                barrier.wait(timeout=30)
                added = add_partner_organisation(
                    actor=person, kind="care_provider", name=f"Zorggroep Gelijktijdig {round_}"
                )
                with lock:
                    results[round_].add(added.pk)
        except BaseException as problem:  # reported below, not lost in the thread
            failures.append(problem)
            barrier.abort()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add_all, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert all(len(ids) == 1 for ids in results.values()), results
    assert Organisation.objects.filter(name__startswith="Zorggroep Gelijktijdig").count() == rounds
