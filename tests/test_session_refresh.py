"""The idle timeout without a session write on every page view: the session row is
written when it changes or when its last write is older than a minute."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from avvik.middleware import SESSION_WRITTEN_AT_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _session_writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def _row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_page_views_within_a_minute_of_the_last_write_leave_the_session_row_alone(client):
    client.force_login(UserFactory())
    client.get(reverse("orgchart:my_roles"))  # the first view stamps the session
    expires = _row(client).expire_date

    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            assert client.get(reverse("orgchart:my_roles")).status_code == 200

    assert _session_writes(queries) == []
    assert _row(client).expire_date == expires


def test_a_page_view_a_minute_after_the_last_write_extends_the_idle_timeout(client):
    client.force_login(UserFactory())
    session = client.session
    session[SESSION_WRITTEN_AT_KEY] = int(time.time()) - 61
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=29)
    )

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("orgchart:my_roles")).status_code == 200

    assert len(_session_writes(queries)) == 1
    remaining = _row(client).expire_date - timezone.now()
    assert timedelta(minutes=29, seconds=30) < remaining <= timedelta(minutes=30)


def test_a_session_idle_past_the_timeout_asks_for_login_again(client):
    client.force_login(UserFactory())
    client.get(reverse("orgchart:my_roles"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get(reverse("orgchart:my_roles"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_logging_out_right_after_a_page_view_ends_the_session(client):
    client.force_login(UserFactory())
    client.get(reverse("orgchart:my_roles"))
    key = client.session.session_key

    client.post(reverse("logout"))

    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("orgchart:my_roles")).status_code == 302


def test_an_anonymous_visit_writes_no_session(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("login"))

    assert _session_writes(queries) == []
    assert not Session.objects.exists()


def test_a_visit_with_an_expired_session_cookie_writes_no_new_session(client):
    client.force_login(UserFactory())
    key = client.session.session_key
    Session.objects.filter(session_key=key).delete()

    client.get(reverse("login"))
    client.get(reverse("orgchart:my_roles"))

    assert not Session.objects.exists()
