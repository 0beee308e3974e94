"""DESIGN §8's arithmetic, exactly, and for every input."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from cofinancing.ledger import Terms, cents, is_quarter_hour, split

WORKED = Terms(
    hourly_rate=Decimal("140"),
    programme_hours=Decimal("24"),
    requester_share=Decimal("0.5"),
    requester_cap=None,
    agreed_hours=Decimal("80"),
)


def test_the_worked_example_of_design_8():
    result = split(WORKED, Decimal("40"))
    assert (result.cost, result.requester_part, result.programme_part) == (
        Decimal("5600.00"),
        Decimal("1120.00"),
        Decimal("4480.00"),
    )
    assert result.hours_left == Decimal("40")
    assert result.share_used == Decimal("0.5")


def test_within_the_programme_hours_the_requester_pays_nothing():
    assert split(WORKED, Decimal("24")).requester_part == Decimal("0.00")


def test_the_cap_limits_the_requester_part():
    capped = Terms(**{**WORKED.__dict__, "requester_cap": Decimal("1000")})
    result = split(capped, Decimal("40"))
    assert (result.requester_part, result.programme_part) == (
        Decimal("1000.00"),
        Decimal("4600.00"),
    )


def test_rounding_at_the_cent_is_half_up():
    odd = Terms(
        hourly_rate=Decimal("99.99"),
        programme_hours=Decimal("0"),
        requester_share=Decimal("0.33"),
        requester_cap=None,
        agreed_hours=Decimal("10"),
    )
    result = split(odd, Decimal("0.25"))
    assert result.cost == Decimal("25.00")  # 24.9975
    assert result.requester_part == Decimal("8.25")  # 8.249175
    assert result.programme_part == Decimal("16.75")
    assert cents(Decimal("0.005")) == Decimal("0.01")
    assert cents(Decimal("2.675")) == Decimal("2.68")  # no binary floating point here


def test_quarter_hours():
    assert is_quarter_hour(Decimal("0.25"))
    assert is_quarter_hour(Decimal("7.75"))
    assert not is_quarter_hour(Decimal("0.3"))
    assert not is_quarter_hour(Decimal("0"))


money = st.decimals(min_value=0, max_value=500, places=2)
hours = st.decimals(min_value=0, max_value=2000, places=2)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    rate=money,
    programme=hours,
    share=st.decimals(min_value=0, max_value=1, places=2),
    cap=st.none() | st.decimals(min_value=0, max_value=100000, places=2),
    used=hours,
)
def test_the_parts_always_add_up_and_the_requester_part_stays_within_its_cap(
    rate, programme, share, cap, used
):
    result = split(Terms(rate, programme, share, cap, Decimal("100")), used)
    assert result.programme_part + result.requester_part == result.cost
    assert result.requester_part >= 0
    if cap is not None:
        assert result.requester_part <= cents(cap)
    assert result.programme_part >= 0
