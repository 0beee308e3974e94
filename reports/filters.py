"""The dashboard's choice of teams and period, from the URL (a view can be bookmarked and
shared): ``team`` (a team's slug, or ``alle`` for all the person's teams), ``start`` and
``end`` (ISO dates, both included). The yearly overview takes ``team`` and ``year``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experts.models import Team
from reports.scope import Scope

ALL = "alle"
MAX_DAYS = 366 * 5  # five years at most: a longer period says nothing a coordinator steers by
FIRST_YEAR, LAST_YEAR = 2000, 2100


class TeamChoiceField(forms.ChoiceField):
    """A team's slug, or "alle": valid for everybody (a shared address means "all of the
    reader's teams"), but offered only to who has more than one."""

    def valid_value(self, value: str) -> bool:
        return value == ALL or super().valid_value(value)


class _TeamForm(forms.Form):
    team = TeamChoiceField(label=_("Team"), required=False)

    def __init__(self, data, *, teams: list[Team]) -> None:
        super().__init__(data)
        self.teams = teams
        choices = [(team.slug, team.display_name) for team in teams]
        if len(teams) > 1:
            choices.insert(0, (ALL, _("All my teams") if len(teams) == 2 else _("All teams")))
        self.fields["team"].choices = choices
        # "alle" is valid for everybody (a shared address means "all of the reader's teams"),
        # but offered only to who has more than one.
        self.fields["team"].valid_value = lambda value: (
            value == ALL or any(value == slug for slug, _label in choices)
        )

    def names_a_foreign_team(self) -> bool:
        """The URL names a team that exists but is not the person's: not theirs to see (403),
        rather than a typo (400)."""
        wanted = self.data.get("team")
        if not wanted or wanted == ALL or wanted in {team.slug for team in self.teams}:
            return False
        return Team.objects.filter(slug=wanted).exists()

    def clean_team(self) -> str:
        return self.cleaned_data["team"] or self.fields["team"].choices[0][0]

    def chosen_teams(self) -> list[Team]:
        slug = self.cleaned_data["team"]
        return self.teams if slug == ALL else [t for t in self.teams if t.slug == slug]

    def team_label(self) -> str:
        chosen = self.chosen_teams()
        if len(chosen) == 1:
            return chosen[0].display_name
        return ", ".join(team.display_name for team in chosen)


def _this_year() -> int:
    return timezone.localdate().year


class ScopeForm(_TeamForm):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until (included)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_start(self) -> dt.date:
        return self.cleaned_data["start"] or dt.date(_this_year(), 1, 1)

    def clean_end(self) -> dt.date:
        return self.cleaned_data["end"] or dt.date(_this_year(), 12, 31)

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", _("The end lies before the start."))
            elif (end - start).days >= MAX_DAYS:
                self.add_error("end", _("Choose a period of at most five years."))
            elif start.year < FIRST_YEAR or end.year > LAST_YEAR:
                self.add_error("start", _("Choose dates between 2000 and 2100."))
        return data

    def scope(self) -> Scope:
        return Scope(
            team_ids=tuple(team.pk for team in self.chosen_teams()),
            start=self.cleaned_data["start"],
            end=self.cleaned_data["end"],
        )

    def query(self) -> str:
        """The scope as URL parameters, for the charts and downloads of the same view."""
        return scope_query(self.cleaned_data["team"], self.scope())


def scope_query(team: str, scope: Scope) -> str:
    query = QueryDict(mutable=True)
    query["team"] = team
    query["start"] = scope.start.isoformat()
    query["end"] = scope.end.isoformat()
    return query.urlencode()


class YearForm(_TeamForm):
    year = forms.IntegerField(
        label=_("Year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def clean_year(self) -> int:
        return self.cleaned_data["year"] or _this_year()

    def scope(self) -> Scope:
        year = self.cleaned_data["year"]
        return Scope(
            team_ids=tuple(team.pk for team in self.chosen_teams()),
            start=dt.date(year, 1, 1),
            end=dt.date(year, 12, 31),
        )
