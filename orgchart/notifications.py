"""Telling people things: a notice is stored (the person sees it in the app) and e-mailed
by a task once the transaction commits, at once or in the person's daily digest.

A notice is stored as what it is about (``template`` and ``context``: ids and values),
not as finished text: its subject and body are written for the recipient, in their own
language (``User.preferred_language``), when it is e-mailed and when it is read in the app,
by the renderer registered for the template's prefix (``register_renderer``).

Each notice may carry a key ("escalated:case-12:level-2"); a second notice with the same
key is dropped, so a task that runs twice, or again after a crash, tells no one twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from orgchart.models import Notification, User
from orgchart.outbox import TRANSIENT_ERRORS, deliver_notification, queue_delivery

__all__ = [
    "deliver_notification",
    "notify",
    "notify_many",
    "notify_together",
    "send_daily_digests",
]

DIGEST_BATCH = 200


def notify(
    recipient: User | None,
    *,
    template: str = "",
    context: dict | None = None,
    subject: str = "",
    body: str = "",
    html: str = "",
    url: str = "",
    urgent: bool = False,
    key: str | None = None,
) -> Notification | None:
    """Store a notice for ``recipient`` and queue its e-mail for when the transaction
    commits: at once when it is urgent or the person wants every notice, otherwise it
    waits for the daily digest. Give ``template`` and ``context`` (JSON values), to be
    written in the recipient's language; ``subject`` and ``body`` are for text that
    needs no translating."""
    if recipient is None or not recipient.is_active:
        return None
    notice = Notice(recipient, template, key=key, context=context or {}, url=url, urgent=urgent)
    notification = _row(notice)
    notification.subject = " ".join(subject.split())[:250]
    notification.body, notification.html = body, html
    try:
        with transaction.atomic():
            notification.save(force_insert=True)
    except IntegrityError:
        return None  # already told
    if notification.delivery == Notification.Delivery.QUEUED:
        queue_delivery([notification.pk])
    return notification


def notify_together(notices: list[Notice]) -> None:
    """``notify`` for several notices at once: those without a key (a filing tells the
    leader, the safety representatives and an injured employee's leader) are stored in
    one query; one with a key goes alone, so that a repeat of it is dropped."""
    wanted = [n for n in notices if n.recipient is not None and n.recipient.is_active]
    # A database that cannot return the new rows' ids (SQLite before 3.35) stores them
    # one by one: their deliveries are queued by id.
    one_by_one = not connection.features.can_return_rows_from_bulk_insert
    for notice in [n for n in wanted if n.key or one_by_one]:
        notify(notice.recipient, template=notice.template, context=notice.context,
               url=notice.url, urgent=notice.urgent, key=notice.key)  # fmt: skip
    keyless = [n for n in wanted if not (n.key or one_by_one)]
    rows = Notification.objects.bulk_create(_row(notice) for notice in keyless)
    queue_delivery([row.pk for row in rows if row.delivery == Notification.Delivery.QUEUED])


def _at_once(recipient: User, urgent: bool) -> bool:
    return urgent or recipient.notification_mode == User.NotificationMode.IMMEDIATE


def _row(notice: Notice, *, urgent: bool = False) -> Notification:
    """The stored notice for ``notice`` (``urgent`` makes it urgent whatever it says)."""
    urgent = urgent or notice.urgent
    return Notification(
        recipient=notice.recipient,
        template=notice.template,
        context=notice.context,
        url=notice.url[:300],
        urgency=Notification.Urgency.URGENT if urgent else Notification.Urgency.ROUTINE,
        key=notice.key,
        **_delivery_fields(_at_once(notice.recipient, urgent)),
    )


def _delivery_fields(at_once: bool) -> dict:
    """A notice to be e-mailed at once is queued (the sweep queues it again should its
    task be lost); a routine one waits for the person's daily digest."""
    if at_once:
        return {"delivery": Notification.Delivery.QUEUED, "next_attempt_at": timezone.now()}
    return {"delivery": Notification.Delivery.PENDING}


@dataclass(frozen=True)
class Notice:
    """A notice to be written later, when it is read or e-mailed: ``template`` names a
    renderer registered with ``register_renderer`` and what it renders from ``context``."""

    recipient: User
    template: str
    key: str | None = None
    context: dict = field(default_factory=dict)
    url: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class Written:
    subject: str
    body: str
    html: str = ""


@dataclass(frozen=True)
class Renderer:
    """How an app writes its notices. ``subject(template, context)`` must not read the
    database (the list of notices writes fifty at once); ``message(notification)`` writes
    the e-mail's text and HTML."""

    subject: Callable[[str, dict], str]
    message: Callable[[Notification], tuple[str, str]]


_renderers: dict[str, Renderer] = {}


def register_renderer(prefix: str, renderer: Renderer) -> None:
    """Apps above this one say how to write their notices."""
    _renderers[prefix] = renderer


def _renderer(notification: Notification) -> Renderer | None:
    if not notification.template:
        return None
    return _renderers.get(notification.template.split(".", 1)[0])


def subject_of(notification: Notification) -> str:
    """The notice's subject, in the active language."""
    renderer = _renderer(notification)
    if notification.subject or renderer is None:
        return notification.subject  # written when it was stored (older notices)
    subject = renderer.subject(notification.template, notification.context)
    return " ".join(subject.split())[:250]


def written(notification: Notification) -> Written:
    """The notice as the recipient reads it: in their own language, written now."""
    with translation.override(notification.recipient.preferred_language):
        subject = subject_of(notification)
        renderer = _renderer(notification)
        if notification.body or renderer is None:
            return Written(subject, notification.body, notification.html)
        body, html = renderer.message(notification)
        return Written(subject, body, html)


def notify_many(notices: list[Notice]) -> int:
    """Store many urgent notices in one query and e-mail them from one task after commit.
    Notices whose key was already used are dropped. Returns how many were stored."""
    wanted = [n for n in notices if n.recipient is not None and n.recipient.is_active]
    if not wanted:
        return 0
    rows = [_row(n, urgent=True) for n in wanted]
    keys = [row.key for row in rows]
    before = set(Notification.objects.filter(key__in=keys).values_list("pk", flat=True))
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    created = Notification.objects.filter(key__in=keys).exclude(pk__in=before)
    ids = list(created.values_list("pk", flat=True))
    queue_delivery(ids)
    return len(ids)


@shared_task(acks_late=True, autoretry_for=TRANSIENT_ERRORS, retry_backoff=60, max_retries=5)
def send_daily_digests() -> int:
    """One e-mail per person with the routine notices they chose to get once a day."""
    sent = 0
    recipients = (
        Notification.objects.filter(delivery=Notification.Delivery.PENDING)
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
            .filter(recipient_id=recipient_id, delivery=Notification.Delivery.PENDING)
            .select_related("recipient")
            .order_by("created_at", "pk")[:DIGEST_BATCH]
        )
        if not pending:
            return 0
        recipient = pending[0].recipient
        if recipient.email:
            with translation.override(recipient.preferred_language):
                for notification in pending:
                    notification.title = subject_of(notification)
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
            emailed_at=timezone.now(), delivery=Notification.Delivery.SENT
        )
    return 1
