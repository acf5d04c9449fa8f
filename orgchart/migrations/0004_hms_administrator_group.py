"""The HMS administrator group and its permissions, made here rather than by the demo, so
that a real installation has the role from its first ``migrate``."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_group(apps, schema_editor):
    # Permissions are normally made after the whole migrate (post_migrate); make those of
    # the administered apps now so the group can hold them.
    from orgchart.administrators import ADMINISTERED_APPS, ensure_hms_admin_group

    for label in ADMINISTERED_APPS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    ensure_hms_admin_group(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("orgchart", "0003_notification_rendered_on_delivery"),
        ("avvik", "0004_dashboard_wide_scopes"),
        ("cases", "0012_case_received_at"),
        ("reports", "0001_amu_report"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
