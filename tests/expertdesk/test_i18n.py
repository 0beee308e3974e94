"""The UI speaks Dutch unless the person chooses English, and the Dutch catalogue is complete.

CI has no gettext, so the compiled ``django.mo`` is committed next to ``django.po``; the last
tests check the two agree, with the standard library only.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"


def switch_to_english(client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_the_login_page_is_dutch_by_default(client, db):
    response = client.get(reverse("account_login"))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl">' in html
    assert re.search(r"<h1[^>]*>\s*Aanmelden\s*</h1>", html)
    assert re.search(r'<button type="submit"[^>]*>\s*Aanmelden\s*</button>', html)
    assert '<label class="rvo-label" for="id_login">E-mailadres</label>' in html
    assert "Naar de inhoud" in html
    assert "Rijksdienst voor Ondernemend Nederland" in html


def test_the_login_page_is_english_after_switching_language(client, db):
    switch_to_english(client)

    response = client.get(reverse("account_login"))

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert re.search(r"<h1[^>]*>\s*Sign In\s*</h1>", html)
    assert re.search(r'<button type="submit"[^>]*>\s*Sign In\s*</button>', html)
    assert "Skip to content" in html
    assert "Netherlands Enterprise Agency" in html
    assert "Aanmelden" not in html


def test_a_wrong_password_is_explained_in_dutch_in_the_error_summary(client, requester):
    response = client.post(
        reverse("account_login"), {"login": requester.email, "password": "not-" + PASSWORD}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="error-summary"' in html
    assert "Controleer wat u hebt ingevuld" in html
    assert "wachtwoord is niet correct" in html


def test_a_field_error_is_tied_to_its_field(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "not an address"})

    html = response.content.decode()
    input_tag = re.search(r'<input[^>]*id="id_email"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in input_tag
    assert 'aria-describedby="id_email_error"' in input_tag
    assert 'id="id_email_error"' in html
    assert '<a class="rvo-link" href="#id_email">' in html  # from the summary to the field


def test_the_requester_home_follows_the_chosen_language(client, requester):
    client.force_login(requester)

    dutch = client.get(reverse("requests:requester-home")).content.decode()
    switch_to_english(client)
    english = client.get(reverse("requests:requester-home")).content.decode()

    assert "Uw organisaties" in dutch
    assert "Gemeente" in dutch
    assert "Your organisations" in english
    assert "Municipality" in english


# --- the catalogue itself -----------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def read_po(path: Path) -> list[Entry]:
    """The entries of a PO file; enough of the format for what makemessages writes."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    last = ""

    def flush() -> None:
        nonlocal fields, flags
        if "msgid" in fields:
            entries.append(
                Entry(
                    msgid=fields["msgid"],
                    msgctxt=fields.get("msgctxt"),
                    msgid_plural=fields.get("msgid_plural"),
                    msgstr={
                        int(key[7:-1]) if key != "msgstr" else 0: value
                        for key, value in fields.items()
                        if key.startswith("msgstr")
                    },
                    flags=flags,
                )
            )
        fields, flags = {}, set()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):  # references, comments and obsolete (#~) entries
            continue
        elif line.startswith('"'):
            fields[last] += ast.literal_eval(line)
        else:
            last, literal = line.split(" ", 1)
            fields[last] = ast.literal_eval(literal)
    flush()
    return entries


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    return [entry for entry in read_po(CATALOGUE / "django.po") if entry.msgid]


def test_every_message_has_a_dutch_translation(po_entries):
    untranslated = [e.msgid for e in po_entries if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.msgid for e in po_entries if "fuzzy" in e.flags]

    assert len(po_entries) > 100
    assert untranslated == []
    assert fuzzy == []


def test_translations_keep_their_placeholders(po_entries):
    placeholder = re.compile(r"%(?:\([a-z_]+\))?[sd]|\{[a-z_]+\}")
    broken = []
    for e in po_entries:
        if e.msgid_plural is None:
            if sorted(placeholder.findall(e.msgstr[0])) != sorted(placeholder.findall(e.msgid)):
                broken.append(e.msgid)
        else:  # a plural form may leave out the number ("deze week"), never invent one
            known = set(placeholder.findall(e.msgid + e.msgid_plural))
            if any(set(placeholder.findall(form)) - known for form in e.msgstr.values()):
                broken.append(e.msgid)

    assert broken == []


def test_the_compiled_catalogue_matches_the_po_file(po_entries):
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    stale = []
    for entry in po_entries:
        if entry.msgid_plural is not None:
            found = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            expected = [entry.msgstr[0], entry.msgstr[1]]
        elif entry.msgctxt is not None:
            found, expected = compiled.pgettext(entry.msgctxt, entry.msgid), entry.msgstr[0]
        else:
            found, expected = compiled.gettext(entry.msgid), entry.msgstr[0]
        if found != expected:
            stale.append(entry.msgid)

    assert stale == [], "run `manage.py compilemessages` and commit django.mo"
