"""One date style per context and numbers in the reader's format, in Dutch and in English."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from requests_app import matching
from requests_app.event_descriptions import describe
from requests_app.models import Event


def render(source: str, **context) -> str:
    return Template("{% load expertdesk_format %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "date", "date_time"),
    [
        ("nl", "5 dec. 2026", "10 nov. 2026 09:05"),
        ("en", "5 Dec 2026", "10 Nov 2026 09:05"),
    ],
)
def test_dates_have_one_style_with_the_readers_month_names(language, date, date_time):
    with translation.override(language):
        assert date_format(dt.date(2026, 12, 5)) == date
        assert date_format(dt.date(2026, 12, 5), "SHORT_DATE_FORMAT") == date
        assert date_format(dt.datetime(2026, 11, 10, 9, 5), "DATETIME_FORMAT") == date_time
        assert render('{{ day|date:"DATE_FORMAT" }}', day=dt.date(2026, 12, 5)) == date


def test_dutch_months_are_abbreviated_as_dutch_writes_them():
    with translation.override("nl"):
        months = [date_format(dt.date(2026, month, 1), "N") for month in range(1, 13)]
    assert months == [
        "jan.", "feb.", "mrt.", "apr.", "mei", "jun.",
        "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "expected"), [("nl", "€ 1.000.000,00"), ("en", "€ 1,000,000.00")]
)
def test_amounts_have_thousands_separators_and_cents(language, expected):
    with translation.override(language):
        assert render("{{ amount|euro }}", amount=Decimal("1000000")) == expected
        assert render("{{ amount|euro }}", amount=None) == ""


def test_hours_in_the_suggestions_are_in_the_readers_format():
    reason = {"code": "free", "hours": 22.2}
    with translation.override("nl"):
        assert matching.describe(reason) == "22,2 u/week vrij"
    with translation.override("en"):
        assert matching.describe(reason) == "22.2 h/week free"


@pytest.mark.django_db
def test_hours_and_days_on_the_timeline_are_in_the_readers_format():
    event = Event(
        action="hours.corrected",
        data={"day": "2026-12-04", "from": "4.00", "to": "3.50"},
        created_at=dt.datetime(2026, 12, 5, tzinfo=dt.UTC),
    )
    with translation.override("nl"):
        title = describe(event, teams={}, show_deadline=False).title
    assert title == "Uren van 4 dec. 2026 gecorrigeerd van 4 naar 3,5"


# What a template may ask of the date filter: the styles of expertdesk/formats, a meeting's or
# a deadline's day with its weekday, a month or week on its own, and machine formats for
# attributes (datetime=, value=, test ids).
ALLOWED_DATE_FORMATS = {
    "DATE_FORMAT",
    "DATETIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "l j F Y",
    "F",
    "W",
    "c",
    "Y-m-d",
    "Y-m",
}
APPS = ["accounts", "cofinancing", "core", "experts", "expertdesk", "mail", "meetings"]
APPS += ["organisations", "reports", "requests_app"]


def test_templates_use_one_date_style_per_context():
    base = Path(settings.BASE_DIR)
    found = {}
    for app in APPS:
        for path in (base / app).rglob("templates/**/*"):
            if path.suffix not in {".html", ".txt"}:
                continue
            for style in re.findall(r"\|date:[\"']([^\"']*)[\"']", path.read_text()):
                found.setdefault(style, str(path.relative_to(base)))
    strays = {style: where for style, where in found.items() if style not in ALLOWED_DATE_FORMATS}
    assert strays == {}
    assert {"DATE_FORMAT", "DATETIME_FORMAT"} <= set(found)  # the reading found the templates
