"""E-mail leaves the application only through this task, queued when the surrounding
transaction commits, so no request waits for a mail server and a rolled-back change
sends nothing."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError

from orgchart.queueing import queue_on_commit


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, DatabaseError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=5,
)
def send_email(subject: str, body: str, to: list[str], html: str | None = None) -> int:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


def queue_email(subject: str, body: str, to: list[str], html: str | None = None) -> None:
    """Send an e-mail from a background task once the current transaction commits."""
    recipients = [address for address in to if address]
    if recipients:
        queue_on_commit(send_email, " ".join(subject.split()), body, recipients, html)
