from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _complete_hms_admin_group(sender, **kwargs) -> None:
    """After each migrate, give the HMS administrators the permissions of models added
    since their group was made."""
    from orgchart.administrators import ensure_hms_admin_group

    ensure_hms_admin_group()


class OrgchartConfig(AppConfig):
    name = "orgchart"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Sent for each app; the last app in INSTALLED_APPS has its permissions by then.
        post_migrate.connect(_complete_hms_admin_group, dispatch_uid="hms-admin-group")
        # Counts failed logins per address (a signal receiver).
        from orgchart import throttling  # noqa: F401
