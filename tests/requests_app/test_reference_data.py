import pytest
from django.core.management import call_command

from accounts.models import User
from experts.models import Expert, Skill, Team, Theme
from mail.models import OutboundMail
from meetings.models import FeedToken, Meeting
from organisations.models import Membership, Organisation
from requests_app.enums import Status
from requests_app.models import AdviceRequest, Assignment, Event

pytestmark = pytest.mark.django_db


def test_all_342_municipalities_are_loaded_with_their_cbs_code():
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    assert municipalities.count() == 342
    assert municipalities.get(cbs_code="GM0345").name == "Veenendaal"
    assert municipalities.get(cbs_code="GM0014").name == "Groningen"
    assert municipalities.filter(cbs_code__isnull=True).count() == 0


def test_both_teams_exist_with_their_cofinancing_defaults():
    teams = {team.slug: team for team in Team.objects.all()}
    assert sorted(teams) == ["weer-thuis", "woningbouw"]
    weer_thuis = teams["weer-thuis"]
    assert (weer_thuis.hourly_rate, weer_thuis.programme_hours, weer_thuis.requester_share) == (
        140,
        24,
        0.5,
    )
    assert weer_thuis.triage_working_days == 5


def test_themes_have_dutch_and_english_names_and_team_relevance():
    assert Theme.objects.count() >= 20
    theme = Theme.objects.get(slug="anders-wonen")
    assert theme.name == "Anders Wonen / Skaeve Huse"
    assert list(theme.teams.values_list("slug", flat=True)) == ["weer-thuis"]
    assert Theme.objects.filter(name_en="").count() == 0
    assert set(Theme.objects.get(slug="businesscase").teams.values_list("slug", flat=True)) == {
        "woningbouw",
        "weer-thuis",
    }


def _snapshot() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "experts": Expert.objects.count(),
        "skills": Skill.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "requests": AdviceRequest.objects.count(),
        "events": Event.objects.count(),
        "meetings": Meeting.objects.count(),
        "mails": OutboundMail.objects.count(),
    }


def test_seed_demo_creates_the_story_cast_and_running_it_twice_changes_nothing():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _snapshot()
    assert first["experts"] == 40
    assert Organisation.objects.filter(name="Regio Foodvalley").exists()
    assert Organisation.objects.filter(kind=Organisation.Kind.HOUSING_CORPORATION).count() == 2
    assert Organisation.objects.filter(kind=Organisation.Kind.CARE_PROVIDER).count() == 1
    assert Team.objects.get(slug="weer-thuis").coordinators.count() == 1
    assert Expert.objects.filter(teams__slug="woningbouw").filter(teams__slug="weer-thuis").exists()
    assert set(AdviceRequest.objects.values_list("status", flat=True)) == set(Status.values)
    canonical = AdviceRequest.objects.get(title="Anders Wonen in Regio Foodvalley")
    assert canonical.lead_organisation.cbs_code == "GM0345"
    assert canonical.partners.count() == 11
    assert canonical.status == Status.IN_PROGRESS  # accepted, agreed, work started
    # DESIGN §3 step 3: the demo expert leads, a Woningbouw expert helps with the business case.
    story = {
        (a.expert.user.email, a.role, a.status, tuple(t.slug for t in a.expert.teams.all()))
        for a in canonical.assignments.select_related("expert__user")
    }
    demo_expert = "sanne.devries@experts.example"  # the README's demo expert
    assert (demo_expert, "lead", "accepted") in {row[:3] for row in story}
    assert any(
        role == "member" and status == "accepted" and teams == ("woningbouw",)
        for _, role, status, teams in story
    )
    # Every role's home has something to do.
    assert Assignment.objects.filter(expert__user__email=demo_expert, status="proposed").exists()
    assert AdviceRequest.objects.filter(
        lead_organisation__cbs_code="GM0345", status=Status.NEEDS_INFO
    ).exists()
    # DESIGN §3 step 5: the kick-off, answered once by link and once from a calendar app.
    kick_off = Meeting.objects.get(request=canonical)
    answers = set(kick_off.attendees.values_list("answer", "answered_via"))
    assert {("ACCEPTED", "link"), ("ACCEPTED", "calendar")} <= answers
    assert OutboundMail.objects.filter(calendar_method="REQUEST").count() >= 3
    assert FeedToken.objects.filter(owner__email=demo_expert).count() == 1
    # DESIGN §3 steps 4 and 6: an accepted agreement and hours past 80%, with its warning.
    assert canonical.agreement.status == "accepted"
    assert canonical.time_entries.count() == 10
    assert OutboundMail.objects.filter(key__startswith="agreement-warning:").exists()
    assert AdviceRequest.objects.filter(team__slug="woningbouw").exists()
    assert AdviceRequest.objects.filter(team__isnull=True, status=Status.SUBMITTED).exists()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _snapshot() == first
