"""Leaders get one reminder listing the cases due within a working day, once per deadline;
a rolled-back change queues nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from cases.models import Case
from cases.services.reminders import send_deadline_reminders
from orgchart.models import Notification


def test_a_leader_with_several_due_cases_gets_one_reminder_once(
    org, file_report, mailoutbox, django_capture_on_commit_callbacks
):
    due_soon = [file_report(title=f"Snart frist {n}") for n in range(3)]
    later = file_report(title="God tid")
    soon = timezone.now() + timedelta(hours=3)
    Case.objects.filter(pk__in=[c.pk for c in due_soon]).update(next_escalation_at=soon)
    Case.objects.filter(pk=later.pk).update(next_escalation_at=timezone.now() + timedelta(days=20))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders() == 1
    assert len(mailoutbox) == 1
    reminder = mailoutbox[0]
    assert reminder.to == [org.leader.email]
    for case in due_soon:
        assert case.deviation.reference in reminder.body
    assert later.deviation.reference not in reminder.body

    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders() == 0
    assert len(mailoutbox) == 1


def test_a_rolled_back_filing_queues_no_task_and_stores_no_notice(
    org, file_report, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                file_report(title="Angret")
                raise RuntimeError("rolled back")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not Case.objects.exists()
    assert mailoutbox == []
