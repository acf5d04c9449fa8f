"""Faults injected as an operator meets them, on real PostgreSQL, a Redis of the test's
own (killed and started again on its port) and real worker processes: the broker away
while people file, a worker killed while it builds a summary, the database connection cut
right after a report is committed and while a notice is e-mailed.

For each: what the person received, that every committed report has its case, its event
and its notices recorded, that every notice is e-mailed exactly once after recovery, and
that no order stays pending. The sweep that beat runs every minute is called here once
the (shortened) grace period has passed."""

from __future__ import annotations

import os
import signal
import time
from email import message_from_bytes
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from avvik.models import Deviation
from cases.models import CaseEvent
from orgchart import outbox
from orgchart.models import Notification
from reports import services as report_services
from reports.models import AmuReport
from tests.avvik.filing import ensure_categories, report_data
from tests.faults.broker import broker_at
from tests.faults.services import (
    OwnRedis,
    start_worker,
    stop_worker,
    wait_until,
    worker_env,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not OwnRedis.available(), reason="needs redis-server"),
]

GRACE_SECONDS = 1


@pytest.fixture
def own_redis(tmp_path):
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def short_grace(settings):
    settings.OUTBOX_GRACE_SECONDS = GRACE_SECONDS


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _admin_connection():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"], autocommit=True
    )


def terminate_backends(*, only_pid: int | None = None, sparing: tuple[int, ...] = ()) -> int:
    """``pg_terminate_backend`` on connections to this test's own database only: the one
    given, or every other one (the workers')."""
    with _admin_connection() as admin:
        if only_pid:
            rows = admin.execute("SELECT pg_terminate_backend(%s)", [only_pid]).fetchall()
            return len(rows)
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND NOT (pid = ANY(%s))",
            [list(sparing)],
        ).fetchall()
        return len(rows)


def sent_mail(folder: Path) -> list[tuple[str, str]]:
    """(to, subject) of every e-mail the workers wrote. The file backend appends messages
    sent within the same second to one file, each followed by a line of 79 dashes."""
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                message = message_from_bytes(chunk.lstrip(b"\n"))
                found.append((message["To"], str(message["Subject"]).strip()))
    return found


def file_through_the_form(client, org, category) -> object:
    return client.post(reverse("cases:report"), report_data(org.department, category))


# -- the broker away while people file ----------------------------------------------------


def test_redis_down_while_people_file(client, org, own_redis, short_grace, tmp_path):
    categories = ensure_categories()
    category = categories["nestenulykke"]
    category.inform_safety_representative = True
    category.save()
    mail = tmp_path / "mail"
    worker = start_worker(worker_env(database_url(), own_redis.url, mail), "--pool=solo")
    client.force_login(org.reporter)
    try:
        with broker_at(own_redis.url):
            answers = [file_through_the_form(client, org, category) for _ in range(2)]
            own_redis.stop()  # Redis crashes while people file
            answers += [file_through_the_form(client, org, category) for _ in range(4)]
            own_redis.start()  # and comes back, empty

            # Everyone was told their report was filed: the receipt, never an error.
            for answer in answers:
                assert answer.status_code == 302
                assert answer["Location"].startswith("/avvik/meld/kvittering/")
            assert Deviation.objects.count() == 6
            # Every report has its case, its event, and both notices it owes recorded.
            for deviation in Deviation.objects.select_related("case"):
                assert deviation.case.events.filter(kind=CaseEvent.Kind.REPORTED).exists()
                told = set(
                    Notification.objects.filter(url__endswith=f"/saker/{deviation.case.pk}/")
                    .values_list("recipient", flat=True)
                    .distinct()
                )
                assert told == {org.leader.pk, org.safety_rep.pk}, deviation.reference

            # Beat's sweep, a grace period after the broker came back.
            time.sleep(GRACE_SECONDS + 0.5)
            outbox.requeue_waiting_notices()
            delivered = wait_until(
                lambda: (
                    not Notification.objects.exclude(delivery=Notification.Delivery.SENT).exists()
                ),
                timeout=90,
            )
    finally:
        output = stop_worker(worker)
    assert delivered, f"notices left undelivered; the worker said:\n{output[-3000:]}"
    mails = sent_mail(mail)
    assert len(mails) == Notification.objects.count() == 12
    assert len(set(mails)) == len(mails), "no notice was e-mailed twice"


# -- a worker killed while it builds a summary ------------------------------------------------


def test_a_worker_killed_while_building_a_summary(client, org, own_redis, short_grace, tmp_path):
    mail = tmp_path / "mail"
    env = worker_env(database_url(), own_redis.url, mail)
    client.force_login(org.amu_member)
    client.cookies["django_language"] = "en"
    order = {"period": "custom", "start": "2026-01-01", "end": "2026-03-31"}
    worker = start_worker(env, "--pool=solo")
    try:
        with broker_at(own_redis.url):
            assert client.post(f"/rapporter/amu/{org.committee.pk}/", order).status_code == 302
            report = AmuReport.objects.get()
            assert wait_until(
                lambda: AmuReport.objects.filter(pk=report.pk, started_at__isnull=False).exists(),
                timeout=60,
                interval=0.02,
            ), "the worker never began the build"
            os.killpg(worker.pid, signal.SIGKILL)  # the whole worker, mid-build
            worker.wait(timeout=10)
            report.refresh_from_db()
            assert report.status == AmuReport.Status.PENDING, "killed before it was done"

            # Ordering the same period again shows the order's real state.
            again = client.post(f"/rapporter/amu/{org.committee.pk}/", order, follow=True)
            assert "A worker began making it at" in again.content.decode()
            assert AmuReport.objects.count() == 1

            worker = start_worker(env, "--pool=solo")
            time.sleep(GRACE_SECONDS + 0.5)
            assert wait_until(
                lambda: report.pk in report_services.requeue_waiting_summaries(), timeout=30
            ), "the sweep did not queue the lost summary again (its lock was not released?)"
            built = wait_until(
                lambda: AmuReport.objects.filter(
                    pk=report.pk, status=AmuReport.Status.READY
                ).exists(),
                timeout=120,
            )
    finally:
        output = stop_worker(worker)
    assert built, f"the summary was not built again; the worker said:\n{output[-3000:]}"
    report.refresh_from_db()
    assert report.attempts == 2
    assert not AmuReport.objects.filter(status=AmuReport.Status.PENDING).exists()


def test_a_summary_ordered_while_redis_is_down_is_built_once_it_is_back(
    client, org, own_redis, short_grace, tmp_path
):
    env = worker_env(database_url(), own_redis.url, tmp_path / "mail")
    client.force_login(org.amu_member)
    order = {"period": "custom", "start": "2026-01-01", "end": "2026-03-31"}
    worker = start_worker(env, "--pool=solo")
    try:
        with broker_at(own_redis.url):
            own_redis.stop()
            assert client.post(f"/rapporter/amu/{org.committee.pk}/", order).status_code == 302
            own_redis.start()
            time.sleep(GRACE_SECONDS + 0.5)
            assert report_services.requeue_waiting_summaries()
            built = wait_until(
                lambda: AmuReport.objects.filter(status=AmuReport.Status.READY).exists(),
                timeout=120,
            )
    finally:
        output = stop_worker(worker)
    assert built, f"the order stayed pending; the worker said:\n{output[-3000:]}"


# -- the database connection cut ------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_connection_cut_right_after_a_report_is_committed(client, org, monkeypatch):
    """The session cannot be saved after the view: the reporter still lands on the
    receipt, which names the reference number."""
    from cases import services

    categories = ensure_categories()
    real_file_deviation = services.file_deviation

    def file_then_lose_the_connection(*args, **kwargs):
        filed = real_file_deviation(*args, **kwargs)
        terminate_backends(only_pid=connection.connection.info.backend_pid)
        return filed

    monkeypatch.setattr(services, "file_deviation", file_then_lose_the_connection)
    client.force_login(org.reporter)

    response = client.post(
        reverse("cases:report"), report_data(org.department, categories["nestenulykke"])
    )

    assert response.status_code == 302, response.content[:300]
    deviation = Deviation.objects.select_related("case").get()
    assert response["Location"] == f"/avvik/meld/kvittering/{deviation.case.pk}/"
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert deviation.reference in receipt.content.decode()
    assert deviation.case.events.filter(kind=CaseEvent.Kind.REPORTED).exists()
    assert Notification.objects.filter(recipient=org.leader).exists()


def test_connection_cut_while_a_notice_is_emailed(org, own_redis, short_grace, tmp_path):
    """The worker's database connection is terminated while the mail server takes its
    time: the notice is e-mailed once and recorded as sent."""
    from cases import services

    categories = ensure_categories()
    mail = tmp_path / "mail"
    env = worker_env(
        database_url(),
        own_redis.url,
        mail,
        EMAIL_BACKEND="tests.faults.slow_mail.EmailBackend",
        SLOW_MAIL_SECONDS="3",
    )
    worker = start_worker(env, "--pool=solo")
    try:
        with broker_at(own_redis.url):
            services.file_deviation(
                org.reporter,
                fields={
                    "unit": org.department,
                    "category": categories["materiell-skade"],
                    "severity": "medium",
                    "title": "Knust vindu",
                    "description": "Vinduet i gangen er knust.",
                    "occurred_at": "2026-11-20T10:00+01:00",
                },
            )
            notice = Notification.objects.get()
            assert wait_until(lambda: list(mail.glob("sending-*")), timeout=60, interval=0.05)
            mine = connection.connection.info.backend_pid if connection.connection else 0
            assert terminate_backends(sparing=(mine,)) >= 1, "the worker had no connection"
            sent = wait_until(
                lambda: Notification.objects.filter(
                    pk=notice.pk, delivery=Notification.Delivery.SENT
                ).exists(),
                timeout=90,
            )
            if not sent:  # the task itself was lost: beat's sweep queues it again
                time.sleep(GRACE_SECONDS + 0.5)
                outbox.requeue_waiting_notices()
                sent = wait_until(
                    lambda: Notification.objects.filter(
                        pk=notice.pk, delivery=Notification.Delivery.SENT
                    ).exists(),
                    timeout=60,
                )
    finally:
        output = stop_worker(worker)
    assert sent, f"the notice was not delivered; the worker said:\n{output[-3000:]}"
    assert len(sent_mail(mail)) == 1, "e-mailed exactly once"


# -- readiness -------------------------------------------------------------------------------


def test_readiness_turns_red_at_the_next_poll_when_the_worker_or_the_broker_goes(
    client, own_redis, settings, tmp_path
):
    from cases.tasks import escalate_stale_cases_task
    from health import checks

    settings.HEALTH_CHECK_CACHE_SECONDS = 1
    checks.forget_remembered_checks()

    def poll():
        time.sleep(settings.HEALTH_CHECK_CACHE_SECONDS + 0.1)  # the load balancer's interval
        response = client.get("/helse/klar/")
        lines = {line["name"]: line for line in response.json()["checks"]}
        return response.status_code, lines

    worker = start_worker(
        worker_env(database_url(), own_redis.url, tmp_path / "mail"), "--pool=solo"
    )
    try:
        with broker_at(own_redis.url):
            escalate_stale_cases_task()  # as beat has it run every minute
            assert wait_until(lambda: poll()[0] == 200, timeout=60), poll()[1]

            stop_worker(worker)
            status, lines = poll()
            assert status == 503
            assert lines["workers"]["ok"] is False and lines["broker"]["ok"] is True

            own_redis.stop()
            status, lines = poll()
            assert status == 503
            assert lines["broker"]["ok"] is False
            assert lines["notices_waiting"]["waiting"] == 0
    finally:
        stop_worker(worker)
        checks.forget_remembered_checks()


def test_a_worker_killed_while_it_emails_a_notice(org, own_redis, short_grace, tmp_path):
    """The whole worker dies while the mail server takes its time: the notice is still
    queued, the sweep queues it again for another worker, and it is e-mailed once."""
    from cases import services

    categories = ensure_categories()
    mail = tmp_path / "mail"
    env = worker_env(
        database_url(),
        own_redis.url,
        mail,
        EMAIL_BACKEND="tests.faults.slow_mail.EmailBackend",
        SLOW_MAIL_SECONDS="3",
    )
    worker = start_worker(env, "--pool=solo")
    try:
        with broker_at(own_redis.url):
            services.file_deviation(
                org.reporter,
                fields={
                    "unit": org.department,
                    "category": categories["materiell-skade"],
                    "severity": "medium",
                    "title": "Knust vindu",
                    "description": "Vinduet i gangen er knust.",
                    "occurred_at": "2026-11-20T10:00+01:00",
                },
            )
            notice = Notification.objects.get()
            assert wait_until(lambda: list(mail.glob("sending-*")), timeout=60, interval=0.05)
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)
            notice.refresh_from_db()
            assert notice.delivery == Notification.Delivery.QUEUED
            assert sent_mail(mail) == []

            worker = start_worker(env, "--pool=solo")
            time.sleep(GRACE_SECONDS + 0.5)
            assert wait_until(outbox.requeue_waiting_notices, timeout=30) == 1
            sent = wait_until(
                lambda: Notification.objects.filter(
                    pk=notice.pk, delivery=Notification.Delivery.SENT
                ).exists(),
                timeout=90,
            )
    finally:
        output = stop_worker(worker)
    assert sent, f"the notice was not delivered; the worker said:\n{output[-3000:]}"
    assert len(sent_mail(mail)) == 1, "e-mailed exactly once"
