"""Internal words stay internal: every move of the lifecycle, with a distinctive internal text
typed next to it (routing reasons, internal notes, what is written about experts), and the
requester's page, the requester's API timeline and the requester's mails show none of it, while
the public words (the reason for declining, the question, the answer) are all there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mail.models import OutboundMail
from requests_app.enums import Action
from requests_app.models import AdviceRequest, Event
from requests_app.services import assignments, lifecycle, notes, triage
from tests.factories import file_request, skilled_expert
from tests.requests_app.api_support import token_client, url

pytestmark = pytest.mark.django_db


class Story:
    """Performs moves through the services and remembers which words it typed where."""

    def __init__(self, coordinator) -> None:
        self.coordinator = coordinator
        self.public: dict[int, list[str]] = {}
        self.internal: dict[int, list[str]] = {}
        self.actions: set[Action] = set()

    def move(self, actor, request: AdviceRequest, action: Action, **kwargs) -> None:
        note = f"PUBLIC {action.value} words"
        lifecycle.transition(actor=actor, request_id=request.pk, action=action, note=note, **kwargs)
        self.actions.add(action)
        self.public.setdefault(request.pk, []).append(note)
        self.internal_note(request, f"INTERNAL note after {action.value}")

    def internal_note(self, request: AdviceRequest, text: str) -> None:
        notes.add_internal_note(actor=self.coordinator, request_id=request.pk, text=text)
        self.internal.setdefault(request.pk, []).append(text)

    def internal_word(self, request: AdviceRequest, text: str) -> str:
        self.internal.setdefault(request.pk, []).append(text)
        return text


@pytest.fixture
def story(
    requester, weer_thuis, woningbouw, coordinator_weer_thuis, coordinator_woningbouw, sanne, joost
):
    """Three requests that together make every move there is."""
    told = Story(coordinator_weer_thuis)
    bart = skilled_expert(teams=[weer_thuis], skills={"anders-wonen": 1})

    # The long road: routed, a question and its answer, experts, co-financing, done.
    long = file_request(requester=requester, team=None, submit=False, title="Lange weg")
    told.move(requester, long, Action.SUBMIT)
    triage.route_request(
        actor=coordinator_weer_thuis,
        request_id=long.pk,
        team=woningbouw,
        note=told.internal_word(long, "INTERNAL why woningbouw"),
    )
    triage.route_request(
        actor=coordinator_woningbouw,
        request_id=long.pk,
        team=weer_thuis,
        note=told.internal_word(long, "INTERNAL why weer thuis after all"),
    )
    told.move(coordinator_weer_thuis, long, Action.ASK_INFO)
    told.move(requester, long, Action.PROVIDE_INFO)
    told.move(coordinator_weer_thuis, long, Action.ACCEPT)
    declined = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=long.pk,
        expert_id=sanne.pk,
        note=told.internal_word(long, "INTERNAL why sanne"),
    )
    assignments.decline_assignment(
        actor=sanne.user,
        assignment_id=declined.pk,
        reason=told.internal_word(long, "INTERNAL sanne sits on the board"),
    )
    released = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=long.pk,
        expert_id=bart.pk,
        note=told.internal_word(long, "INTERNAL why bart"),
    )
    assignments.release_assignment(
        actor=coordinator_weer_thuis,
        assignment_id=released.pk,
        note=told.internal_word(long, "INTERNAL bart is needed elsewhere"),
    )
    working = assignments.assign_expert(
        actor=coordinator_weer_thuis,
        request_id=long.pk,
        expert_id=joost.pk,
        note=told.internal_word(long, "INTERNAL why joost"),
    )
    assignments.accept_assignment(actor=joost.user, assignment_id=working.pk)
    lifecycle.set_cofinancing_waived(
        actor=coordinator_weer_thuis, request_id=long.pk, waived=True, note="PUBLIC no money"
    )
    told.public[long.pk].append("PUBLIC no money")
    told.move(coordinator_weer_thuis, long, Action.START)
    told.move(coordinator_weer_thuis, long, Action.COMPLETE, delivered_results=["business_case"])
    told.move(coordinator_weer_thuis, long, Action.CLOSE)

    declined_request = file_request(requester=requester, team=weer_thuis, submit=False)
    told.move(requester, declined_request, Action.SUBMIT)
    told.move(coordinator_weer_thuis, declined_request, Action.DECLINE)

    withdrawn = file_request(requester=requester, team=weer_thuis, submit=False)
    told.move(requester, withdrawn, Action.SUBMIT)
    told.move(requester, withdrawn, Action.WITHDRAW)
    return told


def test_the_story_makes_every_move_there_is(story):
    assert story.actions == set(Action)
    assert Event.objects.filter(action="request.routed").count() == 2


def test_the_requester_page_shows_the_public_words_and_no_internal_ones(client, requester, story):
    client.force_login(requester)
    for pk, public in story.public.items():
        page = client.get(reverse("requests:detail", args=[pk])).content.decode()
        assert [text for text in public if text not in page] == []
        assert [text for text in story.internal[pk] if text in page] == []
        assert "INTERNAL" not in page


def test_the_requester_api_timeline_shows_the_public_words_and_no_internal_ones(requester, story):
    api = token_client(requester)
    for pk, public in story.public.items():
        response = api.get(url(f"{pk}/events/"))
        assert response.status_code == 200
        events = response.json()
        assert [e["note"] for e in events if e["note"]] == public
        assert {e["internal_note"] for e in events} == {""}
        assert "INTERNAL" not in response.content.decode()


def test_the_requester_mails_hold_no_internal_words(requester, story):
    mails = OutboundMail.objects.filter(to=requester.email)
    text = "\n".join(mail.body_text + mail.body_html + mail.subject for mail in mails)
    assert "PUBLIC decline words" in text  # the reason for declining is mailed
    assert "INTERNAL" not in text


def test_coordinators_and_experts_still_read_the_internal_words(
    client, coordinator_weer_thuis, joost, story
):
    long = AdviceRequest.objects.get(title="Lange weg")
    client.force_login(coordinator_weer_thuis)
    workspace = client.get(reverse("requests:workspace", args=[long.pk])).content.decode()
    assert [text for text in story.internal[long.pk] if text not in workspace] == []

    events = token_client(joost.user).get(url(f"{long.pk}/events/")).json()
    assert [e["internal_note"] for e in events if e["internal_note"]] == [
        "INTERNAL why woningbouw",
        "INTERNAL why weer thuis after all",
        "INTERNAL why sanne",
        "INTERNAL sanne sits on the board",
        "INTERNAL why bart",
        "INTERNAL bart is needed elsewhere",
        "INTERNAL why joost",
    ]


def test_every_free_text_field_says_who_reads_it(requester, english):
    from core.forms import INTERNAL_ONLY, READ_BY_ALL_ON_THE_REQUEST, READ_BY_REQUESTER
    from experts.forms import ConflictForm
    from requests_app import forms_coordinator as coordinator
    from requests_app.forms import DeclineForm, RequestForm
    from requests_app.views import requester as requester_views

    readers = {str(READ_BY_REQUESTER), str(INTERNAL_ONLY), str(READ_BY_ALL_ON_THE_REQUEST)}
    intake = RequestForm(user=requester)
    fields = {
        "decline": coordinator.TransitionForm(action=Action.DECLINE).fields["note"],
        "accept": coordinator.TransitionForm(action=Action.ACCEPT).fields["note"],
        "complete": coordinator.CompleteForm(action=Action.COMPLETE).fields["note"],
        "route": coordinator.RouteForm().fields["note"],
        "cofinancing": coordinator.CofinancingForm().fields["note"],
        "internal note": coordinator.NoteForm().fields["text"],
        "expert declines": DeclineForm().fields["reason"],
        "conflict": ConflictForm().fields["note"],
        "withdraw": requester_views._action_form(Action.WITHDRAW).fields["note"],
        "title": intake.fields["title"],
        "question": intake.fields["question"],
        "other result": intake.fields["desired_results_other"],
    }
    said = {
        name: [r for r in readers if r in str(field.help_text)] for name, field in fields.items()
    }
    assert {name for name, found in said.items() if not found} == set()
    assert str(fields["route"].help_text) == "Only visible to coordinators and experts."
    assert str(fields["decline"].help_text) == "The requester reads this."
