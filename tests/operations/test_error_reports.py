"""Error reports reach Sentry (or GlitchTip) through the real SDK, without personal data:
a local HTTP listener plays the Sentry server and the test reads what arrived."""

from __future__ import annotations

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import sentry_sdk
from django.test import Client

from avvik.error_reports import init_error_reports, scrub_event
from tests.browser.conftest import live_server  # noqa: F401  (plain HTTP live server)
from tests.factories import UserFactory

TITLE = "Kari Nordmann falt i trappen"
DESCRIPTION = "Beboer Ola Hansen på rom 12 slo hodet, kari.nordmann@privat.example så det"


class _Listener(BaseHTTPRequestHandler):
    received: list[bytes]

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.server.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry_listener():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Listener)  # a free port
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    init_error_reports(
        f"http://public-key@127.0.0.1:{server.server_port}/1",
        environment="test",
        release="avvik@test",
    )
    yield server.received
    sentry_sdk.flush(timeout=5)
    sentry_sdk.init(dsn=None)  # off again for the other tests
    server.shutdown()


def _events(received: list[bytes]) -> list[dict]:
    events = []
    for envelope in received:
        lines = envelope.split(b"\n")
        for header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(header).get("type") == "event":
                events.append(json.loads(payload))
    return events


def test_an_error_is_reported_without_what_was_typed_or_who_typed_it(
    sentry_listener,
    live_server,  # noqa: F811
    settings,
    transactional_db,
):
    settings.ROOT_URLCONF = "tests.operations.error_urls"
    reporter = UserFactory(first_name="Kari", last_name="Nordmann", email="kari@fjordvik.example")
    client = Client()
    client.force_login(reporter)
    session_id = client.cookies["sessionid"].value
    cookies = f"sessionid={session_id}; avvik_preferanse=hemmelig-informasjonskapsel"

    # Through the whole WSGI stack of a running server, as in production.
    response = requests.post(
        f"{live_server.url}/test-feil/?unit=HO-SH&q=Hansen",
        data={"title": TITLE, "description": DESCRIPTION},
        headers={"Authorization": "Bearer hemmelig-token", "Cookie": cookies},
        allow_redirects=False,
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)

    raw = b"".join(sentry_listener).decode()
    [event] = _events(sentry_listener)
    # What a developer needs arrived ...
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    assert event["tags"]["request_id"] == response.headers["X-Request-ID"]
    assert event["user"] == {"id": str(reporter.pk)}
    assert event["request"]["url"].endswith("/test-feil/")
    assert event["request"]["query_string"] == "unit=&q="
    assert event["exception"]["values"][-1]["stacktrace"]["frames"]
    # ... and nothing about the people in it.
    for personal in [
        TITLE,
        "Ola Hansen",
        "Hansen",
        "kari.nordmann@privat.example",
        "kari@fjordvik.example",
        "Nordmann",
        "hemmelig-informasjonskapsel",
        "hemmelig-token",
        session_id,
        "HO-SH",
    ]:
        assert personal not in raw, personal
    assert "data" not in event["request"] and "cookies" not in event["request"]


def test_nothing_is_sent_without_a_dsn(settings, db):
    settings.ROOT_URLCONF = "tests.operations.error_urls"
    assert sentry_sdk.get_client().is_active() is False
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    assert client.post("/test-feil/", {"title": "x"}).status_code == 500


def test_scrubber_masks_values_in_database_messages():
    event = {
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": 'duplicate key value violates unique constraint "orgchart_user_email"'
                    "\nDETAIL:  Key (email)=(per@kommune.example) already exists.",
                }
            ]
        }
    }
    value = scrub_event(event)["exception"]["values"][0]["value"]
    assert "per@kommune.example" not in value
    assert "duplicate key value violates unique constraint" in value


def test_settings_turn_reports_on_from_the_environment_only():
    import os
    import subprocess
    import sys

    probe = (
        "import django; django.setup(); import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['before_send'].__name__ if c.is_active() else '-', "
        "c.should_send_default_pii() if c.is_active() else '-')"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    env["DJANGO_SETTINGS_MODULE"] = "avvik.settings"

    def run(extra):
        return subprocess.run(
            [sys.executable, "-c", probe], env={**env, **extra}, capture_output=True, text=True
        ).stdout.split()

    assert run({}) == ["False", "-", "-"]
    assert run({"SENTRY_DSN": "http://key@127.0.0.1:9/1"}) == ["True", "scrub_event", "False"]
