"""requests_app models, one module per subject; import them from here."""

from requests_app.models.assignments import Assignment
from requests_app.models.audit import Event, ListVersion
from requests_app.models.requests import AdviceRequest, Attachment, InternalNote, ReferenceCounter
from requests_app.models.routing import RoutingRule

__all__ = [
    "AdviceRequest",
    "Assignment",
    "Attachment",
    "Event",
    "InternalNote",
    "ListVersion",
    "ReferenceCounter",
    "RoutingRule",
]
