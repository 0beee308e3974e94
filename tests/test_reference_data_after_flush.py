"""The suite's own guarantee: a transactional test does not take the reference data along."""

import pytest

from experts.models import Team
from organisations.models import Organisation


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_may_empty_the_database():
    Organisation.objects.all().delete()
    assert not Organisation.objects.exists()


# Transactional too: pytest-django runs those after all others, in file order.
@pytest.mark.django_db(transaction=True)
def test_the_next_test_still_finds_the_municipalities_and_teams():
    assert Organisation.objects.filter(kind="municipality").count() == 342
    assert Team.objects.count() == 2
