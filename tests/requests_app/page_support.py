"""Page tests' helpers: read pages the way a person sees them (form controls, their values,
tagged regions, messages), and fixtures for private media and English pages.

Import the fixtures (``private_media_fixture``, ``english_fixture``) into a test module to use
them under their short names.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse


@pytest.fixture(name="private_media")
def private_media_fixture(settings, tmp_path):
    """Attachments go to a throw-away directory instead of var/media."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


@pytest.fixture(name="english")
def english_fixture(client):
    """Pages in English, the source language of the UI strings the tests read."""
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


class _Controls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inputs: list[dict[str, str | None]] = []
        self.textareas: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            self.inputs.append(dict(attrs))
        elif tag == "textarea":
            self._textarea = dict(attrs).get("name") or ""
            self.textareas[self._textarea] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.textareas[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None


def html(response: HttpResponse) -> str:
    return response.content.decode()


def controls(response: HttpResponse) -> _Controls:
    parser = _Controls()
    parser.feed(html(response))
    return parser


def checked(response: HttpResponse, name: str) -> list[str]:
    """Values of the ticked checkboxes and radio buttons called ``name``."""
    return [
        str(attrs.get("value"))
        for attrs in controls(response).inputs
        if attrs.get("name") == name and "checked" in attrs
    ]


def offered(response: HttpResponse, name: str) -> list[str]:
    """Values of every checkbox or radio button called ``name``, ticked or not."""
    return [
        str(attrs.get("value"))
        for attrs in controls(response).inputs
        if attrs.get("name") == name and attrs.get("type") in ("checkbox", "radio")
    ]


def value(response: HttpResponse, name: str) -> str | None:
    """The value of the text box or text area called ``name``."""
    parsed = controls(response)
    if name in parsed.textareas:
        return parsed.textareas[name].lstrip("\n")
    for attrs in parsed.inputs:
        if attrs.get("name") == name and attrs.get("type") not in ("checkbox", "radio"):
            return attrs.get("value")
    return None


def region(response: HttpResponse, testid: str) -> str:
    """The text inside the element tagged ``data-testid=testid``, tags stripped, spaces squeezed."""
    page = html(response)
    match = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(testid)}"[^>]*>', page)
    if match is None:
        raise AssertionError(f"no element with data-testid={testid!r}")
    tag, start = match.group(1), match.end()
    depth, position = 1, start
    pattern = re.compile(rf"<(/?){tag}\b[^>]*>")
    while depth:
        found = pattern.search(page, position)
        if found is None:
            raise AssertionError(f"element {testid!r} is not closed")
        depth += -1 if found.group(1) else 1
        position = found.end()
    inner = page[start : found.start()]
    text = unescape(re.sub(r"<[^>]+>", " ", inner))
    return " ".join(text.split())


def has_region(response: HttpResponse, testid: str) -> bool:
    return f'data-testid="{testid}"' in html(response)


def messages_of(response: HttpResponse) -> list[str]:
    return [str(message) for message in response.context["messages"]]
