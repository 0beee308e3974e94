"""factory_boy factories for the whole suite."""

from __future__ import annotations

from decimal import Decimal

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from experts.models import Absence, ConflictOfInterest, Expert, Skill, Team, Theme
from organisations.models import Membership, Organisation

PASSWORD = "Correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = Organisation.Kind.HOUSING_CORPORATION
    name = factory.Sequence(lambda n: f"Woningcorporatie {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"team-{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    name_en = factory.Sequence(lambda n: f"Team {n}")
    hourly_rate = Decimal("140.00")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    weekly_capacity_hours = Decimal("16")

    @factory.post_generation
    def teams(self, create: bool, extracted: list[Team] | None, **kwargs: object) -> None:
        if create and extracted:
            self.teams.set(extracted)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    expert = factory.SubFactory(ExpertFactory)
    theme = factory.SubFactory(ThemeFactory)
    level = 2


class AbsenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Absence

    expert = factory.SubFactory(ExpertFactory)


class ConflictOfInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictOfInterest

    expert = factory.SubFactory(ExpertFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def file_request(*, requester, organisation=None, themes=None, team=None, submit=True, **fields):
    """Build a request through the real services, as a requester would."""
    from experts.models import Theme
    from organisations.models import Organisation
    from requests_app.services import intake, lifecycle

    organisation = organisation or Organisation.objects.get(
        memberships__user=requester, memberships__status="active"
    )
    data = intake.RequestData(
        title=fields.pop("title", "Anders Wonen in de regio"),
        question=fields.pop("question", "Hoe maken we een businesscase voor Skaeve Huse?"),
        team=team,
        themes=themes if themes is not None else [Theme.objects.get(slug="anders-wonen")],
        **fields,
    )
    request = intake.create_draft(actor=requester, lead_organisation=organisation, data=data)
    if submit:
        request = lifecycle.transition(actor=requester, request_id=request.pk, action="submit")
    return request


def accept_request(request, coordinator):
    """Accept a submitted request as its coordinator, through the lifecycle."""
    from requests_app.services import lifecycle

    return lifecycle.transition(actor=coordinator, request_id=request.pk, action="accept")


def skilled_expert(*, teams, skills: dict[str, int], capacity="16", **fields):
    """An expert with levels per theme slug, e.g. skills={"anders-wonen": 3}."""
    from decimal import Decimal

    from experts.models import Skill, Theme

    expert = ExpertFactory(teams=teams, weekly_capacity_hours=Decimal(capacity), **fields)
    for slug, level in skills.items():
        Skill.objects.create(expert=expert, theme=Theme.objects.get(slug=slug), level=level)
    return expert


def accepted_lead(request, coordinator, *, hours="80", teams=None, **expert_fields):
    """Sanne de Vries, skilled in anders-wonen, assigned as lead by ``coordinator`` through the
    real services and accepting: (expert, assignment)."""
    from decimal import Decimal

    from requests_app.services import assignments

    expert_fields = {
        "user__first_name": "Sanne",
        "user__last_name": "de Vries",
        "user__email": "sanne@experts.example",
        **expert_fields,
    }
    lead = skilled_expert(
        teams=teams or [request.team], skills={"anders-wonen": 3}, **expert_fields
    )
    assignment = assignments.assign_expert(
        actor=coordinator,
        request_id=request.pk,
        expert_id=lead.pk,
        role="lead",
        hours_budget=Decimal(hours),
    )
    assignments.accept_assignment(actor=lead.user, assignment_id=assignment.pk)
    return lead, assignment
