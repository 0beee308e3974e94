"""How co-financing events read on a request's timeline (registered with requests_app's)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from requests_app.event_descriptions import register_title


def register_titles() -> None:
    register_title(
        "agreement.offered",
        lambda d: _("Co-financing offered: %(hours)s hours") % {"hours": d.get("hours", "")},
    )
    register_title(
        "agreement.amended",
        lambda d: (
            _("Co-financing amended (version %(version)s): %(hours)s hours")
            % {"version": d.get("version", ""), "hours": d.get("hours", "")}
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
        lambda d: (
            _("%(hours)s hours logged for %(day)s")
            % {"hours": d.get("hours", ""), "day": d.get("day", "")}
        ),
    )
    register_title(
        "hours.corrected",
        lambda d: (
            _("Hours of %(day)s corrected from %(from)s to %(to)s")
            % {"day": d.get("day", ""), "from": d.get("from", ""), "to": d.get("to", "")}
        ),
    )
