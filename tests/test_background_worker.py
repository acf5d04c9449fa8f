"""Background work runs on a real Celery worker: on Kombu's filesystem transport in the
embedded default, and on Redis when REDIS_URL is set."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def _start_worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "avvik", "worker", "--pool=solo", "-l", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _wait_for_files(folder: Path, timeout: float = 60) -> list[Path]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = list(folder.glob("*.log"))
        if files:
            return files
        time.sleep(0.2)
    return []


def _stop(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output.decode(errors="replace")


def test_embedded_mode_runs_tasks_without_redis(tmp_path):
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "AVVIK_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    env.pop("REDIS_URL", None)
    sender = (
        "import django; django.setup();"
        "from django.conf import settings; assert settings.CELERY_BROKER_URL.startswith('filesystem://');"
        "from orgchart.mail import send_email;"
        "send_email.delay('Prøve', 'Sendt fra køen', ['leder@kommune.example'])"
    )
    subprocess.run(
        [sys.executable, "-c", sender],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "avvik.settings"},
        check=True,
    )
    worker = _start_worker(env)
    try:
        sent = _wait_for_files(mail_dir)
    finally:
        output = _stop(worker)
    assert sent, f"the worker sent nothing; its output:\n{output}"
    message = sent[0].read_text()
    assert "leder@kommune.example" in message
    assert "Sendt fra k" in message


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_task_queued_from_a_view_runs_on_a_worker_over_redis(client, org, tmp_path):
    from avvik.celery import app

    assert app.conf.broker_url.startswith("redis://")
    app.conf.task_always_eager = False
    db = connection.settings_dict
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "REDIS_URL": settings.REDIS_URL,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    worker = _start_worker(env)
    try:
        response = client.post(reverse("password_reset"), {"email": org.reporter.email})
        assert response.status_code == 302
        sent = _wait_for_files(mail_dir)
    finally:
        output = _stop(worker)
    assert sent, f"the worker sent nothing; its output:\n{output}"
    message = sent[0].read_text()
    assert org.reporter.email in message
    assert "/passord/nytt/" in message


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_filing_from_the_form_is_notified_by_a_worker_over_redis(client, org, tmp_path):
    """The report form queues the leader's notice on commit; a real worker delivers it and
    marks it e-mailed in the database."""
    import uuid

    from avvik.celery import app
    from avvik.models import Category
    from orgchart.models import Notification

    category, _created = Category.objects.get_or_create(
        code="annet", defaults={"name_nb": "Annet", "sort_order": 90}
    )
    app.conf.task_always_eager = False
    db = connection.settings_dict
    env = {
        **os.environ,
        "REDIS_URL": settings.REDIS_URL,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    client.force_login(org.reporter)
    worker = _start_worker(env)
    try:
        response = client.post(
            reverse("cases:report"),
            {
                "submission_token": str(uuid.uuid4()),
                "category": category.pk,
                "severity": "medium",
                "title": "Vannlekkasje i taket",
                "description": "Det drypper fra taket i gangen.",
                "occurred_at": "2026-01-05T10:00",
                "unit": org.department.pk,
                "treatment": "none",
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
        notice = Notification.objects.get(recipient=org.leader)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            notice.refresh_from_db()
            if notice.emailed_at:
                break
            time.sleep(0.2)
    finally:
        output = _stop(worker)
    assert notice.emailed_at is not None, f"the worker did not deliver; its output:\n{output}"
    assert any(org.leader.email in f.read_text() for f in (tmp_path / "mail").glob("*.log"))


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_statistics_behind_the_data_are_refreshed_by_a_worker_over_redis(
    client, org, settings, tmp_path
):
    """The page shows the kept figures at once after a change, and a real worker brings
    them up to date in the shared Redis cache."""
    from django.core.cache import cache

    from avvik.celery import app
    from tests.reports.test_statistics_cache import STATISTICS, file

    app.conf.task_always_eager = False
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.REDIS_URL,
        },
    }
    settings.STATISTICS_CACHE_SECONDS = 600
    db = connection.settings_dict
    env = {
        **os.environ,
        "REDIS_URL": settings.REDIS_URL,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
    }
    file(org)
    client.force_login(org.top_leader)
    first = client.get(STATISTICS).context["figures"]
    key = ":".join(first.cache_token.split(":")[:2])
    worker = _start_worker(env)
    try:
        assert first.total.current == 1
        file(org, "Enda en")
        behind = client.get(STATISTICS).context["figures"]
        assert behind.refreshing and behind.total.current == 1
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            figures = client.get(STATISTICS).context["figures"]
            if not figures.refreshing:
                break
            time.sleep(0.3)
    finally:
        output = _stop(worker)
        cache.delete(key)
    assert not figures.refreshing, f"the worker did not refresh; its output:\n{output}"
    assert figures.total.current == 2
