"""Celery finds tasks in each app's ``tasks`` module; these live beside what they send."""

from celery import shared_task

from orgchart import outbox
from orgchart.mail import send_email
from orgchart.notifications import send_daily_digests
from orgchart.outbox import deliver_notification, deliver_notifications


@shared_task(acks_late=True, ignore_result=True)
def requeue_waiting_notices() -> int:
    """Beat, every minute: notices whose delivery task was lost are queued again."""
    return outbox.requeue_waiting_notices()


__all__ = [
    "deliver_notification",
    "deliver_notifications",
    "requeue_waiting_notices",
    "send_daily_digests",
    "send_email",
]
