"""The single sign-on round trip: to the provider, back, and out again at both ends."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from orgchart.sso import provider_metadata, sso_enabled, sso_setting
from orgchart.sso.backend import REFUSAL_SESSION_KEY, UNKNOWN_PERSON


@method_decorator(login_not_required, name="dispatch")
class StartSingleSignOn(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login page (state, nonce and PKCE kept in the
    session)."""

    def __init__(self, *args, **kwargs):
        if not sso_enabled():
            raise Http404
        super().__init__(*args, **kwargs)

    @staticmethod
    def get_settings(attr, *args):
        return sso_setting(attr, *args)


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
            "contact": settings.OIDC_UNKNOWN_PERSON_CONTACT,
        },
        status=403,
    )
