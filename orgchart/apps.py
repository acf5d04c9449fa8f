from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgchartConfig(AppConfig):
    name = "orgchart"
    verbose_name = _("Organisation")

    def ready(self):
        # Counts failed logins per address (a signal receiver).
        from orgchart import throttling  # noqa: F401
