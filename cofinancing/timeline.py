"""How co-financing events read on a request's timeline (registered with requests_app's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from requests_app.event_descriptions import register_title


def _hours(data: dict, key: str = "hours") -> str:
    """Hours as the reader writes numbers ("12,5" in Dutch); events store them as text."""
    try:
        value = Decimal(str(data.get(key, "")))
    except InvalidOperation:
        return str(data.get(key, ""))
    return number_format(int(value) if value == value.to_integral() else value.normalize())


def _day(data: dict) -> str:
    try:
        return date_format(dt.date.fromisoformat(data.get("day", "")), "DATE_FORMAT")
    except (TypeError, ValueError):
        return str(data.get("day", ""))


def register_titles() -> None:
    register_title(
        "agreement.offered",
        lambda d: _("Co-financing offered: %(hours)s hours") % {"hours": _hours(d)},
    )
    register_title(
        "agreement.amended",
        lambda d: (
            _("Co-financing amended (version %(version)s): %(hours)s hours")
            % {"version": d.get("version", ""), "hours": _hours(d)}
        ),
    )
    register_title(
        "agreement.accepted",
        lambda d: (
            _("Co-financing accepted (version %(version)s)") % {"version": d.get("version", "")}
        ),
    )
    register_title(
        "agreement.declined",
        lambda d: (
            _("Co-financing declined (version %(version)s)") % {"version": d.get("version", "")}
        ),
    )
    register_title("agreement.closed", lambda d: _("Co-financing agreement closed"))
    register_title(
        "agreement.warning",
        lambda d: _("%(level)s%% of the agreed hours used") % {"level": d.get("level", "")},
    )
    register_title(
        "hours.logged",
        lambda d: _("%(hours)s hours logged for %(day)s") % {"hours": _hours(d), "day": _day(d)},
    )
    register_title(
        "hours.corrected",
        lambda d: (
            _("Hours of %(day)s corrected from %(from)s to %(to)s")
            % {"day": _day(d), "from": _hours(d, "from"), "to": _hours(d, "to")}
        ),
    )
