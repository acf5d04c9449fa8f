from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AvvikConfig(AppConfig):
    name = "avvik"
    verbose_name = _("Deviations")

    def ready(self) -> None:
        # The severities' names are kept per process and follow the admin's changes; the
        # frame's kept fragments are forgotten when a test changes their settings.
        from avvik import page_frame, severity_names  # noqa: F401
        from avvik.celery import ensure_queue_folders

        ensure_queue_folders()
