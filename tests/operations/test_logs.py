"""Log lines: JSON in production with the request's id, the person's id (not their name)
and the path without query values; plain text in development."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

import pytest

from avvik.log_format import JsonFormatter, PlainFormatter
from tests.factories import UserFactory


@pytest.fixture
def log_lines():
    """What the ``django.request`` logger writes, through a given formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)

    def read(formatter):
        handler.setFormatter(formatter)
        return stream

    yield read
    logger.removeHandler(handler)


def test_production_line_is_json_with_request_id_user_id_and_path_without_query_values(
    client, db, log_lines
):
    person = UserFactory(first_name="Kari", last_name="Nordmann", email="kari@fjordvik.example")
    client.force_login(person)
    stream = log_lines(JsonFormatter())

    response = client.get("/finnes-ikke/?q=Ola+Hansen&unit=HO-SH&unit=HO")

    assert response.status_code == 404
    [line] = stream.getvalue().splitlines()
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["time"].endswith("+00:00")
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["user_id"] == person.pk
    assert entry["path"] == "/finnes-ikke/?q=&unit="
    for personal in ("Kari", "Nordmann", "kari@fjordvik.example", "Hansen", "HO-SH"):
        assert personal not in line


def test_a_proxys_request_id_is_kept_and_a_forged_one_replaced(client, db):
    kept = client.get("/logg-inn/", headers={"X-Request-ID": "lb-1234abcd"})
    assert kept["X-Request-ID"] == "lb-1234abcd"
    forged = client.get("/logg-inn/", headers={"X-Request-ID": 'x" "level": "ERROR'})
    assert len(forged["X-Request-ID"]) == 32


def test_development_line_is_plain_text(client, db, log_lines):
    stream = log_lines(PlainFormatter())
    response = client.get("/finnes-ikke/")
    line = stream.getvalue().strip()
    assert f"WARNING django.request [{response['X-Request-ID'][:8]}] Not Found" in line
    assert not line.startswith("{")


@pytest.mark.parametrize(
    ("environment", "formatter"),
    [
        ({"DEBUG": "false"}, "json"),
        ({"DEBUG": "true"}, "plain"),
        ({"LOG_FORMAT": "plain"}, "plain"),
    ],
)
def test_json_is_the_default_outside_development(environment, formatter):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_FORMAT"}}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.LOGGING['handlers']['console']['formatter'])",
        ],
        env={**env, **environment, "DJANGO_SETTINGS_MODULE": "avvik.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == formatter


def test_gunicorn_access_lines_are_json_without_query_values(tmp_path):
    """The real gunicorn, on a port the system picks, answering one request."""
    import re
    import time
    import urllib.request
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_FORMAT"}}
    env.update({"HTTPS": "false", "AVVIK_VAR_DIR": str(tmp_path)})
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "avvik.wsgi",
                "--bind",
                "127.0.0.1:0",
                "--access-logfile",
                "-",
                "--workers",
                "1",
            ],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            port = None
            for _attempt in range(200):
                found = re.search(r"Listening at: http://127.0.0.1:(\d+)", log.read_text())
                if found:
                    port = found.group(1)
                    break
                time.sleep(0.05)
            assert port, log.read_text()
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/robots.txt?q=Ola+Hansen&unit=HO-SH",
                headers={"X-Request-ID": "lb-abcdef12", "Referer": "http://x/?q=Kari"},
            )
            urllib.request.urlopen(request).read()
            for _attempt in range(200):
                if '"gunicorn.access"' in log.read_text():
                    break
                time.sleep(0.05)
        finally:
            server.terminate()
            server.wait(timeout=10)

    [line] = [line for line in log.read_text().splitlines() if "gunicorn.access" in line]
    entry = json.loads(line)
    assert (entry["path"], entry["status"], entry["request_id"]) == (
        "/robots.txt",
        200,
        "lb-abcdef12",
    )
    assert "Hansen" not in line and "HO-SH" not in line and "Kari" not in line
