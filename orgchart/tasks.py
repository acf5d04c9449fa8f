"""Celery finds tasks in each app's ``tasks`` module; these live beside what they send."""

from orgchart.mail import send_email
from orgchart.notifications import (
    deliver_notification,
    deliver_notifications,
    send_daily_digests,
)

__all__ = [
    "deliver_notification",
    "deliver_notifications",
    "send_daily_digests",
    "send_email",
]
