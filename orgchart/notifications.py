"""Telling people things: a notice is stored (the person sees it in the app) and e-mailed
by a task once the transaction commits, at once or in the person's daily digest.

Each notice may carry a key ("escalated:case-12:level-2"); a second notice with the same
key is dropped, so a task that runs twice, or again after a crash, tells no one twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

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


@dataclass(frozen=True)
class Notice:
    """A notice to be written later, when it is e-mailed: ``template`` names a renderer
    registered with ``register_renderer`` and what it renders from ``context``."""

    recipient: User
    subject: str
    template: str
    key: str
    context: dict = field(default_factory=dict)
    url: str = ""


_renderers: dict[str, Callable[[str, dict], tuple[str, str]]] = {}


def register_renderer(prefix: str, render: Callable[[str, dict], tuple[str, str]]) -> None:
    """Apps above this one say how to write the body (text, HTML) of their notices."""
    _renderers[prefix] = render


def notify_many(notices: list[Notice]) -> int:
    """Store many urgent notices in one query and e-mail them from one task after commit.
    Notices whose key was already used are dropped. Returns how many were stored."""
    wanted = [n for n in notices if n.recipient is not None and n.recipient.is_active]
    if not wanted:
        return 0
    rows = [
        Notification(
            recipient=n.recipient,
            subject=" ".join(n.subject.split())[:250],
            template=n.template,
            context=n.context,
            url=n.url[:300],
            urgency=Notification.Urgency.URGENT,
            key=n.key,
        )
        for n in wanted
    ]
    keys = [row.key for row in rows]
    before = set(Notification.objects.filter(key__in=keys).values_list("pk", flat=True))
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = Notification.objects.filter(key__in=keys).exclude(pk__in=before)
    ids = list(created.values_list("pk", flat=True))
    if ids:
        deliver_notifications.delay_on_commit(ids)
    return len(ids)


def _write(notification: Notification) -> tuple[str, str]:
    if notification.body or not notification.template:
        return notification.body, notification.html
    render = _renderers[notification.template.split(".", 1)[0]]
    with translation.override(settings.LANGUAGE_CODE):
        return render(notification.template, notification.context)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=5)
def deliver_notifications(notification_ids: list[int]) -> int:
    return sum(deliver_notification(pk) for pk in notification_ids)


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
        body, html = _write(notification)
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient.email],
        )
        if html:
            message.attach_alternative(html, "text/html")
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
                subject = ngettext(
                    "Avvik: %(count)d new notice", "Avvik: %(count)d new notices", len(pending)
                ) % {"count": len(pending)}
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
