"""CSV files the way Dutch Excel opens them: ``;``-separated, UTF-8 with a BOM, a decimal comma.

One writer for every download (statements, the programme view, the dashboard's tables), so a
file from any page opens the same; numbers are written from Decimal, never float.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse

CENT = Decimal("0.01")


def comma(value: Decimal | int | None, places: int | None = None) -> str:
    """1234.5 → "1234,5" (or "1234,50" with ``places=2``): a number Dutch Excel reads as one.
    None is an empty cell."""
    if value is None:
        return ""
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{number:f}".replace(".", ",")


def euros(amount: Decimal | None) -> str:
    """An amount to the cent, half-up: "1234,50"."""
    return comma(amount, 2)


def csv_response(
    name: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # the BOM: Excel then reads UTF-8
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return response
