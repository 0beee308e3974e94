"""Experts shared by the triage API tests (other modules define their own when they differ)."""

import pytest

from tests.factories import skilled_expert


@pytest.fixture
def sanne(weer_thuis):
    """An authority on Anders Wonen with 16 hours a week."""
    return skilled_expert(
        teams=[weer_thuis],
        skills={"anders-wonen": 3},
        user__first_name="Sanne",
        user__last_name="de Vries",
        user__email="s.devries@experts.nl",
    )


@pytest.fixture
def joost(weer_thuis):
    """Experienced in Anders Wonen, 8 hours a week."""
    return skilled_expert(
        teams=[weer_thuis],
        skills={"anders-wonen": 2},
        capacity="8",
        user__first_name="Joost",
        user__last_name="Bakker",
        user__email="joost@experts.nl",
    )
