"""/helse/ and /helse/klar/: no login, JSON with one line per check, red (503) when a
backing service or the background processes are gone."""

import contextlib
import json

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from cases.tasks import escalate_stale_cases_task
from health import checks
from orgchart.models import Notification
from tests.faults.services import dead_redis_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_checks(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "health-tests",
        },
    }
    cache.clear()
    checks.forget_remembered_checks()
    yield
    checks.forget_remembered_checks()
    with contextlib.suppress(Exception):  # one test points the cache at a dead Redis
        cache.clear()


@pytest.fixture
def workers_answer(monkeypatch):
    """A broker that accepts connections and one worker that answers its ping."""
    monkeypatch.setattr(checks, "_broker", lambda: {})
    monkeypatch.setattr(
        checks.celery_app.control, "ping", lambda **kw: [{"celery@test": {"ok": "pong"}}]
    )


def lines(response) -> dict:
    body = response.content.decode()
    document = json.loads(body)
    # One line per check, so `grep` and a human both read it.
    assert len(body.strip().splitlines()) == len(document["checks"]) + 2
    return {line["name"]: line for line in document["checks"]}


def test_liveness_answers_without_login_or_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/helse/")
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"


def test_readiness_is_green_when_everything_answers(client, workers_answer):
    escalate_stale_cases_task()

    response = client.get("/helse/klar/")

    assert response.status_code == 200, response.content.decode()
    found = lines(response)
    assert set(found) == {
        "database",
        "cache",
        "broker",
        "workers",
        "escalation_sweep",
        "upload_disk",
        "notices_waiting",
        "summaries_waiting",
    }
    assert all(line["ok"] for line in found.values())
    assert response["Cache-Control"].startswith("max-age=0")


def test_readiness_is_red_without_a_recent_escalation_sweep(client, workers_answer):
    response = client.get("/helse/klar/")

    assert response.status_code == 503
    assert lines(response)["escalation_sweep"]["ok"] is False


def test_readiness_is_red_within_one_poll_when_the_broker_is_gone(client, monkeypatch, settings):
    escalate_stale_cases_task()
    monkeypatch.setattr(
        checks.celery_app.control, "ping", lambda **kw: [{"celery@test": {"ok": "pong"}}]
    )
    monkeypatch.setitem(checks.celery_app.conf, "broker_url", "memory://")
    assert client.get("/helse/klar/").status_code == 200
    # The broker goes away; the next poll (10 s later) comes after the remembered answer
    # (HEALTH_CHECK_CACHE_SECONDS) has expired.
    assert settings.HEALTH_CHECK_CACHE_SECONDS < 10
    monkeypatch.setitem(checks.celery_app.conf, "broker_url", dead_redis_url())
    checks.forget_remembered_checks()

    response = client.get("/helse/klar/")

    assert response.status_code == 503
    assert lines(response)["broker"]["ok"] is False


def test_readiness_is_red_when_no_worker_answers(client, monkeypatch):
    escalate_stale_cases_task()
    monkeypatch.setattr(checks, "_broker", lambda: {})
    monkeypatch.setattr(checks.celery_app.control, "ping", lambda **kw: [])

    response = client.get("/helse/klar/")

    assert response.status_code == 503
    assert lines(response)["workers"]["ok"] is False


def test_readiness_counts_waiting_notices_without_naming_anyone(
    client, org, workers_answer, django_capture_on_commit_callbacks
):
    escalate_stale_cases_task()
    Notification.objects.create(
        recipient=org.leader,
        subject="Hemmelig emne",
        body="Hemmelig tekst",
        delivery=Notification.Delivery.QUEUED,
    )

    response = client.get("/helse/klar/")

    waiting = lines(response)["notices_waiting"]
    assert waiting["waiting"] == 1
    assert waiting["oldest_seconds"] >= 0
    body = response.content.decode()
    assert "Hemmelig" not in body and org.leader.username not in body


def test_the_health_command_fails_for_a_stale_sweep_and_passes_after_one():
    with pytest.raises(CommandError):
        call_command("health", "escalation_sweep")
    escalate_stale_cases_task()
    call_command("health", "escalation_sweep")


def test_readiness_reports_a_cache_that_is_away(client, workers_answer, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead_redis_url(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }

    response = client.get("/helse/klar/")

    assert response.status_code == 503
    assert lines(response)["cache"]["ok"] is False
