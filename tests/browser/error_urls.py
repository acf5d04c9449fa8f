"""The site's own URLs plus a few that fail on purpose, so the browser tests can check the
error pages (403, CSRF failure, 500) exactly as a person would meet them."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.csrf import csrf_failure

from avvik.urls import urlpatterns as site_urlpatterns


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("a deliberate failure, to show the error page")


def _csrf_refused(request):
    return csrf_failure(request, reason="CSRF token missing.")


urlpatterns = [
    path("feil/403/", _forbidden),
    path("feil/500/", _broken),
    path("feil/csrf/", _csrf_refused),
    *site_urlpatterns,
]
