"""Background work on the reports themselves."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from avvik import services


@shared_task(acks_late=True)
def discard_abandoned_uploads() -> int:
    return services.discard_abandoned_uploads(
        older_than=timedelta(hours=settings.ABANDONED_UPLOAD_HOURS)
    )
