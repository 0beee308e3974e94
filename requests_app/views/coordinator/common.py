"""What the coordinator pages share: who may open them (the triage deadline's words are
``requests_app.deadlines``)."""

from __future__ import annotations

from accounts.models import User
from accounts.roles import is_admin, is_coordinator, require
from requests_app import permissions
from requests_app.models import AdviceRequest

# --- access -------------------------------------------------------------------------------------


def _require_inbox_access(user: User) -> None:
    require(is_admin(user) or is_coordinator(user))


def _coordinated_request_or_404(user: User, pk: int) -> AdviceRequest:
    """404 for who may not see the request, 403 for who sees it but may not coordinate it."""
    advice_request = permissions.get_visible_request_or_404(user, pk)
    require(is_admin(user) or permissions.coordinates_request(user, advice_request))
    return advice_request
