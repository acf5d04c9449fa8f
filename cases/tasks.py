"""Periodic work on cases, scheduled by Celery beat (see CELERY_BEAT_SCHEDULE). Each
task is a thin wrapper around a service that is safe to run twice or in parallel."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from cases.services.escalation import escalate_stale_cases
from cases.services.reminders import send_deadline_reminders

logger = logging.getLogger(__name__)

# When the escalation sweep last finished (ISO time), for the readiness endpoint: beat
# queues it every minute, so an old value means beat, or every worker, is gone.
SWEEP_FINISHED_KEY = "health:escalation-sweep-finished"


@shared_task(acks_late=True, ignore_result=True)
def escalate_stale_cases_task() -> dict:
    result = escalate_stale_cases()
    try:
        cache.set(SWEEP_FINISHED_KEY, timezone.now().isoformat(), 24 * 3600)
    except Exception as error:  # the cache away must not fail the sweep that ran
        logger.warning("Could not record the escalation sweep: %s", error)
    return {"escalated": result.escalated, "reminded": result.reminded}


@shared_task(acks_late=True, ignore_result=True)
def send_deadline_reminders_task() -> int:
    return send_deadline_reminders()


@shared_task(acks_late=True, ignore_result=True)
def anonymise_expired_cases_task() -> dict:
    from cases.retention import anonymise_expired_cases

    result = anonymise_expired_cases()
    return {"anonymised": result.anonymised, "listed": result.listed}
