"""Background work for the summaries. Thin: each task calls a service, and running it
twice does no harm (a built summary is no longer pending; the sweep makes each
scheduled summary once)."""

from celery import shared_task

from reports import services

# WeasyPrint on a large subtree takes seconds; a summary that takes minutes is stuck.
BUILD_SOFT_TIME_LIMIT = 4 * 60
BUILD_TIME_LIMIT = 5 * 60


@shared_task(
    acks_late=True,
    soft_time_limit=BUILD_SOFT_TIME_LIMIT,
    time_limit=BUILD_TIME_LIMIT,
)
def build_amu_report(report_id: int) -> None:
    services.build_report(report_id)


@shared_task(acks_late=True, soft_time_limit=BUILD_SOFT_TIME_LIMIT, time_limit=BUILD_TIME_LIMIT)
def build_due_amu_reports() -> None:
    services.schedule_due_reports()
