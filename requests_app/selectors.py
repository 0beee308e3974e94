"""Reads: every query a page or endpoint needs, with its joins built in."""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.cache import caches
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_admin
from experts.models import Absence, Expert, Skill, Team, Theme
from experts.permissions import coordinated_team_ids, expert_id
from organisations.permissions import member_organisation_ids
from requests_app import deadlines, permissions
from requests_app.enums import OPEN, TRIAGE, Status
from requests_app.models import AdviceRequest, Assignment, Event, ListVersion

# --- requests -----------------------------------------------------------------------------------


def visible_requests(user: User) -> QuerySet[AdviceRequest]:
    """Exactly the requests ``permissions.can_view_request`` allows, as one query."""
    requests = AdviceRequest.objects.all()
    if not user.is_authenticated:
        return requests.none()
    if is_admin(user):
        return requests
    orgs = member_organisation_ids(user)
    teams = coordinated_team_ids(user)
    expert = expert_id(user)
    seen = Q(lead_organisation_id__in=orgs)
    filed = ~Q(status=Status.DRAFT)
    if teams:
        requests, of_teams = _of_teams_or_undecided(requests, teams)
        seen |= filed & of_teams
    if orgs:
        partner = AdviceRequest.partners.through.objects.filter(
            advicerequest_id=OuterRef("pk"), organisation_id__in=orgs
        )
        seen |= filed & Exists(partner)
    if expert is not None:
        assigned = Assignment.objects.filter(
            request_id=OuterRef("pk"), expert_id=expert, status__in=Assignment.ACTIVE
        )
        seen |= filed & Exists(assigned)
    return requests.filter(seen)


def _of_teams_or_undecided(
    requests: QuerySet[AdviceRequest], teams: frozenset[int]
) -> tuple[QuerySet[AdviceRequest], Q]:
    """``requests`` able to say "of one of ``teams``, or not routed yet", and that condition.

    One condition over COALESCE rather than "team IN … OR team IS NULL": SQLite then reads a
    list in the order of its index and stops at the page, instead of collecting every row of
    the teams through the team index and sorting them (bench_requests)."""
    requests = requests.alias(team_or_zero=Coalesce("team_id", Value(0)))
    return requests, Q(team_or_zero__in=[0, *teams])


def with_list_joins(requests: QuerySet[AdviceRequest]) -> QuerySet[AdviceRequest]:
    """What every request list shows, fetched in a constant number of queries."""
    today = deadlines.today()
    return (
        requests.select_related("lead_organisation", "team")
        .prefetch_related("themes")
        # Lists never show these; leaving them out keeps sorted pages small.
        .defer("question", "decision_note", "desired_results_other", "delivered_results")
        .annotate(
            is_overdue=Case(
                When(deadlines.overdue_q(today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


# ``AdviceRequest.inbox_rank`` of a request no inbox shows (a draft, a finished one).
INBOX_NOT_OPEN = 4


def inbox(user: User, *, statuses: frozenset[str] = OPEN) -> QuerySet[AdviceRequest]:
    """A coordinator's inbox: open requests of their teams plus undecided ones (with
    ``statuses=FILED``, the finished ones too, for the inbox's status filter).

    Requests still waiting for a triage decision come first, the nearest deadline first
    (paused ones, which have no deadline, after them); decided ones follow, oldest first.
    """
    teams = coordinated_team_ids(user)
    if statuses == OPEN:
        # The open ones are exactly those ranked below INBOX_NOT_OPEN: a range on the first
        # column of the ``request_inbox_order`` index, which then also gives the order (and the
        # count). Finished ones, asked for by the filter, follow the open ones (rank 4).
        requests = AdviceRequest.objects.filter(inbox_rank__lt=INBOX_NOT_OPEN)
    else:
        requests = AdviceRequest.objects.filter(status__in=list(statuses))
    if not is_admin(user):
        requests, of_teams = _of_teams_or_undecided(requests, teams)
        requests = requests.filter(of_teams)
    # The rank puts the ones without a deadline after those with one, so the deadline needs
    # no NULLS LAST (which no index of SQLite's can give).
    return with_list_joins(requests).order_by("inbox_rank", "triage_deadline", "submitted_at", "id")


def inbox_counts(user: User) -> dict[str, int]:
    """What the coordinator home says of the inbox, in one aggregate over ``inbox``: the open
    requests the inbox lists, how many of them wait for a triage decision, how many are late."""
    return inbox(user).aggregate(
        open=Count("pk"),
        waiting=Count("pk", filter=Q(status__in=list(TRIAGE))),
        overdue=Count("pk", filter=Q(is_overdue=True)),
    )


def search_requests(requests: QuerySet[AdviceRequest], text: str) -> QuerySet[AdviceRequest]:
    """Find by reference, title, question or organisation name.

    PostgreSQL: Dutch full-text search (plus an exact match on the reference); SQLite: a
    case-insensitive substring match.
    """
    text = text.strip()[:200]
    if not text:
        return requests
    by_reference = Q(reference__iexact=text)
    if connection.vendor == "postgresql":
        vector = SearchVector("title", "question", "lead_organisation__name", config="dutch")
        return requests.annotate(search=vector).filter(
            by_reference | Q(search=SearchQuery(text, config="dutch", search_type="websearch"))
        )
    return requests.filter(
        by_reference
        | Q(reference__icontains=text)
        | Q(title__icontains=text)
        | Q(question__icontains=text)
        | Q(lead_organisation__name__icontains=text)
    )


def request_detail(pk: int) -> AdviceRequest | None:
    return (
        AdviceRequest.objects.select_related("lead_organisation", "team", "created_by")
        .prefetch_related("partners", "themes", "contacts", "attachments")
        .filter(pk=pk)
        .first()
    )


def working_experts(request: AdviceRequest) -> QuerySet[Assignment]:
    """The experts who accepted to work on the request, the lead first: what the requester
    sees as "your experts"."""
    return (
        request.assignments.filter(status=Assignment.Status.ACCEPTED)
        .select_related("expert__user")
        .order_by(
            Case(When(role=Assignment.Role.LEAD, then=Value(0)), default=Value(1)),
            "expert__user__last_name",
            "pk",
        )
    )


def timeline(request: AdviceRequest, user: User) -> list[Event]:
    """The request's events. Who may not see internal matters (requesters) gets neither the
    internal events nor the internal notes of the others: pages and the API show what this
    returns, so no template or serializer can forget to hide them."""
    events = request.events.select_related("actor").order_by("created_at", "id")
    if permissions.can_see_internal(user, request):
        return list(events)
    events = list(events.filter(internal=False))
    for event in events:
        event.internal_note = ""
    return events


def internal_notes(request: AdviceRequest):
    return request.internal_notes.select_related("author").order_by("created_at")


def teams_with_themes() -> QuerySet[Team]:
    return Team.objects.prefetch_related("themes").order_by("name")


def coordinated_teams(user: User) -> QuerySet[Team]:
    today = timezone.localdate()
    return (
        Team.objects.filter(coordinators=user)
        .annotate(
            active_experts=Count("experts", filter=Q(experts__active=True), distinct=True),
            experts_absent_today=Count(
                "experts",
                filter=Q(
                    experts__active=True,
                    experts__absences__start__lte=today,
                    experts__absences__end__gte=today,
                ),
                distinct=True,
            ),
        )
        .prefetch_related("themes")
        .order_by("name")
    )


def team_experts(team: Team, *, horizon_days: int = 28) -> QuerySet[Expert]:
    """Active experts of ``team`` with their skills and absences in the coming weeks."""
    today = timezone.localdate()
    upcoming = Absence.objects.filter(
        end__gte=today, start__lte=today + dt.timedelta(days=horizon_days)
    ).order_by("start")
    return (
        Expert.objects.filter(teams=team, active=True)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "skills",
                queryset=Skill.objects.select_related("theme").order_by("-level", "theme__name"),
            ),
            Prefetch("absences", queryset=upcoming, to_attr="upcoming_absences"),
        )
    )


# The columns of one request-list row, read with .values(): a list page of 50 requests then
# costs two queries and no model instances (bench_requests).
LIST_ROW_VALUES = (
    "id",
    "reference",
    "title",
    "status",
    "submitted_at",
    "triage_deadline",
    "created_at",
    "updated_at",
    "lead_organisation__id",
    "lead_organisation__kind",
    "lead_organisation__name",
    "lead_organisation__cbs_code",
    "team__id",
    "team__slug",
    "team__name",
    "team__name_en",
)


class ListRows:
    """``requests`` (from ``visible_requests``, filtered and ordered) as flat row dicts for a
    paginator: each row has the ``LIST_ROW_VALUES`` plus ``is_overdue`` and ``themes``.

    A slice reads the page's joined rows and then their themes (two queries); ``count()``
    counts without joins. No model instances and no per-row annotations: the API list's
    throughput depends on it (bench_requests).

    ``viewer``: the person whose whole visible list this is, unfiltered. Its count, which
    reads every request they may see, is then kept between changes (``kept_count``).
    """

    ordered = True

    def __init__(self, requests: QuerySet[AdviceRequest], *, viewer: User | None = None) -> None:
        self.requests = requests
        self.viewer = viewer
        self.today = deadlines.today()

    def count(self) -> int:
        if self.viewer is None:
            return self.requests.order_by().count()
        return kept_count(self.requests, whole_list="visible", viewer=self.viewer)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        rows = list(self.requests.values(*LIST_ROW_VALUES)[index])
        themes = themes_of([row["id"] for row in rows])
        for row in rows:
            row["is_overdue"] = deadlines.is_overdue(
                row["status"], row["triage_deadline"], self.today
            )
            row["themes"] = themes[row["id"]]
        return rows


def list_rows(requests: QuerySet[AdviceRequest], *, viewer: User | None = None) -> ListRows:
    return ListRows(requests, viewer=viewer)


def kept_count(requests: QuerySet[AdviceRequest], *, whole_list: str, viewer: User) -> int:
    """The count of ``requests``, which must be ``viewer``'s whole list named ``whole_list``
    (all they may see, their whole inbox), kept per process under the list version and what
    decides which requests the viewer's lists hold (``visibility_key``). Every recorded change
    moves the version on as it commits, so no kept count outlives the change that made it
    wrong; without the version's row every count is made afresh.

    Kept because it pays under writes, as measured by bench_requests (gunicorn, 2 workers,
    one write per ten reads: a request accepted, or one filed and submitted; servers with and
    without kept counts taking turns). At 100,000 requests the API list served 87 requests/s
    with kept counts and 43 without on SQLite (server CPU 9.1 against 16.2 ms a request), 77
    against 37 on PostgreSQL; the inbox's server CPU was 39 against 48 ms a page on SQLite, its
    median 164 against 177 ms on PostgreSQL. At 10,000 it is about even (API list 107 against
    102 requests/s on SQLite, 153 against 139 on PostgreSQL): counting is cheap there, and a
    version read is all the cache adds."""
    version = list_version()
    if version is None:
        return requests.order_by().count()
    key = f"requests:count:{whole_list}:{version}:{visibility_key(viewer)}"
    count = caches["local"].get(key)
    if count is None:
        count = requests.order_by().count()
        caches["local"].set(key, count)
    return count


def list_version() -> int | None:
    """The number every recorded change moves on; None when its row is missing.

    Plain SQL: it is read on every unfiltered list page, and the ORM would take ten times
    the query's own time to build it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {ListVersion._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    return None if row is None else row[0]


def visibility_key(user: User) -> str:
    """Everything besides the data that decides which requests ``visible_requests`` gives
    ``user``: two people with the same key see the same requests."""
    if is_admin(user):
        return "admin"
    teams = ",".join(map(str, sorted(coordinated_team_ids(user))))
    orgs = ",".join(map(str, sorted(member_organisation_ids(user))))
    return f"t{teams}:o{orgs}:e{expert_id(user) or ''}"


def themes_of(request_ids: list[int]) -> dict[int, list[dict]]:
    """The themes of each request (id, slug, name, name_en; by name), in one query.

    Plain SQL because the ORM takes four times as long to build this fixed query as the
    database takes to answer it, on every API list page (bench_requests).
    """
    themes: dict[int, list[dict]] = {request_id: [] for request_id in request_ids}
    if not request_ids:
        return themes
    links = AdviceRequest.themes.through._meta.db_table
    placeholders = ", ".join(["%s"] * len(request_ids))
    # Only table names from the models and placeholders are formatted in.
    sql = (
        "SELECT link.advicerequest_id, theme.id, theme.slug, theme.name, theme.name_en "  # noqa: S608
        f"FROM {links} link JOIN {Theme._meta.db_table} theme ON theme.id = link.theme_id "
        f"WHERE link.advicerequest_id IN ({placeholders}) ORDER BY theme.name, theme.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, request_ids)
        for request_id, theme_id, slug, name, name_en in cursor.fetchall():
            themes[request_id].append(
                {"id": theme_id, "slug": slug, "name": name, "name_en": name_en}
            )
    return themes
