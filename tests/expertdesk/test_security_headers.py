"""Response headers on signed-in pages, and the production profile seen from outside."""

from __future__ import annotations

import json
import secrets

import pytest
from django.urls import reverse

from tests.expertdesk.processes import child_env, manage, run_script, shared_database_url
from tests.factories import PASSWORD

HOST = "expertdesk.rvo.example"


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_a_signed_in_page_has_a_strict_policy_and_is_never_cached(client, requester):
    client.force_login(requester)

    response = client.get(reverse("requests:requester-home"))

    assert response.status_code == 200
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert "'self'" in csp["script-src"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"max-age=0", "no-cache", "no-store", "must-revalidate", "private"}


def test_the_sign_in_page_has_the_policy_too(client, db):
    response = client.get(reverse("account_login"))

    assert response.status_code == 200
    csp = csp_directives(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp["script-src"]


def production_env(tmp_path, **variables: str) -> dict[str, str]:
    return child_env(
        EXPERTDESK_PRODUCTION="1",
        SECRET_KEY=secrets.token_urlsafe(45)[:60],
        ALLOWED_HOSTS=HOST,
        EMAIL_HOST="smtp.rvo.example",
        SITE_URL=f"https://{HOST}",
        EXPERTDESK_VAR_DIR=str(tmp_path),
        **variables,
    )


def test_the_deploy_check_finds_nothing_in_the_production_profile(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


# Runs in a child process with the production settings; prints what a browser would see.
PRODUCTION_REQUESTS = """
import json, django
django.setup()
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User

# Hashed here with the production hasher (the test settings use a fast one).
user = User.objects.create_user("%(email)s", "%(password)s")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
https = {"HTTP_HOST": "%(host)s", "HTTP_X_FORWARDED_PROTO": "https"}
client = Client()
signed_in = client.post(
    reverse("account_login"), {"login": "%(email)s", "password": "%(password)s"}, **https
)
plain = Client().get(reverse("requests:home"), HTTP_HOST="%(host)s")
probe = Client().get(reverse("healthz"), HTTP_HOST="%(host)s")
language = client.post(reverse("set_language"), {"language": "en"}, **https)
cookies = {
    name: {flag: response.cookies[name][flag] for flag in ("secure", "httponly", "samesite")}
    for name, response in (
        ("sessionid", signed_in), ("csrftoken", signed_in), ("django_language", language)
    )
}
print(json.dumps({
    "status": signed_in.status_code,
    "hsts": signed_in.headers.get("Strict-Transport-Security"),
    "cookies": cookies,
    "plain": [plain.status_code, plain.headers.get("Location")],
    "probe_redirected": probe.status_code == 301,
    "admin": reverse("admin:index"),
    "old_admin": Client().get("/admin/", **https).status_code,
}))
"""


@pytest.mark.django_db(transaction=True)
def test_production_sends_hsts_and_secure_cookies_and_redirects_plain_http(tmp_path):
    script = PRODUCTION_REQUESTS % {
        "host": HOST,
        "email": "rik@veenendaal.nl",
        "password": PASSWORD,
    }
    env = production_env(tmp_path, DATABASE_URL=shared_database_url(), ADMIN_URL="/beheer-7f3k/")

    result = run_script(script, env=env)

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["status"] == 302  # signed in
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["cookies"] == {
        "sessionid": {"secure": True, "httponly": True, "samesite": "Lax"},
        "csrftoken": {"secure": True, "httponly": True, "samesite": "Lax"},
        "django_language": {"secure": True, "httponly": True, "samesite": "Lax"},
    }
    assert seen["plain"] == [301, f"https://{HOST}/"]
    assert seen["probe_redirected"] is False  # the load balancer probes over plain HTTP
    assert seen["admin"] == "/beheer-7f3k/"
    assert seen["old_admin"] == 404
