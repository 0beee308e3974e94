"""How the satisfaction survey's events read on a request's timeline (registered with
requests_app's timeline)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from requests_app.event_descriptions import register_title


def _invited(data: dict) -> str:
    people = data.get("people", 0)
    return ngettext(
        "Satisfaction survey sent to %(count)d person",
        "Satisfaction survey sent to %(count)d people",
        people,
    ) % {"count": people}


def register_titles() -> None:
    register_title("satisfaction.invited", _invited)
    register_title(
        "satisfaction.answered",
        lambda d: _("Satisfaction survey answered: %(score)s out of 5") % {"score": d.get("score")},
    )
    register_title(
        "satisfaction.expired",
        lambda d: (
            _("No satisfaction score within %(days)s days; the request is closed")
            % {"days": d.get("days")}
        ),
    )
