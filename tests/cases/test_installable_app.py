"""The report form as an installable web app: what Lighthouse's installability checks
read from the manifest and the service worker."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def manifest_of(client, page_url):
    html = client.get(page_url).content.decode()
    assert '<link rel="manifest" href="/avvik/manifest.webmanifest' in html
    response = client.get("/avvik/manifest.webmanifest")
    assert response["Content-Type"].startswith("application/manifest+json")
    return response.json()


def test_the_manifest_has_what_an_installable_app_needs(client, org):
    client.force_login(org.reporter)

    manifest = manifest_of(client, "/avvik/meld/")

    assert manifest["name"] and manifest["short_name"]
    assert manifest["display"] in {"standalone", "fullscreen", "minimal-ui"}
    assert manifest["start_url"] == "/avvik/meld/"
    assert manifest["start_url"].startswith(manifest["scope"])
    assert manifest["theme_color"] and manifest["background_color"]
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        name = icon["src"].removeprefix("/static/")
        assert finders.find(name) or client.get(icon["src"]).status_code == 200


def test_a_posters_manifest_starts_at_that_poster_and_no_elsewhere(client):
    poster = "/avvik/plakat/SOL/abc/"

    own = client.get("/avvik/manifest.webmanifest", {"start": poster}).json()
    foreign = client.get("/avvik/manifest.webmanifest", {"start": "https://evil.example/"}).json()

    assert own["start_url"] == poster
    assert foreign["start_url"] == "/avvik/meld/"


def test_the_service_worker_is_served_from_the_apps_scope_with_the_files_to_keep(client):
    response = client.get("/avvik/sw.js")

    code = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    # Served at /avvik/sw.js, its default scope /avvik/ covers the forms and follow-up.
    assert "const PRECACHE = [" in code and "bootstrap/bootstrap.min" in code
    assert '"/avvik/meld/"' in code
    assert "no-cache" in response["Cache-Control"]
    # Nothing from a CDN.
    assert "https://" not in code and "http://" not in code
