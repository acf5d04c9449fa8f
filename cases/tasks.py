"""Periodic work on cases, scheduled by Celery beat (see CELERY_BEAT_SCHEDULE). Each
task is a thin wrapper around a service that is safe to run twice or in parallel."""

from celery import shared_task

from cases.services.escalation import escalate_stale_cases
from cases.services.reminders import send_deadline_reminders


@shared_task(acks_late=True, ignore_result=True)
def escalate_stale_cases_task() -> dict:
    result = escalate_stale_cases()
    return {"escalated": result.escalated, "reminded": result.reminded}


@shared_task(acks_late=True, ignore_result=True)
def send_deadline_reminders_task() -> int:
    return send_deadline_reminders()


@shared_task(acks_late=True, ignore_result=True)
def anonymise_expired_cases_task() -> dict:
    from cases.retention import anonymise_expired_cases

    result = anonymise_expired_cases()
    return {"anonymised": result.anonymised, "listed": result.listed}
