"""The notice row is the outbox: a broker that is away, a lost task or a failing mail
server or database delays an e-mail, never loses it, never sends it twice, and a notice
that cannot be sent at all is marked failed for the HMS administrators."""

from datetime import timedelta
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.contrib.auth.models import Permission
from django.db import OperationalError
from django.utils import timezone

from orgchart import outbox
from orgchart.models import Notification, User
from orgchart.notifications import deliver_notification, notify
from tests.factories import UserFactory
from tests.faults.broker import broker_at
from tests.faults.services import dead_redis_url

pytestmark = pytest.mark.django_db


def later(seconds=120):
    return timezone.now() + timedelta(seconds=seconds)


def test_a_notice_stored_while_the_broker_is_down_is_kept_queued(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with broker_at(dead_redis_url()), django_capture_on_commit_callbacks(execute=True):
        notify(person, subject="Ny sak", body="Se saken")

    notice = Notification.objects.get()
    assert notice.delivery == Notification.Delivery.QUEUED
    assert notice.emailed_at is None
    assert mailoutbox == []


def test_the_sweep_delivers_a_lost_notice_once_after_the_grace_period(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with broker_at(dead_redis_url()), django_capture_on_commit_callbacks(execute=True):
        notify(person, subject="Ny sak", body="Se saken")

    assert outbox.requeue_waiting_notices() == 0, "still within the grace period"
    assert outbox.requeue_waiting_notices(now=later()) == 1
    assert outbox.requeue_waiting_notices(now=later(240)) == 0, "sent: nothing left"

    assert [m.subject for m in mailoutbox] == ["Ny sak"]
    notice = Notification.objects.get()
    assert notice.delivery == Notification.Delivery.SENT
    assert notice.emailed_at is not None


def test_the_sweep_leaves_digest_notices_for_the_morning(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory(notification_mode=User.NotificationMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, subject="Rutine", body="x")

    assert outbox.requeue_waiting_notices(now=later()) == 0
    assert Notification.objects.get().delivery == Notification.Delivery.PENDING
    assert mailoutbox == []


def test_the_sweep_keeps_a_notice_while_the_broker_is_still_down(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with broker_at(dead_redis_url()), django_capture_on_commit_callbacks(execute=True):
        notify(person, subject="Ny sak", body="x")
        assert outbox.requeue_waiting_notices(now=later()) == 0
    assert Notification.objects.get().delivery == Notification.Delivery.QUEUED


@pytest.mark.parametrize(
    "failure",
    [OSError("SMTP server unreachable"), OperationalError("server closed the connection")],
    ids=["smtp", "database"],
)
def test_a_passing_failure_is_retried_with_backoff_and_then_sent(
    mailoutbox, django_capture_on_commit_callbacks, failure
):
    person = UserFactory()
    real_send = outbox.EmailMultiAlternatives.send
    calls = []

    def flaky(message, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise failure
        return real_send(message, *args, **kwargs)

    with mock.patch.object(outbox.EmailMultiAlternatives, "send", flaky):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            notify(person, subject="Ny sak", body="x")
        with pytest.raises(Retry) as retry:
            callbacks[0]()  # the task, in-process: it asks to be run again later
        assert retry.value.when == outbox.FIRST_BACKOFF_SECONDS
        notice = Notification.objects.get()
        assert (notice.delivery, notice.attempts) == (Notification.Delivery.QUEUED, 1)
        assert notice.next_attempt_at > timezone.now()
        assert mailoutbox == []
        # The worker runs it again after the countdown.
        deliver_notification.apply(args=[notice.pk])

    notice.refresh_from_db()
    assert notice.delivery == Notification.Delivery.SENT
    assert notice.attempts == 2
    assert len(mailoutbox) == 1


def test_a_notice_that_cannot_be_sent_is_marked_failed_after_its_attempts(
    mailoutbox, django_capture_on_commit_callbacks
):
    person = UserFactory()
    with mock.patch.object(
        outbox.EmailMultiAlternatives, "send", side_effect=OSError("connection refused")
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            notify(person, subject="Ny sak", body="x")
        for _attempt in range(outbox.MAX_DELIVERY_ATTEMPTS - 1):
            with pytest.raises(Retry):
                callbacks[0]()
        callbacks[0]()  # the last attempt gives up: no retry asked for

    notice = Notification.objects.get()
    assert notice.delivery == Notification.Delivery.FAILED
    assert notice.attempts == outbox.MAX_DELIVERY_ATTEMPTS
    assert "connection refused" in notice.last_error
    assert outbox.requeue_waiting_notices(now=later(3600)) == 0, "failed is not retried"
    assert outbox.waiting_summary()["failed"] == 1


def test_a_failed_notice_is_visible_to_hms_administrators_who_can_send_it_again(
    client, org, mailoutbox, django_capture_on_commit_callbacks
):
    notice = Notification.objects.create(
        recipient=org.leader,
        subject="Ny sak",
        body="x",
        delivery=Notification.Delivery.FAILED,
        attempts=outbox.MAX_DELIVERY_ATTEMPTS,
        last_error="OSError: connection refused",
    )
    # As the HMS administrators' group is set up (orgchart/demo.py): every permission
    # of the project's apps.
    org.hms_admin.groups.get().permissions.add(Permission.objects.get(codename="view_notification"))
    client.force_login(org.hms_admin)
    client.cookies["django_language"] = "en"

    home = client.get("/").content.decode()
    assert "1 notice could not be e-mailed" in home
    listing = client.get("/admin/orgchart/notification/?delivery__exact=failed")
    assert listing.status_code == 200
    assert "connection refused" in listing.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/orgchart/notification/",
            {"action": "send_again", "_selected_action": [notice.pk]},
        )

    notice.refresh_from_db()
    assert notice.delivery == Notification.Delivery.SENT
    assert len(mailoutbox) == 1


def test_a_person_without_an_address_is_a_failed_notice_not_an_endless_retry(
    django_capture_on_commit_callbacks,
):
    person = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(person, subject="Ny sak", body="x")
    notice = Notification.objects.get()
    assert notice.delivery == Notification.Delivery.FAILED
    assert outbox.requeue_waiting_notices(now=later()) == 0


def test_beat_runs_the_sweeps_every_minute(settings):
    from avvik.celery import app

    app.loader.import_default_modules()
    for task in (
        "orgchart.tasks.requeue_waiting_notices",
        "reports.tasks.requeue_waiting_summaries",
    ):
        entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == task]
        assert entries, task
        assert entries[0]["schedule"] <= 60, task
        assert task in app.tasks, task
