"""Database expressions the figures need, written out per database where Django has none
(SQLite and PostgreSQL give the same numbers): whole seconds of a moment, the days two date
ranges share, hundredths of hours as whole numbers."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField, F, Func, IntegerField, Value


class EpochSeconds(Func):
    """A moment as whole seconds since 1970 (UTC), by the database: ten thousand requests'
    five moments each are read as integers instead of parsed as datetimes one by one. (The
    doubled %% survives both the template and the query's own placeholders.)"""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)",
        )


class OverlapDays(Func):
    """The days a date range (two date fields) shares with the period [start, end], by the
    database; never negative when the caller keeps only the ranges that touch the period."""

    output_field = IntegerField()
    templates = {
        # julianday of whole dates is a whole number; MIN and MAX of two are scalar here.
        "sqlite": "CAST(julianday(MIN({1}, {3})) - julianday(MAX({0}, {2})) + 1 AS INTEGER)",
        "postgresql": "(LEAST({1}, {3}) - GREATEST({0}, {2}) + 1)",
    }
    order = {"sqlite": (1, 3, 0, 2), "postgresql": (1, 3, 0, 2)}

    def __init__(self, first: str, last: str, start: dt.date, end: dt.date) -> None:
        super().__init__(
            F(first),
            F(last),
            Value(start, output_field=DateField()),
            Value(end, output_field=DateField()),
        )

    def as_sql(self, compiler, connection, **extra):
        compiled = [compiler.compile(part) for part in self.get_source_expressions()]
        sql = self.templates[connection.vendor].format(*(part for part, _ in compiled))
        params = [p for index in self.order[connection.vendor] for p in compiled[index][1]]
        return sql, params


class CentiPerWeek(Func):
    """An assignment's hours per week x 100 as a whole number (they are in hundredths)."""

    template = "CAST(ROUND(%(expressions)s * 100) AS INTEGER)"
    output_field = IntegerField()
