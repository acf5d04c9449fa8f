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
