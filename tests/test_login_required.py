"""Every page but the login and password-reset pages asks an anonymous visitor to log in."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Pages a person must reach before they can log in.
PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    "set_language",
    "robots_txt",
    "favicon",
    # For the load balancer and the monitoring: nothing personal in them.
    "health:liveness",
    "health:readiness",
    # The pages the law asks for, readable before logging in.
    "privacy_notice",
    "accessibility_statement",
    # Single sign-on: the way to the provider, back, and why it did not work.
    "sso_login",
    "sso_callback",
    "sso_refused",
    # Reporting without an account (issue 15): a poster's form, which refuses any token
    # but a poster's own; the follow-up page, which shows nothing without a valid code;
    # the installable app's manifest and service worker.
    "cases:poster_report",
    "cases:follow_up",
    "cases:follow_up_reply",
    "cases:manifest",
    "cases:service_worker",
}
DUMMY = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else ""), prefix + str(entry.pattern)


def _concrete(route: str) -> str:
    """Turn a route (path converters or admin regexes) into a URL that resolves."""
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: DUMMY.get(m.group(1) or "str", "x"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    route = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
    return "/" + route.lstrip("/")


def all_routes():
    return sorted({(name, _concrete(route)) for name, route in _walk(get_resolver().url_patterns)})


@pytest.mark.django_db
def test_every_url_sends_anonymous_visitors_to_login(client):
    checked = 0
    for name, url in all_routes():
        if name in PUBLIC:
            continue
        response = client.get(url)
        assert response.status_code == 302, f"{name} {url} answered {response.status_code}"
        location = response["Location"]
        assert location.startswith(("/logg-inn/", "/admin/login/")), f"{name} {url} → {location}"
        checked += 1
    assert checked >= 10


@pytest.mark.django_db
def test_login_and_reset_pages_are_open_to_anonymous_visitors(client):
    for url in ["/logg-inn/", "/passord/glemt/", "/passord/glemt/sendt/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b'name="csrfmiddlewaretoken"' in response.content or url.endswith("sendt/")
