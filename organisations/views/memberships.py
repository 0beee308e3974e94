"""Who may file for an organisation: invitations by coordinators, self-registered people asking
to join, and the coordinators' decisions on those requests.

The rules live in ``permissions`` and the changes in ``services.memberships``; these views
translate their answers into pages (403 for people who may not manage memberships, form
errors for what a service refuses).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import require
from core.refusals import refusable
from organisations import selectors
from organisations.forms import InviteForm, JoinForm, MembershipDecisionForm, OrganisationRadioForm
from organisations.permissions import can_manage_memberships
from organisations.services import memberships
from organisations.views.pickers import find_organisations


def _picker_context(form: OrganisationRadioForm, *, searched: bool) -> dict:
    chosen = form.chosen_organisation()
    results = None
    if searched:
        exclude = {chosen.pk} if chosen else set()
        results = find_organisations(form["organisation_q"].value() or "", exclude=exclude)
    return {
        "form": form,
        "chosen_organisations": [chosen] if chosen else [],
        "organisation_results": results,
    }


# --- invitations ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def invite(request: HttpRequest) -> HttpResponse:
    """A coordinator or administrator invites a person to file for an organisation."""
    require(can_manage_memberships(request.user))
    searched = False
    if request.method == "POST":
        form = InviteForm(request.POST)
        if request.POST.get("intent") == "search":
            form.without_errors()
            searched = True
        elif form.is_valid():
            with refusable(form, conflict_field="email") as refused:
                invitation = memberships.invite_requester(
                    actor=request.user,
                    email=form.cleaned_data["email"],
                    organisation=form.cleaned_data["organisation"],
                )
            if not refused:
                messages.success(
                    request,
                    _("An invitation to file for %(org)s was sent to %(email)s.")
                    % {"org": invitation.organisation.name, "email": invitation.email},
                )
                return redirect("organisations:invite")
    else:
        form = InviteForm()
    return render(
        request, "organisations/memberships/invite.html", _picker_context(form, searched=searched)
    )


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation mail. Anonymous visitors are asked to sign in or create an
    account with the invited address; that person accepts here."""
    found = selectors.invitation_by_token(token)
    if found is None:
        raise Http404
    user = request.user
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
        with refusable() as refused:
            membership = memberships.accept_invitation(user=user, token=token)
        if refused:
            refused.flash(request)
            return redirect("organisations:invitation", token=token)
        messages.success(
            request,
            _("Welcome! You can now file advice requests for %s.") % membership.organisation.name,
        )
        return redirect("requests:home")
    next_query = urlencode({"next": request.path})
    return render(
        request,
        "organisations/memberships/invitation.html",
        {
            "invitation": found,
            "login_url": f"{reverse('account_login')}?{next_query}",
            "signup_url": f"{reverse('account_signup')}?{next_query}",
            "address_matches": user.is_authenticated and user.email.lower() == found.email.lower(),
        },
    )


# --- asking to join ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def join(request: HttpRequest) -> HttpResponse:
    """A signed-in person asks to file requests for an organisation; a coordinator decides."""
    searched = False
    if request.method == "POST":
        form = JoinForm(request.POST)
        if request.POST.get("intent") == "search":
            form.without_errors()
            searched = True
        elif form.is_valid():
            organisation = form.cleaned_data["organisation"]
            with refusable(form, conflict_field="organisation") as refused:
                memberships.request_membership(
                    user=request.user,
                    organisation=organisation,
                    job_title=form.cleaned_data["job_title"],
                )
            if not refused:
                messages.success(
                    request,
                    _(
                        "Your request to file for %s is sent. A coordinator checks it; "
                        "you will receive a mail when it is decided."
                    )
                    % organisation.name,
                )
                return redirect("requests:home")
    else:
        form = JoinForm()
    return render(
        request,
        "organisations/memberships/join.html",
        {
            **_picker_context(form, searched=searched),
            "memberships": selectors.memberships_of(request.user),
        },
    )


# --- the coordinators' decisions --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def pending(request: HttpRequest) -> HttpResponse:
    """People waiting to be linked to an organisation, to approve or reject."""
    require(can_manage_memberships(request.user))
    if request.method == "POST":
        form = MembershipDecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("That request to join no longer exists."))
            return redirect("organisations:memberships")
        approve = form.cleaned_data["decision"] == "approve"
        with refusable() as refused:
            membership = memberships.decide_membership(
                actor=request.user,
                membership_id=form.cleaned_data["membership"].pk,
                approve=approve,
            )
        if refused:
            refused.flash(request)
        else:
            who = membership.user.get_full_name() or membership.user.email
            messages.success(
                request,
                (
                    _("%(who)s can now file requests for %(org)s.")
                    if approve
                    else _("The request of %(who)s to join %(org)s is rejected.")
                )
                % {"who": who, "org": membership.organisation.name},
            )
        return redirect("organisations:memberships")
    return render(
        request,
        "organisations/memberships/pending.html",
        {"memberships": selectors.pending_memberships()},
    )
