"""Lets forms lead to the identity provider under the Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

from orgchart.sso import discovery_url, sso_enabled


class ProviderFormActionMiddleware:
    """Logging out is a form (POST) that ends at the provider's end-session endpoint, and
    browsers hold the redirect after a form to the page's ``form-action``: with single
    sign-on on, every page allows the provider's origin there. Listed after
    ``CSPMiddleware``, so that its response passes here first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if sso_enabled():
            parts = urlsplit(discovery_url())
            update = getattr(response, "_csp_update", None) or {}
            update["form-action"] = [
                *update.get("form-action", []),
                f"{parts.scheme}://{parts.netloc}",
            ]
            response._csp_update = update
        return response
