"""Demo requests in every state across both teams, so `make run` shows a living inbox.

Built through the real services (drafts, transitions, routing), then aged: the submission
dates are moved back so that some requests are overdue. Idempotent on (organisation, title).
Just over 400 lines, mostly the demo data itself: one story, read from top to bottom.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from core.exceptions import Conflict
from core.workdays import add_working_days, local_date
from experts.models import Expert, Team, Theme
from organisations.models import Membership, Organisation
from requests_app import deadlines, matching
from requests_app.enums import Action, Status
from requests_app.models import AdviceRequest, Assignment, Event
from requests_app.services import assignments, intake, lifecycle, notes


@dataclass(frozen=True)
class DemoRequest:
    cbs_code: str
    title: str
    question: str
    team: str | None
    themes: tuple[str, ...]
    target: Status
    age_days: int = 0
    partners: tuple[str, ...] = ()
    results: tuple[str, ...] = ("business_case",)
    note: str = ""
    extra: dict = field(default_factory=dict)


FOODVALLEY_PARTNERS = ("GM0228", "GM0203", "GM0289", "GM0339", "GM0340", "GM0279", "GM0267")

CANONICAL = DemoRequest(
    "GM0345",
    "Anders Wonen in Regio Foodvalley",
    "De projectgroep Anders Wonen van Regio Foodvalley zoekt locaties en een sluitende "
    "businesscase voor kleinschalige woonvormen (Skaeve Huse) voor inwoners die elders "
    "overlast veroorzaken. Hoe verdelen we kosten en risico's tussen de acht gemeenten, de "
    "corporaties en de zorgaanbieder, en hoe leggen we dat vast in een intentieverklaring?",
    "weer-thuis",
    ("aandachtsgroepen", "businesscase", "regionale-samenwerking", "locatiekeuze"),
    Status.ACCEPTED,
    age_days=1,
    partners=FOODVALLEY_PARTNERS,
    results=("business_case", "declaration_of_intent"),
)

SPREAD = [
    DemoRequest(
        "GM0344",
        "Transformatie kantorenpark Papendorp",
        "Kunnen we 600 woningen "
        "realiseren in leegstaande kantoren, en wat betekent dat voor de grondexploitatie?",
        "woningbouw",
        ("transformatie", "grondbeleid"),
        Status.SUBMITTED,
        age_days=12,
    ),
    DemoRequest(
        "GM0193",
        "Flexwoningen voor spoedzoekers",
        "Wij zoeken een tijdelijke locatie en een exploitatiemodel voor 120 flexwoningen.",
        "woningbouw",
        ("flexwonen", "businesscase"),
        Status.SUBMITTED,
        age_days=3,
    ),
    DemoRequest(
        "GM0014",
        "Uitstroom beschermd wonen versnellen",
        "Hoe organiseren we voldoende woningen voor uitstroom uit beschermd wonen in de regio?",
        "weer-thuis",
        ("uitstroom", "prestatieafspraken"),
        Status.SUBMITTED,
        age_days=25,
    ),
    DemoRequest(
        "GM0034",
        "Woonzorgvisie Almere 2030",
        "Wij willen een woonzorgvisie opstellen met corporaties en zorgpartijen.",
        None,
        ("woonzorgvisie", "participatie"),
        Status.SUBMITTED,
        age_days=2,
    ),
    DemoRequest(
        "GM0080",
        "Housing First uitbreiden",
        "Welke schaal en financiering zijn nodig om Housing First te verdubbelen?",
        "weer-thuis",
        ("housing-first",),
        Status.NEEDS_INFO,
        age_days=6,
        note="Om hoeveel huishoudens gaat het per jaar?",
    ),
    DemoRequest(
        "GM0202",
        "Stikstof en woningbouw Schuytgraaf",
        "Hoe krijgen we de stikstofruimte voor de laatste fase rond?",
        "woningbouw",
        ("stikstof", "omgevingswet"),
        Status.ACCEPTED,
        age_days=15,
    ),
    DemoRequest(
        "GM0203",
        "Uitstroom beschermd wonen Barneveld",
        "Hoe vinden we binnen twee jaar dertig woningen voor bewoners die uitstromen uit "
        "beschermd wonen?",
        "weer-thuis",
        ("uitstroom", "aandachtsgroepen"),
        Status.ACCEPTED,
        age_days=8,
    ),
    DemoRequest(
        "GM0289",
        "Housing First Wageningen",
        "Wij willen een Housing First-aanpak opzetten met de corporatie en de zorgaanbieder.",
        "weer-thuis",
        ("housing-first", "prestatieafspraken"),
        Status.ACCEPTED,
        age_days=4,
    ),
    DemoRequest(
        "GM0518",
        "Preventie dakloosheid jongeren",
        "Wij willen een aanpak om dakloosheid onder jongeren te voorkomen.",
        "weer-thuis",
        ("dakloosheid", "aandachtsgroepen"),
        Status.IN_PROGRESS,
        age_days=40,
    ),
    DemoRequest(
        "GM0772",
        "Gebiedsontwikkeling Hurk",
        "Ondersteuning bij de governance van een gebiedsontwikkeling met drie marktpartijen.",
        "woningbouw",
        ("gebiedsontwikkeling", "procesmanagement"),
        Status.IN_PROGRESS,
        age_days=55,
    ),
    DemoRequest(
        "GM0855",
        "Prestatieafspraken aandachtsgroepen",
        "Hoe maken we toetsbare afspraken over woningen voor aandachtsgroepen?",
        "weer-thuis",
        ("prestatieafspraken", "aandachtsgroepen"),
        Status.COMPLETED,
        age_days=80,
        results=("plan_of_approach",),
    ),
    DemoRequest(
        "GM0935",
        "Woningbouwprogrammering Zuid-Limburg",
        "Wij willen de regionale programmering herijken.",
        "woningbouw",
        ("woningbouwprogrammering", "regionale-samenwerking"),
        Status.CLOSED,
        age_days=120,
        results=("plan_of_approach",),
    ),
    DemoRequest(
        "GM0599",
        "Skaeve Huse locatieonderzoek",
        "Welke criteria gebruiken we voor locaties voor Skaeve Huse?",
        "weer-thuis",
        ("anders-wonen", "locatiekeuze"),
        Status.DECLINED,
        age_days=20,
        note="Deze vraag valt onder de lopende aanpak van de G4; wij verwijzen u door.",
    ),
    DemoRequest(
        "GM0363",
        "Monitoring woningbouwafspraken",
        "Hulp bij een monitor.",
        "woningbouw",
        ("monitoring",),
        Status.WITHDRAWN,
        age_days=9,
    ),
    DemoRequest(
        "GM0345",
        "Actualisatie woonzorgvisie Veenendaal",
        "Onze woonzorgvisie is van 2019. Hoe actualiseren we die met de nieuwe prognoses voor "
        "ouderen en aandachtsgroepen, samen met corporaties en zorgaanbieders?",
        "weer-thuis",
        ("woonzorgvisie", "aandachtsgroepen"),
        Status.NEEDS_INFO,
        age_days=2,
        results=("housing_care_vision",),
        note="Welke gegevens over de vraag naar zorgwoningen heeft u al, en van welk jaar?",
    ),
    DemoRequest(
        "GM0228",
        "Regionale woonzorgvisie Foodvalley (concept)",
        "Nog in voorbereiding.",
        "weer-thuis",
        ("woonzorgvisie",),
        Status.DRAFT,
    ),
]


def _requester_for(organisation: Organisation, make_user) -> User:
    membership = (
        Membership.objects.filter(organisation=organisation, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if membership:
        return membership.user
    slug = organisation.name.lower().replace("'", "").replace(" ", "-")
    user = make_user(f"aanvrager@{slug}.example", "Demo", f"Aanvrager {organisation.name}")
    Membership.objects.create(
        user=user, organisation=organisation, job_title="Beleidsadviseur wonen"
    )
    return user


def _coordinator(team: Team | None) -> User:
    teams = Team.objects.filter(pk=team.pk) if team else Team.objects.all()
    return User.objects.filter(coordinated_teams__in=teams).order_by("id").first()


def _walk(request: AdviceRequest, spec: DemoRequest, requester: User) -> AdviceRequest:
    """Move a freshly filed draft along the lifecycle to ``spec.target``."""
    if spec.target == Status.DRAFT:
        return request
    request = lifecycle.transition(actor=requester, request_id=request.pk, action=Action.SUBMIT)
    coordinator = _coordinator(request.team)
    if spec.target == Status.SUBMITTED:
        return request
    if spec.target == Status.WITHDRAWN:
        return lifecycle.transition(actor=requester, request_id=request.pk, action=Action.WITHDRAW)
    if spec.target == Status.NEEDS_INFO:
        return lifecycle.transition(
            actor=coordinator, request_id=request.pk, action=Action.ASK_INFO, note=spec.note
        )
    if spec.target == Status.DECLINED:
        return lifecycle.transition(
            actor=coordinator, request_id=request.pk, action=Action.DECLINE, note=spec.note
        )
    request = lifecycle.transition(actor=coordinator, request_id=request.pk, action=Action.ACCEPT)
    notes.add_internal_note(
        actor=coordinator,
        request_id=request.pk,
        text="Past goed bij de aanpak; eerst intake plannen.",
    )
    if spec.target == Status.ACCEPTED:
        return request
    suggestion = next(iter(matching.suggest(request, limit=1)), None)
    if suggestion is not None:
        assignment = assignments.assign_expert(
            actor=coordinator,
            request_id=request.pk,
            expert_id=suggestion.expert.pk,
            role=Assignment.Role.LEAD,
        )
        assignments.accept_assignment(actor=suggestion.expert.user, assignment_id=assignment.pk)
    lifecycle.set_cofinancing_waived(
        actor=coordinator,
        request_id=request.pk,
        waived=True,
        note="Alleen programma-uren: een korte verkenning.",
    )
    request = lifecycle.transition(actor=coordinator, request_id=request.pk, action=Action.START)
    if spec.target == Status.IN_PROGRESS:
        return request
    request = lifecycle.transition(
        actor=coordinator,
        request_id=request.pk,
        action=Action.COMPLETE,
        delivered_results=list(spec.results),
    )
    if spec.target == Status.COMPLETED:
        return request
    return lifecycle.transition(actor=coordinator, request_id=request.pk, action=Action.CLOSE)


def _age(request: AdviceRequest, days: int) -> None:
    """Move the request's history ``days`` calendar days back (demo only)."""
    if not days:
        return
    shift = dt.timedelta(days=days)
    fields = {}
    for name in ("submitted_at", "decided_at", "completed_at", "closed_at"):
        value = getattr(request, name)
        if value is not None:
            fields[name] = value - shift
    if request.submitted_at and request.status == Status.SUBMITTED:
        fields["triage_deadline"] = add_working_days(
            local_date(fields["submitted_at"]), deadlines.triage_days(request)
        )
    AdviceRequest.objects.filter(pk=request.pk).update(
        created_at=request.created_at - shift, **fields
    )
    for event in Event.objects.filter(request=request):
        data = dict(event.data)
        if "deadline" in data and "triage_deadline" in fields:
            data["deadline"] = fields["triage_deadline"].isoformat()  # as it was then
        Event.objects.filter(pk=event.pk).update(created_at=event.created_at - shift, data=data)


def _story_experts(request: AdviceRequest, lead: Expert) -> None:
    """DESIGN §3 step 3: the demo expert leads the Foodvalley request and a Woningbouw expert
    helps with the business case; both accepted."""
    coordinator = _coordinator(request.team)
    lead_assignment = assignments.assign_expert(
        actor=coordinator,
        request_id=request.pk,
        expert_id=lead.pk,
        role=Assignment.Role.LEAD,
        hours_budget=Decimal("60"),
    )
    assignments.accept_assignment(actor=lead.user, assignment_id=lead_assignment.pk)
    helpers = (
        Expert.objects.filter(
            active=True, teams__slug="woningbouw", skills__theme__slug="businesscase"
        )
        .exclude(teams__slug="weer-thuis")
        .exclude(pk=lead.pk)
        .order_by("-skills__level", "pk")
    )
    for helper in helpers:
        try:
            member = assignments.assign_expert(
                actor=coordinator,
                request_id=request.pk,
                expert_id=helper.pk,
                hours_budget=Decimal("20"),
                note="Voor de businesscase.",
            )
        except (Conflict, ValidationError):
            continue  # absent, conflicted or full: the next one
        assignments.accept_assignment(actor=helper.user, assignment_id=member.pk)
        return


def _waiting_for(expert: Expert, title: str) -> None:
    """Give the demo expert an assignment to answer on their home page."""
    request = AdviceRequest.objects.get(title=title)
    if not request.assignments.filter(expert=expert).exists():
        assignments.assign_expert(
            actor=_coordinator(request.team),
            request_id=request.pk,
            expert_id=expert.pk,
            role=Assignment.Role.LEAD,
            hours_budget=Decimal("24"),
        )


def seed_demo_requests(make_user, demo_expert: Expert) -> int:
    """Create the demo requests that do not exist yet; return how many were created."""
    created = 0
    for spec in [CANONICAL, *SPREAD]:
        organisation = Organisation.objects.get(cbs_code=spec.cbs_code)
        if AdviceRequest.objects.filter(lead_organisation=organisation, title=spec.title).exists():
            continue
        requester = _requester_for(organisation, make_user)
        partners = list(Organisation.objects.filter(cbs_code__in=spec.partners))
        if spec is CANONICAL:
            partners += list(
                Organisation.objects.filter(
                    name__in=[
                        "Woonstede",
                        "Patrimonium woonstichting",
                        "Iriszorg",
                        "Regio Foodvalley",
                    ]
                )
            )
        data = intake.RequestData(
            title=spec.title,
            question=spec.question,
            team=Team.objects.get(slug=spec.team) if spec.team else None,
            themes=list(Theme.objects.filter(slug__in=spec.themes)),
            partners=partners,
            desired_results=list(spec.results),
            desired_start=local_date(timezone.now()) + dt.timedelta(days=30),
            desired_end=local_date(timezone.now()) + dt.timedelta(days=180),
        )
        request = intake.create_draft(actor=requester, lead_organisation=organisation, data=data)
        request = _walk(request, spec, requester)
        if spec is CANONICAL:
            _story_experts(request, demo_expert)
        _age(request, spec.age_days)
        created += 1
    if created:
        _waiting_for(demo_expert, "Stikstof en woningbouw Schuytgraaf")
    return created
