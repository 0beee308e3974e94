"""Shared fixtures: one person per role, built from the real reference data (migrations)."""

from __future__ import annotations

import pytest
from django.core.cache import caches

from experts.models import Team
from organisations.models import Organisation
from requests_app.models import ListVersion
from tests.factories import ExpertFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _reference_data_survives_flushes(request, django_db_blocker):
    """A test on a transactional database ends with a flush that empties every table, also
    the reference data the migrations loaded. pytest-django runs those tests last, so each of
    them puts the reference data back first (the flush itself runs after our teardown)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if transactional:
        from experts.models import Theme
        from experts.reference import load_teams_and_themes
        from organisations.reference import load_municipalities

        with django_db_blocker.unblock():
            load_teams_and_themes(Team, Theme)
            load_municipalities(Organisation)
            ListVersion.objects.get_or_create(pk=1)


@pytest.fixture(autouse=True)
def _no_counts_kept_from_another_test():
    """List counts are kept per process under the list version; a rolled-back test leaves
    the version where it was, so a count from one test could otherwise answer in the next."""
    caches["local"].clear()


@pytest.fixture
def woningbouw(db) -> Team:
    return Team.objects.get(slug="woningbouw")


@pytest.fixture
def weer_thuis(db) -> Team:
    return Team.objects.get(slug="weer-thuis")


@pytest.fixture
def veenendaal(db) -> Organisation:
    return Organisation.objects.get(cbs_code="GM0345")


@pytest.fixture
def ede(db) -> Organisation:
    return Organisation.objects.get(cbs_code="GM0228")


@pytest.fixture
def requester(veenendaal):
    return MembershipFactory(organisation=veenendaal, user__email="rik@veenendaal.nl").user


@pytest.fixture
def requester_ede(ede):
    return MembershipFactory(organisation=ede, user__email="esther@ede.nl").user


@pytest.fixture
def coordinator_weer_thuis(weer_thuis):
    user = UserFactory(email="wendy@rvo.nl")
    weer_thuis.coordinators.add(user)
    return user


@pytest.fixture
def coordinator_woningbouw(woningbouw):
    user = UserFactory(email="wim@rvo.nl")
    woningbouw.coordinators.add(user)
    return user


@pytest.fixture
def expert(weer_thuis):
    return ExpertFactory(user__email="sanne@experts.nl", teams=[weer_thuis]).user


@pytest.fixture
def admin_user(db):
    return UserFactory(email="bea@rvo.nl", is_staff=True, is_superuser=True)


@pytest.fixture
def english():
    """Service messages in English, for tests that read them (the default language is Dutch)."""
    from django.utils import translation

    with translation.override("en"):
        yield
