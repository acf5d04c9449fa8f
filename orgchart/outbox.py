"""Delivering notices by e-mail: the ``Notification`` row is the outbox.

A notice to be e-mailed at once is stored as ``queued`` in the transaction of the change
that owes it, and its delivery task is handed to the broker when that transaction
commits, as best effort (``orgchart.queueing``). Whatever happens next, the row says what
is still owed:

* the broker was away, or a worker died with the task: ``requeue_waiting_notices`` (beat,
  every minute) queues again each notice still ``queued`` a grace period after its task
  was due;
* the database, the broker or the mail server failed during delivery: the task records
  the attempt and tries again later, with backoff; after ``MAX_DELIVERY_ATTEMPTS`` the
  notice is ``failed``, which the HMS administrators see in the admin and the readiness
  endpoint counts.

Delivery locks the row and sends only a notice not yet sent, so a task that runs twice,
or a sweep that queues a notice whose task was merely slow, e-mails no one twice."""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from orgchart.models import Notification
from orgchart.queueing import BROKER_ERRORS, queue_now, queue_on_commit

logger = logging.getLogger(__name__)

MAX_DELIVERY_ATTEMPTS = 6
# 15 s, 30 s, 1 min, 2 min, 4 min between attempts: about eight minutes in all.
FIRST_BACKOFF_SECONDS = 15
MAX_BACKOFF_SECONDS = 10 * 60
# Notices queued again by one run of the sweep, in tasks of this many.
SWEEP_LIMIT = 5000
SWEEP_BATCH = 100
# What may pass: the database connection cut, the broker restarting, the mail server away
# (smtplib's errors are OSErrors).
TRANSIENT_ERRORS = (DatabaseError, *BROKER_ERRORS)


def backoff(attempts: int) -> timedelta:
    seconds = FIRST_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, MAX_BACKOFF_SECONDS))


def grace() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)


def deliver(notification_id: int) -> bool:
    """E-mail one notice, unless it was already e-mailed (or failed for good). Returns
    whether an e-mail went out. Errors of the backing services are raised to the task."""
    from orgchart.notifications import written

    sent = False
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(of=("self",))
                .select_related("recipient")
                .filter(pk=notification_id, emailed_at__isnull=True)
                .exclude(delivery=Notification.Delivery.FAILED)
                .first()
            )
            if notification is None:
                return False
            if not notification.recipient.email:
                notification.delivery = Notification.Delivery.FAILED
                notification.last_error = "The recipient has no e-mail address."
                notification.save(update_fields=["delivery", "last_error"])
                return False
            text = written(notification)
            message = EmailMultiAlternatives(
                subject=text.subject,
                body=text.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[notification.recipient.email],
            )
            if text.html:
                message.attach_alternative(text.html, "text/html")
            message.send()
            sent = True
            _mark_sent(Notification.objects.filter(pk=notification.pk))
    except DatabaseError:
        if not sent:
            raise
        # The e-mail went out but the connection was lost before it was recorded: record
        # it on a new connection rather than send it again on the retry.
        _record_sent_on_a_new_connection(notification_id)
    return True


def _mark_sent(queryset) -> None:
    queryset.update(
        emailed_at=timezone.now(),
        delivery=Notification.Delivery.SENT,
        attempts=F("attempts") + 1,
        last_error="",
    )


def _record_sent_on_a_new_connection(notification_id: int, *, tries: int = 6) -> None:
    for attempt in range(tries):
        connection.close()
        try:
            _mark_sent(Notification.objects.filter(pk=notification_id, emailed_at__isnull=True))
            return
        except DatabaseError:
            if attempt == tries - 1:
                logger.error("Notice %s was e-mailed but could not be recorded", notification_id)
                raise
            time.sleep(min(2**attempt, 10))


def record_failed_attempt(notification_ids: list[int], error: Exception) -> timedelta | None:
    """Count one failed attempt for each notice and say when to try again; a notice out
    of attempts is marked failed. Returns the delay before the next attempt, or None when
    none is left to try."""
    now = timezone.now()
    text = f"{type(error).__name__}: {error}"[:300]
    delays = []
    with transaction.atomic():
        waiting = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(pk__in=notification_ids, delivery=Notification.Delivery.QUEUED)
            .only("pk", "attempts")
        )
        for notification in waiting:
            attempts = notification.attempts + 1
            if attempts >= MAX_DELIVERY_ATTEMPTS:
                changes = {"delivery": Notification.Delivery.FAILED, "next_attempt_at": None}
                logger.error("Notice %s could not be e-mailed: %s", notification.pk, text)
            else:
                delay = backoff(attempts)
                delays.append(delay)
                changes = {"next_attempt_at": now + delay}
            Notification.objects.filter(pk=notification.pk).update(
                attempts=attempts, last_error=text, **changes
            )
    return min(delays) if delays else None


def deliver_with_retries(task, notification_ids: list[int], *, one: bool = False) -> int:
    """The task's side: deliver each notice; those that met a passing failure are tried
    again later by the same task with backoff (or, if even that cannot be arranged, by the
    sweep, since their rows still say ``queued``)."""
    sent = 0
    failed = []
    error = None
    for pk in notification_ids:
        try:
            sent += deliver(pk)
        except TRANSIENT_ERRORS as problem:
            logger.warning("Delivery of notice %s failed: %s", pk, problem)
            failed.append(pk)
            error = problem
    if not failed:
        return sent
    try:
        delay = record_failed_attempt(failed, error)
    except DatabaseError:
        # The database is away too: try again by the task's own count.
        delay = backoff(task.request.retries + 1)
    if delay is not None:
        task.retry(
            args=(failed[0],) if one else (failed,),
            countdown=delay.total_seconds(),
            max_retries=MAX_DELIVERY_ATTEMPTS,
            exc=error,
        )
    return sent


@shared_task(bind=True, acks_late=True)
def deliver_notification(self, notification_id: int) -> bool:
    """E-mail one notice, unless it was already e-mailed."""
    return bool(deliver_with_retries(self, [notification_id], one=True))


@shared_task(bind=True, acks_late=True)
def deliver_notifications(self, notification_ids: list[int]) -> int:
    return deliver_with_retries(self, notification_ids)


def queue_delivery(notification_ids: list[int]) -> None:
    """Queue delivery once the transaction that stored the notices commits."""
    if len(notification_ids) == 1:
        queue_on_commit(deliver_notification, notification_ids[0])
    elif notification_ids:
        queue_on_commit(deliver_notifications, list(notification_ids))


def requeue_waiting_notices(*, now=None) -> int:
    """Queue again every notice still waiting to be e-mailed a grace period after its
    task was due: its task was never handed to the broker, or was lost with a worker.
    Returns how many were queued."""
    now = now or timezone.now()
    requeued = 0
    with transaction.atomic():
        # A notice being delivered right now is locked: skipped, not waited for.
        ids = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(delivery=Notification.Delivery.QUEUED, next_attempt_at__lt=now - grace())
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:SWEEP_LIMIT]
        )
        for start in range(0, len(ids), SWEEP_BATCH):
            batch = ids[start : start + SWEEP_BATCH]
            if not queue_now(deliver_notifications, batch):
                break  # the broker is still away; the next sweep tries again
            Notification.objects.filter(pk__in=batch).update(next_attempt_at=now)
            requeued += len(batch)
    return requeued


def retry_failed(notification_ids) -> int:
    """An HMS administrator tries failed notices again (after fixing an address, say)."""
    ids = list(
        Notification.objects.filter(
            pk__in=list(notification_ids), delivery=Notification.Delivery.FAILED
        ).values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids).update(
        delivery=Notification.Delivery.QUEUED,
        attempts=0,
        next_attempt_at=timezone.now(),
        last_error="",
    )
    queue_delivery(ids)
    return len(ids)


def waiting_summary(*, now=None) -> dict:
    """For the readiness endpoint: notices owed at once and not yet sent, the age of the
    oldest in seconds, and how many failed for good."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(delivery=Notification.Delivery.QUEUED).aggregate(
        oldest=Min("created_at"), count=Count("pk")
    )
    oldest = waiting["oldest"]
    return {
        "waiting": waiting["count"],
        "oldest_seconds": int((now - oldest).total_seconds()) if oldest else 0,
        "failed": Notification.objects.filter(delivery=Notification.Delivery.FAILED).count(),
    }
