from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Case handling")

    def ready(self) -> None:
        # The deadlines are kept per process and follow the admin's changes.
        from cases import deadlines  # noqa: F401
        from cases.notifications import render_message, render_subject
        from orgchart.notifications import Renderer, register_renderer

        register_renderer("cases", Renderer(subject=render_subject, message=render_message))
