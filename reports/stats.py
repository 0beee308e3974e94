"""Median and percentiles, computed in Python the same on SQLite and PostgreSQL.

The method is linear interpolation between the closest ranks (PostgreSQL's ``percentile_cont``,
Excel's ``PERCENTILE.INC``, NumPy's default): for sorted values v[0..n-1] the p-th percentile
lies at position p x (n - 1); between two values it is interpolated. The median is p = 0.5 (the
mean of the two middle values for an even count). Exact: Decimal, never float.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal


def percentile(values: Iterable[int | Decimal], p: Decimal) -> Decimal | None:
    """The ``p``-th percentile (0 to 1) of ``values``; None when there are none."""
    ordered = sorted(values)  # as given (whole seconds, say): only two become Decimal
    if not ordered:
        return None
    position = p * (len(ordered) - 1)
    below = int(position)
    fraction = position - below
    low = Decimal(ordered[below])
    if fraction == 0:
        return low
    return low + (Decimal(ordered[below + 1]) - low) * fraction


def share(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part`` of ``whole`` in per cent, exact; None when the whole is nothing."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)
