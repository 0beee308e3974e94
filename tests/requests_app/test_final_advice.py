"""Completing a request through the workspace: the delivered results and, optionally, the final
advice as a file the requester downloads from the request page."""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from requests_app.enums import Status
from requests_app.models import AdviceRequest, Attachment, Event
from tests.factories import MembershipFactory
from tests.requests_app.api_support import token_client, url
from tests.requests_app.completion_support import request_in_progress

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def working(requester, weer_thuis, coordinator_weer_thuis) -> AdviceRequest:
    return request_in_progress(
        requester=requester, team=weer_thuis, coordinator=coordinator_weer_thuis
    )


def complete_url(request: AdviceRequest) -> str:
    return reverse("requests:workspace-action", args=[request.pk, "afronden"])


def test_the_final_advice_is_attached_on_completion_and_downloaded_by_the_requester(
    working, coordinator_weer_thuis, requester
):
    coordinator = signed_in(coordinator_weer_thuis)
    form = coordinator.get(reverse("requests:workspace", args=[working.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert 'type="file" name="final_advice"' in form

    response = coordinator.post(
        complete_url(working),
        {
            "delivered_results": ["business_case"],
            "final_advice": SimpleUploadedFile("Eindadvies Veenendaal.pdf", PDF),
        },
    )
    assert response.status_code == 302
    assert AdviceRequest.objects.get(pk=working.pk).status == Status.COMPLETED
    workspace = coordinator.get(response["Location"]).content.decode()
    attachments = re.search(
        r'data-testid="attachments">(.*?)</dd>', html.unescape(workspace), re.S
    ).group(1)
    assert re.sub(r"<[^>]+>", "", attachments) == (
        "Eindadvies Veenendaal.pdf (77\xa0bytes) \u2013 Final advice"
    )
    advice = Attachment.objects.get(request=working)
    assert (advice.name, advice.final_advice, advice.uploaded_by) == (
        "Eindadvies Veenendaal.pdf",
        True,
        coordinator_weer_thuis,
    )
    completed = Event.objects.get(request=working, action="request.completed")
    assert completed.data == {
        "delivered_results": ["business_case"],
        "final_advice": "Eindadvies Veenendaal.pdf",
    }

    page = signed_in(requester).get(reverse("requests:detail", args=[working.pk]))
    body = html.unescape(page.content.decode())
    row = re.search(r'<th scope="row"[^>]*>(.*?)</th>', body, re.S).group(1)
    assert "Eindadvies Veenendaal.pdf" in row
    assert 'data-testid="final-advice">Final advice' in row
    assert "Final advice: Eindadvies Veenendaal.pdf" in body  # on the timeline
    download = signed_in(requester).get(
        reverse("requests:attachment", args=[working.pk, advice.pk])
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_completing_without_a_file_is_fine_and_a_wrong_file_is_refused_on_its_field(
    working, coordinator_weer_thuis
):
    coordinator = signed_in(coordinator_weer_thuis)
    refused = coordinator.post(
        complete_url(working),
        {
            "delivered_results": ["business_case"],
            "final_advice": SimpleUploadedFile("advies.txt", b"platte tekst"),
        },
    )
    assert refused.status_code == 400
    assert "Only PDF and Office documents can be attached" in html.unescape(
        refused.content.decode()
    )
    assert AdviceRequest.objects.get(pk=working.pk).status == Status.IN_PROGRESS
    assert not Attachment.objects.filter(request=working).exists()

    done = coordinator.post(complete_url(working), {"delivered_results": ["plan_of_approach"]})
    assert done.status_code == 302
    assert AdviceRequest.objects.get(pk=working.pk).status == Status.COMPLETED
    assert not Attachment.objects.filter(request=working).exists()


def test_an_outsider_cannot_download_the_final_advice(working, coordinator_weer_thuis):
    signed_in(coordinator_weer_thuis).post(
        complete_url(working),
        {
            "delivered_results": ["business_case"],
            "final_advice": SimpleUploadedFile("Eindadvies.pdf", PDF),
        },
    )
    advice = Attachment.objects.get(request=working)
    outsider = MembershipFactory(user__email="bas@barneveld.nl").user
    answer = signed_in(outsider).get(reverse("requests:attachment", args=[working.pk, advice.pk]))
    assert answer.status_code == 404


# --- the same through the API ---------------------------------------------------------------------


def test_the_api_completes_with_the_final_advice_as_multipart_and_refuses_a_wrong_file(
    working, coordinator_weer_thuis
):
    client = token_client(coordinator_weer_thuis)
    wrong = client.post(
        url(f"{working.pk}/complete/"),
        {
            "delivered_results": ["business_case"],
            "final_advice": SimpleUploadedFile("advies.exe", b"MZ"),
        },
        format="multipart",
    )
    assert wrong.status_code == 400
    assert list(wrong.json()) == ["final_advice"]
    assert AdviceRequest.objects.get(pk=working.pk).status == Status.IN_PROGRESS

    done = client.post(
        url(f"{working.pk}/complete/"),
        {
            "delivered_results": ["business_case", "plan_of_approach"],
            "final_advice": SimpleUploadedFile("Eindadvies.pdf", PDF),
        },
        format="multipart",
    )
    assert done.status_code == 200
    body = done.json()
    assert (body["status"], body["delivered_results"]) == (
        "completed",
        ["business_case", "plan_of_approach"],
    )
    assert [(a["name"], a["final_advice"]) for a in body["attachments"]] == [
        ("Eindadvies.pdf", True)
    ]


def test_the_api_still_completes_with_json_alone(working, coordinator_weer_thuis):
    done = token_client(coordinator_weer_thuis).post(
        url(f"{working.pk}/complete/"), {"delivered_results": ["other"]}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["attachments"] == []
