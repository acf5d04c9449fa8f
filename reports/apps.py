import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # WeasyPrint logs every rendering step at INFO, some already on import; the web
        # and worker logs need none of it.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

        from orgchart.notifications import Renderer, register_renderer
        from reports.services import render_message, render_subject

        register_renderer("reports", Renderer(subject=render_subject, message=render_message))
