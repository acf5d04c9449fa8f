"""The HMS administrator role: who holds it, and the one place it is given or taken.

The group and its permissions are made by a migration (``0004_hms_administrator_group``)
and kept complete after every ``migrate`` (see ``OrgchartConfig.ready``), so that a new
model's permissions reach the administrators without anyone editing the group. Every
grant and removal is written to the admin's history (``LogEntry``) of the person, the
audit trail HMS administrators already read in ``/admin/``.
"""

from __future__ import annotations

import json

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_noop

from orgchart.access import HMS_ADMIN_GROUP

# The apps whose data HMS administrators maintain in the admin.
ADMINISTERED_APPS = ("orgchart", "avvik", "cases", "reports")


def ensure_hms_admin_group(apps=None) -> None:
    """Create the group if it is missing and give it every permission of the administered
    apps. ``apps`` is the migration state's registry inside a migration."""
    if apps is None:
        from django.apps import apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=HMS_ADMIN_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS))


def _record(person, *, by, action: str, via: str) -> None:
    """The admin's own structured message, which it renders in the reader's language
    ("La til HMS-administratorrolle «…»."); ``via`` names the route (a command, the
    identity provider's group), which is not translated.

    LogEntry needs an acting user: without one (the command line) the entry is the
    person's own, and ``via`` says how it was done."""
    gettext_noop("HMS administrator role")
    message = json.dumps([{action: {"name": "HMS administrator role", "object": via}}])
    LogEntry.objects.create(
        user_id=(by or person).pk,
        content_type=ContentType.objects.get_for_model(person),
        object_id=str(person.pk),
        object_repr=str(person)[:200],
        action_flag=CHANGE,
        change_message=message,
    )


def grant_hms_admin(person, *, by=None, via: str) -> bool:
    """Make ``person`` an HMS administrator (group membership and access to the admin).
    ``by`` is the acting person when there is one; ``via`` says how it was done (the
    command line, the identity provider). Returns False when nothing changed."""
    from django.contrib.auth.models import Group

    ensure_hms_admin_group()
    with transaction.atomic():
        person = type(person).objects.select_for_update().get(pk=person.pk)
        group = Group.objects.get(name=HMS_ADMIN_GROUP)
        if person.groups.filter(pk=group.pk).exists() and person.is_staff:
            return False
        person.groups.add(group)
        person.is_staff = True
        person.save(update_fields=["is_staff"])
        _record(person, by=by, action="added", via=via)
    return True


def revoke_hms_admin(person, *, by=None, via: str) -> bool:
    """Take the HMS administrator role from ``person``. A superuser keeps the admin."""
    from django.contrib.auth.models import Group

    with transaction.atomic():
        person = type(person).objects.select_for_update().get(pk=person.pk)
        group = Group.objects.filter(name=HMS_ADMIN_GROUP).first()
        if group is None or not person.groups.filter(pk=group.pk).exists():
            return False
        person.groups.remove(group)
        if not person.is_superuser:
            person.is_staff = False
            person.save(update_fields=["is_staff"])
        _record(person, by=by, action="deleted", via=via)
    return True
