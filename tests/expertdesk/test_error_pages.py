"""403, 404 and 500 are pages of expertdesk: the design system's layout, in the person's
language, with a way back; the 500 page is drawn without a request, so it needs none."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    return re.search(
        r'<h1[^>]*data-testid="error-title"[^>]*>(.*?)</h1>', response.content.decode()
    ).group(1)


def test_a_page_one_may_not_open_answers_a_styled_dutch_403(client, requester):
    client.force_login(requester)
    response = client.get(reverse("requests:coordinator-home"))
    page = response.content.decode()
    assert response.status_code == 403
    assert heading(response) == "U hebt geen toegang tot deze pagina"
    assert '<html lang="nl">' in page
    assert "component-library-css/dist/index.min.css" in page  # the design system's layout
    assert 'href="/"' in page
    assert "Forbidden" not in page


def test_the_403_follows_the_chosen_language(client, requester):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(requester)
    response = client.get(reverse("requests:coordinator-home"))
    assert response.status_code == 403
    assert heading(response) == "You have no access to this page"
    assert '<html lang="en">' in response.content.decode()


def test_an_unknown_address_answers_a_styled_404(client, requester):
    client.force_login(requester)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert heading(response) == "Pagina niet gevonden"
    assert "Mijn aanvragen" in response.content.decode()  # the navigation of one's roles


def test_the_500_page_needs_no_request_context_and_speaks_the_language_of_the_request():
    request = RequestFactory().get("/")
    for language, title in (("nl", "Er ging iets mis"), ("en", "Something went wrong")):
        with translation.override(language):
            response = server_error(request)
        page = response.content.decode()
        assert response.status_code == 500
        assert heading(response) == title
        assert f'<html lang="{language}">' in page
        assert "/static/vendor/nl-rvo/component-library-css/dist/index.min.css" in page
