"""Single sign-on through the municipality's OpenID Connect provider (Microsoft Entra ID
or any other), with mozilla-django-oidc. Off unless ``OIDC_ISSUER`` or
``OIDC_DISCOVERY_URL`` is set; everything else is read from the provider's discovery
document, so the IT department sets five variables and nothing more.
"""

from __future__ import annotations

import threading
import time

import requests
from django.conf import settings
from django.urls import reverse
from mozilla_django_oidc.utils import import_from_settings

DISCOVERY_SECONDS = 3600
_discovered: dict[str, tuple[float, dict]] = {}
_lock = threading.Lock()


def sso_enabled() -> bool:
    return bool(discovery_url())


def discovery_url() -> str:
    if settings.OIDC_DISCOVERY_URL:
        return settings.OIDC_DISCOVERY_URL
    if settings.OIDC_ISSUER:
        return settings.OIDC_ISSUER.rstrip("/") + "/.well-known/openid-configuration"
    return ""


def provider_metadata() -> dict:
    """The provider's discovery document, fetched once an hour per URL."""
    url = discovery_url()
    now = time.monotonic()
    with _lock:
        cached = _discovered.get(url)
        if cached and now - cached[0] < DISCOVERY_SECONDS:
            return cached[1]
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT_SECONDS)
    response.raise_for_status()
    metadata = response.json()
    with _lock:
        _discovered[url] = (now, metadata)
    return metadata


_FROM_DISCOVERY = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def sso_setting(attr: str, *default):
    """mozilla-django-oidc's settings, derived from ours and the discovery document."""
    if attr in _FROM_DISCOVERY:
        return provider_metadata().get(_FROM_DISCOVERY[attr])
    derived = {
        "OIDC_RP_CLIENT_ID": lambda: settings.OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": lambda: settings.OIDC_CLIENT_SECRET,
        "OIDC_RP_SIGN_ALGO": lambda: settings.OIDC_SIGN_ALGO,
        "OIDC_RP_SCOPES": lambda: settings.OIDC_SCOPES,
        "OIDC_USE_PKCE": lambda: True,
        "OIDC_STORE_ID_TOKEN": lambda: True,
        "OIDC_TIMEOUT": lambda: settings.OIDC_TIMEOUT_SECONDS,
        "OIDC_CREATE_USER": lambda: bool(settings.OIDC_UNKNOWN_PERSON_UNIT),
        "OIDC_AUTHENTICATION_CALLBACK_URL": lambda: "sso_callback",
        "LOGIN_REDIRECT_URL_FAILURE": lambda: reverse("sso_refused"),
        "OIDC_OP_LOGOUT_URL_METHOD": lambda: (
            "orgchart.sso.views.provider_logout_url" if sso_enabled() else ""
        ),
    }
    if attr in derived:
        return derived[attr]()
    return import_from_settings(attr, *default)


def is_provider_login(request, credentials=None) -> bool:
    """django-axes' whitelist (AXES_WHITELIST_CALLABLE): a login coming back from the
    provider carries no password to guess, and counting its refusals (someone the HR file
    does not know) against the address would lock everyone behind the municipality's NAT
    out of single sign-on. Password logins are counted as before."""
    return (
        request is not None
        and "username" not in (credentials or {})
        and request.path == reverse("sso_callback")
    )
