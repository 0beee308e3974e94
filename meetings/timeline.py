"""How meeting events read on a request's timeline (registered with requests_app's timeline)."""

from __future__ import annotations

import datetime as dt

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.workdays import AMSTERDAM
from requests_app.event_descriptions import register_title


def _when(data: dict) -> str:
    try:
        start = dt.datetime.fromisoformat(data["start"]).astimezone(AMSTERDAM)
    except (KeyError, TypeError, ValueError):
        return ""
    return date_format(start, "DATETIME_FORMAT")


def _answer(data: dict) -> str:
    return {
        "ACCEPTED": _("%(name)s accepted “%(title)s”"),
        "TENTATIVE": _("%(name)s answered “%(title)s” with maybe"),
        "DECLINED": _("%(name)s declined “%(title)s”"),
    }.get(data.get("answer", ""), _("%(name)s answered “%(title)s”")) % {
        "name": data.get("name", ""),
        "title": data.get("title", ""),
    }


def register_titles() -> None:
    register_title(
        "meeting.scheduled",
        lambda d: (
            _("Meeting planned: “%(title)s” on %(when)s")
            % {"title": d.get("title", ""), "when": _when(d)}
        ),
    )
    register_title(
        "meeting.changed",
        lambda d: (
            _("Meeting moved or changed: “%(title)s”, now on %(when)s")
            % {"title": d.get("title", ""), "when": _when(d)}
        ),
    )
    register_title(
        "meeting.attendee_added",
        lambda d: (
            _("%(name)s invited to “%(title)s”")
            % {"name": d.get("name", ""), "title": d.get("title", "")}
        ),
    )
    register_title(
        "meeting.attendee_removed",
        lambda d: (
            _("%(name)s taken off “%(title)s”")
            % {"name": d.get("name", ""), "title": d.get("title", "")}
        ),
    )
    register_title(
        "meeting.cancelled",
        lambda d: (
            _("Meeting cancelled: “%(title)s” on %(when)s")
            % {"title": d.get("title", ""), "when": _when(d)}
        ),
    )
    register_title("meeting.answered", _answer)
