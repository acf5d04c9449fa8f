from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvvikConfig(AppConfig):
    name = "avvik"
    verbose_name = _("Deviations")

    def ready(self) -> None:
        from avvik.celery import ensure_queue_folders

        ensure_queue_folders()
