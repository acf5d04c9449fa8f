"""The report form as an installable web app: its manifest and its service worker,
which keeps the form and its static files on the phone so the form opens without
coverage (static/js/report-service-worker.js; the queue is static/js/offline-queue.js)."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# What the form needs to open and work without coverage.
OFFLINE_ASSETS = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/avvik.css",
    "img/favicon.svg",
    "js/unit-search.js",
    "js/photo-shrink.js",
    "js/offline-queue.js",
]
SERVICE_WORKER = "js/report-service-worker.js"


def app_scope() -> str:
    """Where the app lives: the report form, the posters' forms and the follow-up page."""
    return reverse("cases:service_worker").rsplit("/", 1)[0] + "/"


@login_not_required
@require_GET
@cache_control(max_age=3600, public=True)
def manifest(request):
    """The web app manifest. A poster's form asks for one that starts at that poster."""
    scope = app_scope()
    start = request.GET.get("start", "")
    if not (start.startswith(reverse("cases:report")) or start.startswith(scope + "plakat/")):
        start = reverse("cases:report")
    data = {
        "name": _("Avvik – report a deviation"),
        "short_name": _("Avvik"),
        "description": _("Report HMS deviations from your phone, also without coverage."),
        "lang": request.LANGUAGE_CODE,
        "id": reverse("cases:report"),
        "start_url": start,
        "scope": scope,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0d6efd",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


@login_not_required
@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker, served from the app's scope rather than /static/ (a worker
    controls only pages under its own address), with the current names of the static
    files to keep."""
    with open(finders.find(SERVICE_WORKER), encoding="utf-8") as source:
        code = source.read()
    assets = [static(name) for name in OFFLINE_ASSETS]
    header = (
        f"const PRECACHE = {json.dumps(assets)};\n"
        f"const FORM_PATHS = {json.dumps([reverse('cases:report'), app_scope() + 'plakat/'])};\n"
        f"const LOGOUT_PATH = {json.dumps(reverse('logout'))};\n"
        f"const CACHE_VERSION = {json.dumps(_cache_version(assets))};\n"
    )
    return HttpResponse(header + code, content_type="application/javascript; charset=utf-8")


def _cache_version(assets: list[str]) -> str:
    """Changes when a static file changes (their hashed names do), so the worker updates."""
    return hashlib.sha256((settings.STATIC_URL + "".join(assets)).encode()).hexdigest()[:12]
