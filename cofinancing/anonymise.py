"""Retention for co-financing: the free text on time entries and agreement versions of a request
that is anonymised (registered with ``requests_app.services.anonymise``). Hours, days, rates,
shares and amounts stay: they are the programme's figures."""

from __future__ import annotations

from cofinancing.models import Agreement, AgreementVersion, TimeEntry
from mail.services import forget
from requests_app.models import AdviceRequest


def anonymise_cofinancing(request: AdviceRequest) -> None:
    TimeEntry.objects.filter(request=request).update(description="", correction_reason="")
    versions = AgreementVersion.objects.filter(agreement__request=request)
    version_ids = list(versions.values_list("pk", flat=True))
    versions.update(reason="")
    agreement_ids = Agreement.objects.filter(request=request).values_list("pk", flat=True)
    forget(
        [
            *(f"agreement:{pk}:" for pk in agreement_ids),
            *(f"agreement-warning:{pk}:" for pk in version_ids),
        ]
    )
