"""The co-financing arithmetic of DESIGN §8, as pure functions on Decimal (never float).

For an agreement with hourly rate R, programme-paid hours F, requester share s (0 to 1), an
optional cap C on the requester part, and hours used U:

    cost            = U * R
    requester part  = min(C, max(0, U - F) * R * s)
    programme part  = cost - requester part

Amounts are kept exact and rounded half-up to the cent only where they are shown or stated;
the programme part is cost minus the *rounded* requester part, so the two always add up to the
rounded cost.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")
QUARTER = Decimal("0.25")


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Terms:
    hourly_rate: Decimal
    programme_hours: Decimal
    requester_share: Decimal  # 0.50 for 50%
    requester_cap: Decimal | None
    agreed_hours: Decimal


@dataclass(frozen=True)
class Split:
    hours_used: Decimal
    hours_left: Decimal
    cost: Decimal
    requester_part: Decimal
    programme_part: Decimal
    share_used: Decimal  # hours used / agreed hours, 0 to 1 and beyond


def split(terms: Terms, hours_used: Decimal) -> Split:
    cost = cents(hours_used * terms.hourly_rate)
    requester = max(ZERO, hours_used - terms.programme_hours) * terms.hourly_rate
    requester *= terms.requester_share
    if terms.requester_cap is not None:
        requester = min(requester, terms.requester_cap)
    requester = cents(requester)
    return Split(
        hours_used=hours_used,
        hours_left=terms.agreed_hours - hours_used,
        cost=cost,
        requester_part=requester,
        programme_part=cost - requester,
        share_used=(hours_used / terms.agreed_hours) if terms.agreed_hours else ZERO,
    )


def is_quarter_hour(hours: Decimal) -> bool:
    return hours > ZERO and (hours / QUARTER) == (hours / QUARTER).to_integral_value()
