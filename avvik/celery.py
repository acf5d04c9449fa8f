"""The Celery app. The broker is Redis when REDIS_URL is set, else Kombu's filesystem
transport (see settings), so tasks and their schedule run the same way in both modes."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avvik.settings")

app = Celery("avvik")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_queue_folders() -> None:
    """The filesystem transport expects its folders to exist before anyone sends."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for key in ("data_folder_in", "control_folder", "processed_folder"):
            os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)
