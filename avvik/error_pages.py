"""The app's own error pages (400, 403, 404, 413, 429, 500): in the reader's language,
inside the usual page frame, each with a way back.

Django's defaults render without the request, so neither the navigation nor the
language switch would appear, and a request over the size limit would get the bare
"Bad Request (400)".
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token


def back_url(request) -> str:
    """Where "back" leads: the page the person came from, if it is one of ours."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


def error_page(request, template: str, status: int, context: dict | None = None):
    return render(
        request, template, {"back_url": back_url(request), **(context or {})}, status=status
    )


@requires_csrf_token
def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return too_large(request)
    return error_page(request, "400.html", 400)


def too_large(request):
    return error_page(request, "413.html", 413)


@requires_csrf_token
def permission_denied(request, exception=None):
    return error_page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return error_page(request, "404.html", 404)


def too_many_requests(request):
    return error_page(request, "429.html", 429)


def csrf_failure(request, reason=""):
    """A form sent from a page that had expired (CSRF_FAILURE_VIEW): the usual frame,
    the reader's language and a way back, like the other error pages."""
    return error_page(request, "403_csrf.html", 403)
