"""Requester accounts end to end: invitations by coordinators, self-registered people asking
to join an organisation, and the coordinators' decisions."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from organisations.models import Membership, Organisation, RequesterInvitation
from organisations.services import memberships
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.requests_app.page_support import (
    checked,
    english_fixture,  # noqa: F401 -- fixture "english"
    has_region,
    html,
    messages_of,
    offered,
    region,
    value,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def barneveld(db) -> Organisation:
    return Organisation.objects.get(cbs_code="GM0203")


def english_client(user=None) -> Client:
    browser = Client()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        browser.force_login(user)
    return browser


def link_in(mail, pattern: str, *, site: str = settings.SITE_URL) -> str:
    """The path of the first link to ``site`` in ``mail`` whose path matches ``pattern``."""
    match = re.search(re.escape(site) + f"({pattern})", mail.body)
    assert match, mail.body
    return match.group(1)


# --- invitations -------------------------------------------------------------------------------


def test_an_invited_person_creates_an_account_and_accepts_the_invitation(
    client, coordinator_weer_thuis, ede, mailoutbox, django_capture_on_commit_callbacks
):
    coordinator = english_client(coordinator_weer_thuis)
    search = coordinator.post(
        reverse("organisations:invite"),
        {"email": "nina@ede.nl", "organisation_q": "GM0228", "intent": "search"},
    )
    assert search.status_code == 200
    assert not has_region(search, "error-summary")
    assert region(search, "organisation-results") == "Ede GM0228 · Municipality"
    assert value(search, "email") == "nina@ede.nl"

    with django_capture_on_commit_callbacks(execute=True):
        sent = coordinator.post(
            reverse("organisations:invite"),
            {"email": "nina@ede.nl", "organisation": str(ede.pk), "intent": "invite"},
            follow=True,
        )
    assert messages_of(sent) == ["An invitation to file for Ede was sent to nina@ede.nl."]
    invitation = RequesterInvitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.invited_by) == (
        "nina@ede.nl",
        ede,
        coordinator_weer_thuis,
    )
    [invitation_mail] = mailoutbox
    assert invitation_mail.to == ["nina@ede.nl"]
    path = link_in(invitation_mail, r"/uitnodiging/[\w-]+/")
    assert path == reverse("organisations:invitation", args=[invitation.token])

    page = client.get(path)
    assert page.status_code == 200
    next_query = urlencode({"next": path})
    assert f'href="{reverse("account_login")}?{next_query}"' in html(page)
    assert f'href="{reverse("account_signup")}?{next_query}"' in html(page)
    assert region(page, "invitation-sign-in").startswith("To accept, sign in with nina@ede.nl")

    signed_up = client.post(
        f"{reverse('account_signup')}?{next_query}",
        {"email": "nina@ede.nl", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert signed_up["Location"] == reverse("account_email_verification_sent")
    # allauth builds its links from the request (the test client's "testserver").
    confirm_path = link_in(
        mailoutbox[-1], r"/account/e-mail-bevestigen/[^/\s]+/", site="http://testserver"
    )
    confirmed = client.post(confirm_path)
    assert confirmed["Location"] == reverse("account_login")

    # Confirming forgets where she came from; her home page shows the invitation instead.
    signed_in = client.post(
        reverse("account_login"), {"login": "nina@ede.nl", "password": PASSWORD}, follow=True
    )
    assert signed_in.redirect_chain == [(reverse("requests:home"), 302)]
    assert region(signed_in, "open-invitation") == (
        "You are invited to file requests for Ede. View the invitation"
    )
    assert f'href="{path}"' in html(signed_in)
    offer = client.get(path)
    assert has_region(offer, "accept")

    accepted = client.post(path, follow=True)
    assert accepted.redirect_chain == [
        (reverse("requests:home"), 302),
        (reverse("requests:requester-home"), 302),
    ]
    assert messages_of(accepted) == ["Welcome! You can now file advice requests for Ede."]
    membership = Membership.objects.get(user__email="nina@ede.nl")
    assert (membership.organisation, membership.status) == (ede, Membership.Status.ACTIVE)
    invitation.refresh_from_db()
    assert invitation.accepted_by == membership.user

    again = client.get(path)
    assert region(again, "invitation-used") == (
        "You accepted this invitation already. Go to your home page"
    )


def test_the_invitation_cannot_be_taken_by_someone_with_another_address(
    client, coordinator_weer_thuis, requester, ede
):
    invitation = memberships.invite_requester(
        actor=coordinator_weer_thuis, email="nina@ede.nl", organisation=ede
    )
    path = reverse("organisations:invitation", args=[invitation.token])
    client.force_login(requester)

    page = client.get(path)
    assert region(page, "invitation-other-address") == (
        "You are signed in as rik@veenendaal.nl, but this invitation is for nina@ede.nl. "
        "Sign out and sign in with nina@ede.nl to accept it."
    )
    refused = client.post(path, follow=True)
    assert messages_of(refused) == [
        "This invitation was sent to nina@ede.nl. Sign in with that address to accept it."
    ]
    assert not Membership.objects.filter(user=requester, organisation=ede).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_unknown_invitation_answers_404_and_anonymous_acceptance_asks_to_sign_in(
    client, coordinator_weer_thuis, ede
):
    assert client.get(reverse("organisations:invitation", args=["not-a-token"])).status_code == 404
    invitation = memberships.invite_requester(
        actor=coordinator_weer_thuis, email="nina@ede.nl", organisation=ede
    )
    path = reverse("organisations:invitation", args=[invitation.token])
    response = client.post(path)
    assert response["Location"] == f"{reverse('account_login')}?{urlencode({'next': path})}"
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_used_invitation_cannot_be_used_again(client, coordinator_weer_thuis, ede):
    invitation = memberships.invite_requester(
        actor=coordinator_weer_thuis, email="nina@ede.nl", organisation=ede
    )
    nina = UserFactory(email="nina@ede.nl")
    memberships.accept_invitation(user=nina, token=invitation.token)
    intruder = UserFactory(email="other@ede.nl")
    client.force_login(intruder)
    page = client.get(reverse("organisations:invitation", args=[invitation.token]))
    assert region(page, "invitation-used") == (
        "This invitation has been used already. Ask the coordinator for a new one if you need it."
    )


def test_inviting_someone_who_already_files_for_the_organisation_is_refused_on_the_field(
    client, coordinator_weer_thuis, requester, veenendaal
):
    client.force_login(coordinator_weer_thuis)
    response = client.post(
        reverse("organisations:invite"),
        {"email": requester.email, "organisation": str(veenendaal.pk), "intent": "invite"},
    )
    assert response.status_code == 200
    assert region(response, "error-summary") == (
        "Please check what you entered E-mail address of the person to invite: "
        "This person can already file requests for this organisation."
    )
    assert checked(response, "organisation") == [str(veenendaal.pk)]
    assert RequesterInvitation.objects.count() == 0


def test_an_invitation_needs_an_address_and_an_organisation(client, coordinator_weer_thuis):
    client.force_login(coordinator_weer_thuis)
    response = client.post(
        reverse("organisations:invite"), {"email": "no-address", "intent": "invite"}
    )
    assert region(response, "error-summary") == (
        "Please check what you entered "
        "E-mail address of the person to invite: Enter a valid email address. "
        "Organisation: Search for the organisation and choose it."
    )


def test_the_no_role_home_points_to_an_open_invitation(client, coordinator_weer_thuis, ede):
    invitation = memberships.invite_requester(
        actor=coordinator_weer_thuis, email="nina@ede.nl", organisation=ede
    )
    client.force_login(UserFactory(email="Nina@Ede.nl"))
    home = client.get(reverse("requests:home"))
    assert region(home, "open-invitation") == (
        "You are invited to file requests for Ede. View the invitation"
    )
    assert f'href="{reverse("organisations:invitation", args=[invitation.token])}"' in html(home)


# --- asking to join ----------------------------------------------------------------------------


def test_a_self_registered_person_asks_to_join_and_a_coordinator_approves(
    client,
    coordinator_weer_thuis,
    admin_user,
    barneveld,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    person = UserFactory(email="piet@barneveld.nl", first_name="Piet", last_name="Pas")
    client.force_login(person)
    home = client.get(reverse("requests:home"))
    assert home.status_code == 200
    assert has_region(home, "join-form")

    search = client.post(
        reverse("organisations:join"),
        {"organisation_q": "Barneveld", "job_title": "Beleidsmedewerker wonen", "intent": "search"},
    )
    assert offered(search, "organisation") == [str(barneveld.pk)]
    assert value(search, "job_title") == "Beleidsmedewerker wonen"
    assert not has_region(search, "error-summary")

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(
            reverse("organisations:join"),
            {
                "organisation": str(barneveld.pk),
                "job_title": "Beleidsmedewerker wonen",
                "intent": "join",
            },
            follow=True,
        )
    assert asked.redirect_chain == [(reverse("requests:home"), 302)]
    assert messages_of(asked) == [
        "Your request to file for Barneveld is sent. A coordinator checks it; "
        "you will receive a mail when it is decided."
    ]
    assert region(asked, "my-memberships").startswith(
        "Barneveld: your request is waiting for a coordinator's approval"
    )
    assert sorted(mail.to[0] for mail in mailoutbox) == ["bea@rvo.nl", "wendy@rvo.nl"]
    mailoutbox.clear()

    coordinator = english_client(coordinator_weer_thuis)
    pending = coordinator.get(reverse("organisations:memberships"))
    assert region(pending, "pending-memberships").endswith(
        "Piet Pas piet@barneveld.nl Barneveld (GM0203) Beleidsmedewerker wonen "
        + region_date(pending)
        + " Approve Reject"
    )
    membership = Membership.objects.get(user=person)
    with django_capture_on_commit_callbacks(execute=True):
        decided = coordinator.post(
            reverse("organisations:memberships"),
            {"membership": str(membership.pk), "decision": "approve"},
            follow=True,
        )
    assert messages_of(decided) == ["Piet Pas can now file requests for Barneveld."]
    assert region(decided, "pending-memberships").endswith("Nobody is waiting.")
    membership.refresh_from_db()
    assert (membership.status, membership.decided_by) == (
        Membership.Status.ACTIVE,
        coordinator_weer_thuis,
    )
    [approval] = mailoutbox
    assert approval.to == ["piet@barneveld.nl"]

    landing = client.get(reverse("requests:home"))
    assert landing["Location"] == reverse("requests:requester-home")
    assert client.get(reverse("requests:new")).status_code == 200


def region_date(response) -> str:
    match = re.search(r"Beleidsmedewerker wonen</td>\s*<td[^>]*>([^<]+)</td>", html(response))
    assert match
    return match.group(1)


def test_a_rejected_person_reads_that_on_the_home_page(
    client, coordinator_weer_thuis, barneveld, django_capture_on_commit_callbacks, mailoutbox
):
    person = UserFactory(email="piet@barneveld.nl")
    membership = memberships.request_membership(user=person, organisation=barneveld)
    coordinator = english_client(coordinator_weer_thuis)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator.post(
            reverse("organisations:memberships"),
            {"membership": str(membership.pk), "decision": "reject"},
        )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.REJECTED
    assert [mail.to for mail in mailoutbox] == [["piet@barneveld.nl"]]

    client.force_login(person)
    home = client.get(reverse("requests:home"))
    assert region(home, "my-memberships") == (
        "Barneveld: a coordinator could not confirm that you work here."
    )


def test_asking_twice_for_the_same_organisation_is_refused_on_the_field(client, barneveld):
    person = UserFactory(email="piet@barneveld.nl")
    memberships.request_membership(user=person, organisation=barneveld)
    client.force_login(person)
    response = client.post(
        reverse("organisations:join"), {"organisation": str(barneveld.pk), "intent": "join"}
    )
    assert region(response, "error-summary") == (
        "Please check what you entered The organisation you work for: "
        "You already asked to file requests for this organisation."
    )
    assert Membership.objects.filter(user=person).count() == 1


def test_deciding_twice_or_on_nothing_gives_a_message_not_an_error(
    client, coordinator_weer_thuis, barneveld
):
    person = UserFactory(email="piet@barneveld.nl")
    membership = memberships.request_membership(user=person, organisation=barneveld)
    memberships.decide_membership(
        actor=coordinator_weer_thuis, membership_id=membership.pk, approve=True
    )
    client.force_login(coordinator_weer_thuis)
    twice = client.post(
        reverse("organisations:memberships"),
        {"membership": str(membership.pk), "decision": "reject"},
        follow=True,
    )
    assert messages_of(twice) == ["This request to join was already decided."]
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE

    missing = client.post(
        reverse("organisations:memberships"),
        {"membership": "999999", "decision": "approve"},
        follow=True,
    )
    assert messages_of(missing) == ["That request to join no longer exists."]


# --- who may manage memberships ----------------------------------------------------------------


def test_only_coordinators_and_administrators_manage_memberships(
    client, requester, admin_user, barneveld
):
    person = UserFactory(email="piet@barneveld.nl")
    membership = memberships.request_membership(user=person, organisation=barneveld)

    for page in ("organisations:invite", "organisations:memberships"):
        anonymous = client.get(reverse(page))
        assert anonymous["Location"].startswith(reverse("account_login"))

    client.force_login(requester)
    assert client.get(reverse("organisations:invite")).status_code == 403
    assert client.get(reverse("organisations:memberships")).status_code == 403
    refused = client.post(
        reverse("organisations:memberships"),
        {"membership": str(membership.pk), "decision": "approve"},
    )
    assert refused.status_code == 403
    sneaky = client.post(
        reverse("organisations:invite"),
        {"email": "x@veenendaal.nl", "organisation": str(barneveld.pk), "intent": "invite"},
    )
    assert sneaky.status_code == 403
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING
    assert RequesterInvitation.objects.count() == 0

    client.force_login(admin_user)
    assert client.get(reverse("organisations:memberships")).status_code == 200
    assert client.get(reverse("organisations:invite")).status_code == 200


@pytest.mark.parametrize("count", [1, 20])
def test_the_pending_list_takes_the_same_number_of_queries_for_1_and_20_people(
    client, coordinator_weer_thuis, barneveld, django_assert_num_queries, count
):
    for index in range(count):
        MembershipFactory(
            organisation=barneveld,
            user__email=f"person{index}@barneveld.nl",
            status=Membership.Status.PENDING,
        )
    client.force_login(coordinator_weer_thuis)
    with django_assert_num_queries(7):
        page = client.get(reverse("organisations:memberships"))
    assert html(page).count('name="decision" value="approve"') == count


def test_someone_with_an_account_signs_in_from_the_invitation_and_comes_back_to_it(
    client, coordinator_weer_thuis, ede
):
    nina = UserFactory(email="nina@ede.nl")
    invitation = memberships.invite_requester(
        actor=coordinator_weer_thuis, email="nina@ede.nl", organisation=ede
    )
    path = reverse("organisations:invitation", args=[invitation.token])
    signed_in = client.post(
        f"{reverse('account_login')}?{urlencode({'next': path})}",
        {"login": "nina@ede.nl", "password": PASSWORD},
    )
    assert signed_in["Location"] == path
    client.post(path)
    assert Membership.objects.get(user=nina).organisation == ede
