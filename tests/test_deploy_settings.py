"""Production configuration: Django's deployment checks pass, and the headers a
security scanner looks for are sent."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def _production_env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS"}}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="avvik.kommune.example",
        AVVIK_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="avvik.settings",
    )
    return env


def test_check_deploy_passes_with_production_variables(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_default_starts_without_warnings(tmp_path):
    """`make run` on SQLite shows a newcomer no system-check warnings to wonder about."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(AVVIK_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="avvik.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr
    assert "no issues" in result.stdout


def test_without_secret_key_each_installation_makes_its_own(tmp_path):
    probe = (
        "import django; django.setup();from django.conf import settings; print(settings.SECRET_KEY)"
    )

    def key_in(var_dir):
        env = _production_env(var_dir)
        env.pop("SECRET_KEY")
        return subprocess.run(
            [sys.executable, "-c", probe],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    first, again = key_in(tmp_path / "a"), key_in(tmp_path / "a")
    other = key_in(tmp_path / "b")
    assert first == again
    assert first != other
    assert len(first) >= 50
    assert (tmp_path / "a" / "secret_key").stat().st_mode & 0o077 == 0


def test_production_settings_turn_on_transport_security(tmp_path):
    probe = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_AGE, s.SESSION_REFRESH_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "True", "1800", "60"]


@pytest.mark.django_db
def test_pages_send_security_headers_and_a_strict_content_security_policy(client):
    response = client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_carry_no_inline_scripts(client, org):
    client.force_login(org.leader)
    for url in [reverse("login"), reverse("home"), reverse("orgchart:my_roles")]:
        if url == reverse("login"):
            client.logout()
        html = client.get(url).content.decode()
        for tag in html.split("<script")[1:]:
            assert tag.lstrip().startswith("src="), f"inline script on {url}"
        assert " style=" not in html, f"inline style on {url}"
        assert " onclick=" not in html


@pytest.mark.django_db
def test_pages_with_personal_data_are_never_cached(client, org):
    client.force_login(org.reporter)
    response = client.get(reverse("home"))
    assert response["Cache-Control"] == "no-store"
    assert "geolocation=()" in response["Permissions-Policy"]


def test_robots_txt_keeps_search_engines_out(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Disallow: /" in response.content.decode()
