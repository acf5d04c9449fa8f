"""The statistics page when the shared cache (Redis) is away: figures from the database
for a scope small enough to compute at once, a plain "not available right now" for a
large one, never a 500."""

import pytest

from tests.faults.services import dead_redis_url
from tests.reports.test_statistics_cache import STATISTICS, file

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_away(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead_redis_url(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    settings.STATISTICS_CACHE_SECONDS = 3600


def test_statistics_read_the_database_when_the_cache_is_down(client, org, cache_away):
    file(org)
    client.force_login(org.leader)

    response = client.get(STATISTICS)

    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.total.current == 1
    assert not figures.cache_token, "nothing was kept, so no part of the page is cached"


def test_a_large_scope_says_plainly_that_figures_are_unavailable(client, org, cache_away, settings):
    settings.STATISTICS_INLINE_UNITS = 0
    file(org)
    client.force_login(org.top_leader)
    client.cookies["django_language"] = "en"

    response = client.get(STATISTICS)

    assert response.status_code == 200
    assert response.context["figures"] is None
    assert "cannot be shown right now" in response.content.decode()
    assert b"statistics-pending" not in response.content


def test_exports_are_computed_when_the_cache_is_down(client, org, cache_away, settings):
    settings.STATISTICS_INLINE_UNITS = 0
    file(org)
    client.force_login(org.top_leader)

    response = client.get(STATISTICS + "csv/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/avvik/meld/",
        "/avvik/mine/",
        "/avvik/saker/",
        "/organisasjon/varsler/",
        "/organisasjon/mine-roller/",
        STATISTICS,
        "/rapporter/amu/",
    ],
)
def test_no_page_answers_500_while_the_cache_is_down(client, org, cache_away, url):
    case = file(org)
    client.force_login(org.hms_admin)

    response = client.get(url)

    assert response.status_code < 500, url
    assert client.get(f"/avvik/saker/{case.pk}/").status_code == 200


def test_severity_names_serve_from_the_process_while_the_cache_is_down(
    client, org, cache_away, monkeypatch
):
    """Every page shows severities; the names are kept in the process and checked against
    the shared cache every few seconds. That check must not fail a page while Redis is
    away (it did, once in RECHECK_SECONDS, in a slow test run)."""
    from avvik import kept_rows, severity_names

    case = file(org)
    client.force_login(org.leader)
    severity_names.load()
    monkeypatch.setattr(kept_rows, "RECHECK_SECONDS", -1.0)  # check on every use

    response = client.get(f"/avvik/saker/{case.pk}/")

    assert response.status_code == 200
    assert severity_names.is_loaded()
