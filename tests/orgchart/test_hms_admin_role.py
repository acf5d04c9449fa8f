"""The HMS administrator role: a migration makes the group, a command gives and takes it,
and each change is in the person's history in the admin."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.utils import translation

from orgchart.access import HMS_ADMIN_GROUP, is_hms_admin
from tests.factories import UserFactory


def test_migrations_create_the_group_with_every_permission_of_the_apps(db):
    group = Group.objects.get(name=HMS_ADMIN_GROUP)
    expected = Permission.objects.filter(
        content_type__app_label__in=["orgchart", "avvik", "cases", "reports"]
    )
    assert expected.count() > 20
    assert set(group.permissions.all()) >= set(expected)
    assert group.permissions.filter(codename="change_deadlinepolicy").exists()


def test_command_grants_the_role_by_employee_id_and_logs_it(db, capsys):
    person = UserFactory(employee_id="4711")
    operator = UserFactory(username="it-drift")

    call_command("hms_admin", "grant", "4711", "--by", "it-drift")

    person.refresh_from_db()
    assert is_hms_admin(person)
    assert person.is_staff
    entry = LogEntry.objects.get(object_id=str(person.pk))
    assert entry.user == operator
    with translation.override("nb"):
        assert "HMS-administratorrolle" in entry.get_change_message()
    assert "manage.py hms_admin grant" in entry.get_change_message()
    assert "er nå HMS-administrator" in capsys.readouterr().out


def test_command_revokes_the_role_and_logs_it(db):
    person = UserFactory(email="kari@example.org")
    call_command("hms_admin", "grant", "KARI@example.org")

    call_command("hms_admin", "revoke", "kari@example.org")

    person.refresh_from_db()
    assert not is_hms_admin(person)
    assert not person.is_staff
    messages = [
        entry.get_change_message()
        for entry in LogEntry.objects.filter(object_id=str(person.pk)).order_by("pk")
    ]
    assert len(messages) == 2
    assert "hms_admin revoke" in messages[1]


def test_granting_twice_logs_once(db):
    person = UserFactory(username="hanne")
    call_command("hms_admin", "grant", "hanne")
    call_command("hms_admin", "grant", "hanne")
    assert LogEntry.objects.filter(object_id=str(person.pk)).count() == 1


def test_unknown_person_is_an_error_and_changes_nothing(db):
    with pytest.raises(CommandError, match="Fant ingen person"):
        call_command("hms_admin", "grant", "ingen-slik")
    assert not Group.objects.get(name=HMS_ADMIN_GROUP).user_set.exists()
    assert not LogEntry.objects.exists()
