"""Dutch first: the browser's language does not decide, the person's own choice does."""

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def _lang(response) -> str:
    html = response.content.decode()
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_an_english_browser_still_gets_dutch(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert _lang(response) == "nl"
    assert response["Content-Language"] == "nl"


def test_the_language_switch_decides_and_is_kept_on_the_account(client, requester):
    client.force_login(requester)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("requests:requester-home"))
    assert _lang(response) == "en"
    assert User.objects.get(pk=requester.pk).language == "en"  # mail follows the choice


def test_a_signed_in_person_gets_their_own_language_on_a_new_device(client, requester):
    User.objects.filter(pk=requester.pk).update(language="en")
    client.force_login(User.objects.get(pk=requester.pk))
    response = client.get(reverse("requests:requester-home"), HTTP_ACCEPT_LANGUAGE="nl")
    assert _lang(response) == "en"


def test_an_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies["django_language"] = "fr"
    assert _lang(client.get(reverse("account_login"))) == "nl"


def test_an_api_client_asks_for_its_language_in_the_standard_way(client):
    english = client.get("/api/v1/requests/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    dutch = client.get("/api/v1/requests/")
    assert english["Content-Language"] == "en"
    assert dutch["Content-Language"] == "nl"
    assert english.json()["detail"] != dutch.json()["detail"]
