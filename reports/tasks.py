"""Background work for the summaries. Thin: each task calls a service, and running it
twice does no harm (a built summary is no longer pending; the sweep makes each
scheduled summary once)."""

from celery import shared_task
from django.conf import settings

from reports import figure_cache, services
from reports.forms import preset_periods

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


@shared_task(acks_late=True, soft_time_limit=BUILD_SOFT_TIME_LIMIT, time_limit=BUILD_TIME_LIMIT)
def refresh_statistics(paths, whole_organisation, start, end, language) -> None:
    figure_cache.refresh_figures(paths, whole_organisation, start, end, language)


@shared_task(acks_late=True, soft_time_limit=30 * 60, time_limit=35 * 60)
def warm_statistics() -> None:
    """The quick choices of period (the default, the last 12 months, among them) change
    with the date: computed for the new day before the leaders come in."""
    periods = sorted({period for _label, period in preset_periods()})
    figure_cache.warm_statistics(periods, settings.LANGUAGE_CODE)


@shared_task(acks_late=True, ignore_result=True)
def requeue_waiting_summaries() -> int:
    """Beat, every minute: summaries whose build task was lost are queued again."""
    return len(services.requeue_waiting_summaries())
