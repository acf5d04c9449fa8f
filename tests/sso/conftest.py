"""Single sign-on against a real OpenID Connect provider (tests/oidc_provider) started on
127.0.0.1 for the session, and the app on pytest-django's live server over plain HTTP."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
import requests

from tests.browser.conftest import live_server  # noqa: F401  (plain HTTP live server)
from tests.oidc_provider.harness import CLIENT_ID, CLIENT_SECRET, oidc_provider  # noqa: F401

CONTACT = "IT-servicesenteret, telefon 12 34 56 78"


@pytest.fixture
def sso(settings, oidc_provider):  # noqa: F811
    """Single sign-on on, pointed at the test provider, as the IT department would set it."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_ADMIN_GROUP = "hms-admins"
    settings.OIDC_UNKNOWN_PERSON_CONTACT = CONTACT
    settings.LANGUAGE_CODE = "nb"
    return oidc_provider


def log_in_through_provider(live_server, provider, username: str, *, next_url="/avvik/mine/"):  # noqa: F811
    """A browser's round trip with plain HTTP requests: the app's SSO button, the
    provider's login form, back to the app. Returns the session and the last page."""
    session = requests.Session()
    page = session.get(f"{live_server.url}/sso/logg-inn/", params={"next": next_url})
    assert "Test identity provider" in page.text, page.text[:500]
    answer = provider.log_in(session, page, username)
    assert answer.status_code == 302, answer.text[:500]
    page = session.get(urljoin(provider.url, answer.headers["Location"]))
    return session, page


def csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
