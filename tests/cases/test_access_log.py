"""The web server's access log (gunicorn's, with the logger gunicorn.conf.py names) does
not say who filed an anonymous report or used a follow-up code."""

from __future__ import annotations

import runpy
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from gunicorn.config import Config

from tests.avvik.filing import REPORT_URL, report_data

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PHONE = {
    "REMOTE_ADDR": "10.20.30.40",
    "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14; Åses telefon)",
    "HTTP_REFERER": "https://avvik.kommune.example/avvik/mine/",
    "RAW_URI": REPORT_URL,
}


@dataclass
class _Response:
    status: str = "200 OK"
    headers: list = field(default_factory=list)
    sent: int = 1234


@dataclass
class _Request:
    headers: list


def access_line(environ, tmp_path) -> str:
    """The line production's gunicorn writes for a request with this environ."""
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config = Config()
    for name in ("logger_class",):
        config.set(name, conf[name])
    log_file = tmp_path / "access.log"
    config.set("accesslog", str(log_file))
    logger = config.logger_class(config)
    headers = [
        (key[5:].replace("_", "-"), value)
        for key, value in environ.items()
        if key.startswith("HTTP_")
    ]
    logger.access(_Response(), _Request(headers), environ, timedelta(milliseconds=12))
    for handler in logger.access_log.handlers:
        handler.flush()
    return log_file.read_text()


def test_production_uses_the_privacy_logger():
    conf = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert conf["logger_class"] == "avvik.access_log.PrivacyLogger"
    assert conf["accesslog"] == "-"


def test_filing_an_anonymous_report_is_logged_without_who_sent_it(
    client, org, categories, tmp_path
):
    client.force_login(org.reporter)
    data = report_data(org.department, categories["nestenulykke"], anonymous="on")

    response = client.post(REPORT_URL, data, **PHONE)

    line = access_line(response.wsgi_request.META, tmp_path)
    assert '"POST /avvik/meld/ HTTP/1.1" 200' in line
    for trace in [*PHONE.values()][:3] + [org.reporter.username, org.reporter.email]:
        assert trace not in line


def test_using_a_follow_up_code_is_logged_without_who_sent_it(client, tmp_path):
    response = client.post(
        "/avvik/oppfolging/",
        {"code": "ABCD-EFGH-JKMN-PQRS-TVWX"},
        **{**PHONE, "RAW_URI": "/avvik/oppfolging/"},
    )

    line = access_line(response.wsgi_request.META, tmp_path)
    assert "/avvik/oppfolging/" in line
    assert PHONE["REMOTE_ADDR"] not in line
    assert PHONE["HTTP_USER_AGENT"] not in line


def test_a_report_with_a_name_is_logged_as_usual(client, org, categories, tmp_path):
    client.force_login(org.reporter)

    response = client.post(
        REPORT_URL, report_data(org.department, categories["nestenulykke"]), **PHONE
    )

    line = access_line(response.wsgi_request.META, tmp_path)
    assert PHONE["REMOTE_ADDR"] in line
    assert PHONE["HTTP_USER_AGENT"] in line


def test_gunicorn_reads_the_config_from_the_images_working_directory():
    """The image runs gunicorn in /app, where gunicorn.conf.py is copied with the source
    (nothing in .dockerignore leaves it out)."""
    assert Config().settings["config"].default == "./gunicorn.conf.py"
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert not any(pattern in ignored for pattern in ["gunicorn.conf.py", "*.py", "*.conf.py"])
