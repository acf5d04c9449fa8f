"""Telling people things: a notice is stored (the person sees it in the app) and e-mailed
by a task once the transaction commits, at once or in the person's daily digest.

Each notice may carry a key ("escalated:case-12:level-2"); a second notice with the same
key is dropped, so a task that runs twice, or again after a crash, tells no one twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orgchart.models import Notification, User

DIGEST_BATCH = 200


def notify(
    recipient: User | None,
    *,
    subject: str,
    body: str,
    html: str = "",
    url: str = "",
    urgent: bool = False,
    key: str | None = None,
) -> Notification | None:
    """Store a notice for ``recipient`` and queue its e-mail for when the transaction
    commits: at once when it is urgent or the person wants every notice, otherwise it
    waits for the daily digest."""
    if recipient is None or not recipient.is_active:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                subject=" ".join(subject.split())[:250],
                body=body,
                html=html,
                url=url[:300],
                urgency=Notification.Urgency.URGENT if urgent else Notification.Urgency.ROUTINE,
                key=key,
            )
    except IntegrityError:
        return None  # already told
    if urgent or recipient.notification_mode == User.NotificationMode.IMMEDIATE:
        deliver_notification.delay_on_commit(notification.pk)
    return notification


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def deliver_notification(notification_id: int) -> bool:
    """E-mail one notice, unless it was already e-mailed."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email:
            return False
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient.email],
        )
        if notification.html:
            message.attach_alternative(notification.html, "text/html")
        message.send()
        # Marked in the same transaction as the send: if the worker dies before the
        # commit, the retry may send again (at least once), never silently drop it.
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@shared_task(acks_late=True)
def send_daily_digests() -> int:
    """One e-mail per person with the routine notices they chose to get once a day."""
    _requeue_stuck_deliveries()
    sent = 0
    recipients = (
        Notification.objects.filter(
            emailed_at__isnull=True,
            urgency=Notification.Urgency.ROUTINE,
            recipient__notification_mode=User.NotificationMode.DIGEST,
        )
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by("recipient_id")
    )
    for recipient_id in list(recipients):
        sent += _send_digest(recipient_id)
    return sent


def _send_digest(recipient_id: int) -> int:
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                recipient_id=recipient_id,
                emailed_at__isnull=True,
                urgency=Notification.Urgency.ROUTINE,
            )
            .select_related("recipient")
            .order_by("created_at", "pk")[:DIGEST_BATCH]
        )
        if not pending:
            return 0
        recipient = pending[0].recipient
        if recipient.email:
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "notifications": pending,
                    "recipient": recipient,
                    "site_url": settings.SITE_URL,
                }
                subject = _("Avvik: %(count)d new notices") % {"count": len(pending)}
                body = render_to_string("orgchart/email/digest.txt", context)
                html = render_to_string("orgchart/email/digest.html", context)
            message = EmailMultiAlternatives(
                subject=subject,
                body=body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[recipient.email],
            )
            message.attach_alternative(html, "text/html")
            message.send()
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
    return 1


def _requeue_stuck_deliveries() -> None:
    """Immediate notices whose delivery task was lost (a broker restart, say) are queued
    again; delivering one twice is harmless since delivery checks ``emailed_at``."""
    cutoff = timezone.now() - timedelta(minutes=15)
    stuck = Notification.objects.filter(emailed_at__isnull=True, created_at__lt=cutoff).exclude(
        urgency=Notification.Urgency.ROUTINE,
        recipient__notification_mode=User.NotificationMode.DIGEST,
    )
    for pk in stuck.values_list("pk", flat=True)[:1000]:
        deliver_notification.delay(pk)
