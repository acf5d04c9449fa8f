"""Making the committee's summaries: ordering one, the end-of-period sweep, and building
the PDF in the background."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from orgchart.models import Committee
from orgchart.notifications import notify
from orgchart.queueing import queue_now, queue_on_commit
from reports.documents import committee_summary_pdf
from reports.models import AmuReport, committees_visible_to
from reports.periods import Period, last_completed_period, oslo_today

logger = logging.getLogger(__name__)

# The longest period anyone may order, and how far back.
MAX_PERIOD_DAYS = 3 * 366 + 1
EARLIEST_START = date(2000, 1, 1)
# A summary whose build was begun this many times (each time its worker died, or the
# sweep found it lost) is given up as failed; the member may order it again.
MAX_BUILD_ATTEMPTS = 3


def _queue_build(report: AmuReport) -> None:
    """The row is the order; its task is queued after commit as best effort, and again by
    ``requeue_waiting_summaries`` should it be lost (a broker away, a worker killed)."""
    from reports.tasks import build_amu_report

    AmuReport.objects.filter(pk=report.pk).update(queued_at=timezone.now())
    queue_on_commit(build_amu_report, report.pk)


def validate_period(period: Period, *, today: date | None = None) -> None:
    today = today or oslo_today()
    if period.start > today:
        raise ValidationError(_("The period has not begun yet."), code="future")
    if period.start < EARLIEST_START:
        raise ValidationError(_("The period begins too long ago."), code="too_early")
    if period.days > MAX_PERIOD_DAYS:
        raise ValidationError(_("A summary covers at most three years."), code="too_long")


def order_summary(committee: Committee, *, by, period: Period, language: str = "") -> AmuReport:
    """A member (or an HMS administrator) orders a summary for any period; it is built in
    the background. Ordering the same period again while it is being made returns the
    order already placed."""
    if not committees_visible_to(by).filter(pk=committee.pk).exists():
        raise PermissionDenied
    validate_period(period)
    with transaction.atomic():
        pending = AmuReport.objects.filter(
            committee=committee,
            period_start=period.start,
            period_end=period.end,
            requested_by=by,
            status=AmuReport.Status.PENDING,
        ).first()
        if pending:
            # The order placed before, with its real state (see the committee's page).
            pending.was_pending = True
            return pending
        report = AmuReport.objects.create(
            committee=committee,
            period_start=period.start,
            period_end=period.end,
            requested_by=by,
            language=language or settings.LANGUAGE_CODE,
        )
        _queue_build(report)
    return report


def schedule_due_reports(*, today: date | None = None) -> list[AmuReport]:
    """For every active committee, the summary of its last completed period (quarter,
    tertial or year, by Oslo dates), once. A summary that failed, or lost its worker, is
    queued again. Returns the summaries queued now."""
    today = today or oslo_today()
    queued = []
    for committee in Committee.objects.filter(is_active=True).order_by("pk"):
        period = last_completed_period(committee.period, today)
        with transaction.atomic():
            report, created = _scheduled_report(committee, period)
            if report is None:
                continue
            # A pending one is the minute sweep's (requeue_waiting_summaries).
            if created or report.status == AmuReport.Status.FAILED:
                if not created:
                    AmuReport.objects.filter(pk=report.pk).update(
                        status=AmuReport.Status.PENDING, attempts=0, started_at=None
                    )
                _queue_build(report)
                queued.append(report)
    return queued


def requeue_waiting_summaries(*, now=None) -> list[int]:
    """Queue again each pending summary whose task was lost: queued longer ago than the
    grace period and not being built right now (a summary being built is locked by its
    worker, and skipped). A worker killed mid-build releases the lock with its database
    connection, so its summary is built again here; after ``MAX_BUILD_ATTEMPTS`` begun
    builds it is marked failed. Returns the ids queued."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.OUTBOX_GRACE_SECONDS)
    queued = []
    with transaction.atomic():
        waiting = list(
            AmuReport.objects.select_for_update(skip_locked=True)
            .filter(status=AmuReport.Status.PENDING)
            .filter(Q(queued_at__lt=cutoff) | Q(queued_at__isnull=True))
            .order_by("created_at")[:500]
        )
        for report in waiting:
            if report.attempts >= MAX_BUILD_ATTEMPTS:
                logger.error("AMU summary %s failed %s times; given up", report.pk, report.attempts)
                AmuReport.objects.filter(pk=report.pk).update(
                    status=AmuReport.Status.FAILED, finished_at=now
                )
                continue
            from reports.tasks import build_amu_report

            if not queue_now(build_amu_report, report.pk):
                break  # the broker is still away: the next sweep tries again
            AmuReport.objects.filter(pk=report.pk).update(queued_at=now)
            queued.append(report.pk)
    return queued


def waiting_summary(*, now=None) -> dict:
    """For the readiness endpoint: summaries pending, and the age of the oldest."""
    now = now or timezone.now()
    pending = AmuReport.objects.filter(status=AmuReport.Status.PENDING).aggregate(
        count=Count("pk"), oldest=Min("created_at")
    )
    oldest = pending["oldest"]
    return {
        "waiting": pending["count"],
        "oldest_seconds": int((now - oldest).total_seconds()) if oldest else 0,
    }


def _scheduled_report(committee: Committee, period: Period) -> tuple[AmuReport | None, bool]:
    lookup = {
        "committee": committee,
        "period_start": period.start,
        "period_end": period.end,
        "scheduled": True,
    }
    try:
        with transaction.atomic():
            return AmuReport.objects.get_or_create(
                **lookup, defaults={"language": settings.LANGUAGE_CODE}
            )
    except IntegrityError:
        # Another sweep made it at the same moment; that one queues the build.
        return None, False


def build_report(report_id: int) -> AmuReport | None:
    """Build the PDF of a pending summary, store it, and tell the members (or whoever
    ordered it). The row stays locked while the PDF is made, so two workers never build
    the same summary; a summary that is no longer pending is left alone."""
    # The attempt is counted in its own transaction first, so that a worker killed while
    # building (the lock below then goes with its connection) leaves the count behind.
    with transaction.atomic():
        free = (
            AmuReport.objects.select_for_update(skip_locked=True)
            .filter(pk=report_id, status=AmuReport.Status.PENDING)
            .values_list("pk", flat=True)
            .first()
        )
        if free is None:
            return None  # built already, or being built by another worker right now
        AmuReport.objects.filter(pk=free).update(
            attempts=F("attempts") + 1, started_at=timezone.now()
        )
    with transaction.atomic():
        report = (
            AmuReport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("committee__unit", "requested_by")
            .filter(pk=report_id, status=AmuReport.Status.PENDING)
            .first()
        )
        if report is None:
            return None
        try:
            with transaction.atomic():
                pdf = committee_summary_pdf(
                    report.committee,
                    report.period,
                    language=report.language or settings.LANGUAGE_CODE,
                )
        except Exception:
            logger.exception("AMU summary %s could not be made", report.pk)
            report.status = AmuReport.Status.FAILED
            report.finished_at = timezone.now()
            report.save(update_fields=["status", "finished_at"])
            return report
        report.file.save(report.download_name(), ContentFile(pdf), save=False)
        report.status = AmuReport.Status.READY
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "status", "finished_at"])
        _tell_readers(report)
    return report


def _tell_readers(report: AmuReport) -> None:
    """The members for a scheduled summary, the one who ordered it otherwise. The e-mail
    says that a summary is ready and where; the figures stay behind the login."""
    if report.scheduled:
        people = report.committee.members.filter(is_active=True)
    elif report.requested_by and report.requested_by.is_active:
        people = [report.requested_by]
    else:
        return
    link = settings.SITE_URL + reverse("reports:committee", args=[report.committee_id])
    context = {
        "report": report.pk,
        "committee": report.committee.name,
        "start": report.period_start.isoformat(),
        "end": report.period_end.isoformat(),
    }
    for person in people:
        # Written in the person's own language when it is read or sent; at once, whatever
        # they chose for routine notices, as before.
        notify(
            person,
            template="reports.summary_ready",
            context=context,
            url=link,
            urgent=True,
            key=f"summary-ready:{report.pk}:{person.pk}",
        )


def render_subject(template: str, context: dict) -> str:
    return render_to_string("reports/email/summary_ready_subject.txt", _values(context))


def render_message(notification) -> tuple[str, str]:
    values = {
        **_values(notification.context),
        "person": notification.recipient,
        "link": notification.url,
    }
    return (
        render_to_string("reports/email/summary_ready.txt", values),
        render_to_string("reports/email/summary_ready.html", values),
    )


def _values(context: dict) -> dict:
    period = Period(date.fromisoformat(context["start"]), date.fromisoformat(context["end"]))
    return {"committee": context["committee"], "period": period.label()}
