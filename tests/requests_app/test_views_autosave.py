"""Nothing typed is lost: the intake form saves itself while it is written, and a form posted
after the session ended comes back filled in after the new sign-in."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from experts.models import Theme
from requests_app.models import AdviceRequest
from tests.factories import PASSWORD, MembershipFactory, file_request
from tests.requests_app.page_support import (
    english_fixture,  # noqa: F401 -- fixture "english"
    html,
    messages_of,
    value,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

AUTOSAVE = reverse("requests:autosave")
NEW = reverse("requests:new")
HTMX = {"HX-Request": "true"}


def new_form(client) -> dict:
    """The fields a new intake page starts with, as the browser would post them."""
    page = client.get(NEW)
    assert page.status_code == 200
    return {
        "csrfmiddlewaretoken": "",
        "lead_organisation": value(page, "lead_organisation"),
        "intake_key": value(page, "intake_key"),
        "stash_owner": value(page, "stash_owner"),
        "draft": "",
        "contacts": [],
    }


def status_line(response) -> str:
    """The status line's text, without what the answer swaps elsewhere (out of band)."""
    text = response.content.decode().split("<input", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def sign_out(client) -> None:
    """The session ends; the browser keeps its language cookie (the test client would not)."""
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_first_autosave_makes_the_draft_and_the_next_ones_change_it(client, requester):
    client.force_login(requester)
    form = new_form(client)
    form["question"] = "Hoe maken we een businesscase voor Skaeve Huse?"

    first = client.post(AUTOSAVE, form, headers=HTMX)
    assert first.status_code == 200
    draft = AdviceRequest.objects.get()
    assert (draft.status, draft.title, draft.question) == (
        "draft",
        "Untitled draft: Hoe maken we een businesscase voor Skaeve Huse?",
        "Hoe maken we een businesscase voor Skaeve Huse?",
    )
    assert re.fullmatch(r"Draft saved at \d\d:\d\d", status_line(first))
    # The page learns the draft's id (out of band) and a reload opens the draft.
    assert f'<input type="hidden" name="draft" value="{draft.pk}" id="id_draft" ' in html(first)
    assert 'hx-swap-oob="true"' in html(first)
    assert first["HX-Replace-Url"] == reverse("requests:edit", args=[draft.pk])

    # An autosave whose answer got lost still changes the same draft, by the page's key.
    form |= {"title": "Skaeve Huse in Regio Foodvalley"}
    client.post(AUTOSAVE, form, headers=HTMX)
    form |= {"draft": str(draft.pk), "question": "Waar kunnen Skaeve Huse staan?"}
    again = client.post(AUTOSAVE, form, headers=HTMX)
    assert again.status_code == 200
    assert "id_draft" not in html(again)
    assert list(AdviceRequest.objects.values_list("title", "question")) == [
        ("Skaeve Huse in Regio Foodvalley", "Waar kunnen Skaeve Huse staan?")
    ]
    assert list(draft.events.values_list("action", flat=True)) == ["request.created"]

    # The submit of the same page changes that draft too, to be checked and submitted: no twin.
    form |= {"intent": "submit", "themes": [str(Theme.objects.get(slug="anders-wonen").pk)]}
    to_check = client.post(NEW, form)
    assert to_check["Location"] == reverse("requests:action", args=[draft.pk, "submit"])
    assert client.post(to_check["Location"]).status_code == 302
    assert list(AdviceRequest.objects.values_list("pk", "status")) == [(draft.pk, "submitted")]


def test_a_submit_racing_the_first_autosave_makes_no_twin(client, requester):
    client.force_login(requester)
    form = new_form(client) | {"title": "Skaeve Huse", "intent": "save"}
    assert client.post(NEW, form).status_code == 302  # the page never learnt of a draft
    client.post(AUTOSAVE, form | {"question": "Nog een zin."}, headers=HTMX)
    assert client.post(NEW, form | {"question": "Laatste versie."}).status_code == 302
    assert list(AdviceRequest.objects.values_list("title", "question")) == [
        ("Skaeve Huse", "Laatste versie.")
    ]


def test_what_a_draft_cannot_take_keeps_its_saved_value_and_the_rest_is_saved(client, requester):
    client.force_login(requester)
    form = new_form(client) | {"title": "Skaeve Huse", "desired_start": "2026-05-01"}
    client.post(AUTOSAVE, form, headers=HTMX)
    form |= {
        "question": "Een nieuwe zin.",
        "desired_start": "2026-13-45",  # cannot be read
        "desired_end": "2026-04-01",  # before the start: a draft refuses it
        "title": "",  # emptied while retyping: the draft keeps its name
    }
    response = client.post(AUTOSAVE, form, headers=HTMX)
    assert re.fullmatch(r"Draft saved at \d\d:\d\d", status_line(response))
    draft = AdviceRequest.objects.get()
    assert (draft.title, draft.question, str(draft.desired_start), draft.desired_end) == (
        "Skaeve Huse",
        "Een nieuwe zin.",
        "2026-05-01",
        None,
    )


def test_nothing_is_made_before_there_is_a_title_or_a_question(client, requester):
    client.force_login(requester)
    response = client.post(AUTOSAVE, new_form(client) | {"team": ""}, headers=HTMX)
    assert status_line(response) == (
        "Not saved yet: give the request a title or write your question."
    )
    assert not AdviceRequest.objects.exists()


def test_only_the_requesters_who_may_edit_the_draft_can_autosave_it(
    client, requester, requester_ede, veenendaal, coordinator_weer_thuis, weer_thuis
):
    draft = file_request(requester=requester, submit=False, title="Eigen concept")
    colleague = MembershipFactory(organisation=veenendaal).user
    form = {"draft": str(draft.pk), "title": "Overgenomen", "question": "?"}

    for outsider in (requester_ede, coordinator_weer_thuis):
        client.force_login(outsider)
        assert client.post(AUTOSAVE, form, headers=HTMX).status_code == 404
    sign_out(client)
    signed_out = client.post(AUTOSAVE, form, headers=HTMX)
    assert signed_out.status_code == 200
    assert signed_out["HX-Trigger"] == "expertdesk:session-ended"
    assert status_line(signed_out).startswith("Your session has ended, so your draft was not")
    assert AdviceRequest.objects.get().title == "Eigen concept"

    client.force_login(colleague)  # the lead organisation's drafts are its requesters' work
    assert client.post(AUTOSAVE, form, headers=HTMX).status_code == 200
    assert AdviceRequest.objects.get().title == "Overgenomen"

    submitted = file_request(requester=requester, team=weer_thuis)
    client.force_login(requester)
    refused = client.post(AUTOSAVE, {"draft": str(submitted.pk), "title": "Anders"}, headers=HTMX)
    assert refused.status_code == 403  # not a draft any more: nobody edits it now
    assert AdviceRequest.objects.get(pk=submitted.pk).title != "Anders"


def test_the_form_saves_itself_a_few_seconds_after_typing_stops(client, requester):
    client.force_login(requester)
    page = html(client.get(NEW))
    form_tag = page.split('data-testid="request-form"', 1)[1].split(">", 1)[0]
    assert f'hx-post="{AUTOSAVE}"' in form_tag
    assert 'hx-trigger="input changed delay:3s, change delay:3s"' in form_tag
    assert 'hx-sync="this:queue last"' in form_tag
    assert 'id="autosave-status" role="status" aria-live="polite"' in page


def test_a_form_posted_after_the_session_ended_is_back_after_signing_in(client, requester):
    client.force_login(requester)
    form = new_form(client) | {
        "title": "Skaeve Huse",
        "question": "Veertig minuten aan geschreven.",
        "intent": "submit",
    }
    sign_out(client)  # the session ended while the question was written

    posted = client.post(NEW, form)
    assert posted.status_code == 302
    login, next_url = posted["Location"].split("?next=")
    assert login == reverse("account_login")
    assert not AdviceRequest.objects.exists()

    signed_in = client.post(
        reverse("account_login"),
        {"login": requester.email, "password": PASSWORD, "next": _unquote(next_url)},
    )
    assert signed_in.status_code == 302
    restored = client.get(signed_in["Location"])
    assert restored.status_code == 200
    assert value(restored, "title") == "Skaeve Huse"
    assert "Veertig minuten aan geschreven." in html(restored)
    assert value(restored, "intake_key") == form["intake_key"]
    assert messages_of(restored)[1:] == [  # after allauth's "signed in as"
        "Your session had ended. What you typed is back in the form below, but it is not "
        "saved yet: check it and save or submit it."
    ]
    assert not AdviceRequest.objects.exists()  # nothing is filed without the person

    again = client.get(signed_in["Location"])  # the token works once
    assert value(again, "title") in ("", None)


def test_a_stashed_form_is_given_back_only_to_its_author(client, requester, veenendaal):
    client.force_login(requester)
    form = new_form(client) | {"title": "Vertrouwelijk", "question": "Alleen voor Rik."}
    sign_out(client)
    posted = client.post(NEW, form)
    next_url = _unquote(posted["Location"].split("?next=")[1])

    colleague = MembershipFactory(organisation=veenendaal, user__email="co@veenendaal.nl").user
    client.post(
        reverse("account_login"),
        {"login": colleague.email, "password": PASSWORD, "next": next_url},
    )
    assert int(client.session[SESSION_KEY]) == colleague.pk
    page = client.get(next_url)
    assert page.status_code == 200
    assert "Vertrouwelijk" not in html(page)
    assert "Alleen voor Rik." not in html(page)


def _unquote(url: str) -> str:
    from urllib.parse import unquote

    return unquote(url)
