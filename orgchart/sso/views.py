"""The single sign-on round trip: to the provider, back, and out again at both ends."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from orgchart.sso import provider_metadata, sso_enabled, sso_setting
from orgchart.sso.backend import PROVIDER_UNAVAILABLE, REFUSAL_SESSION_KEY, UNKNOWN_PERSON

logger = logging.getLogger(__name__)


@method_decorator(login_not_required, name="dispatch")
class StartSingleSignOn(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login page (state, nonce and PKCE kept in the
    session)."""

    def __init__(self, *args, **kwargs):
        # The provider's endpoints are read in get(), where an unreachable provider can be
        # answered with a page rather than an error.
        View.__init__(self, *args, **kwargs)

    @staticmethod
    def get_settings(attr, *args):
        return sso_setting(attr, *args)

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError):
            logger.warning("the identity provider's discovery document could not be read")
            request.session[REFUSAL_SESSION_KEY] = PROVIDER_UNAVAILABLE
            return redirect("sso_refused")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class SingleSignOnCallback(OIDCAuthenticationCallbackView):
    @staticmethod
    def get_settings(attr, *args):
        return sso_setting(attr, *args)


class LogoutView(OIDCLogoutView):
    """Ends the session here and, after single sign-on, at the provider too (RP-initiated
    logout) when it publishes an ``end_session_endpoint``."""

    @staticmethod
    def get_settings(attr, *args):
        return sso_setting(attr, *args)


def provider_logout_url(request) -> str:
    """Where the browser goes after logging out here: the provider's end-session endpoint
    with our ID token as a hint, coming back to the login page; or straight to the login
    page when the person did not come through the provider or it cannot log out."""
    back = request.build_absolute_uri(reverse("login"))
    id_token = request.session.get("oidc_id_token")
    try:
        endpoint = provider_metadata().get("end_session_endpoint")
    except Exception:  # the provider is down: logging out here must still work
        endpoint = None
    if not id_token or not endpoint:
        return reverse("login")
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": back,
            "client_id": settings.OIDC_CLIENT_ID,
        }
    )
    return f"{endpoint}?{query}"


@login_not_required
@require_GET
def sso_refused(request):
    """Why single sign-on did not log the person in, in their language, and whom to ask."""
    reason = request.session.pop(REFUSAL_SESSION_KEY, "")
    return render(
        request,
        "registration/sso_refused.html",
        {
            "unknown_person": reason == UNKNOWN_PERSON,
            "provider_unavailable": reason == PROVIDER_UNAVAILABLE,
            "contact": settings.OIDC_UNKNOWN_PERSON_CONTACT,
        },
        status=403,
    )
