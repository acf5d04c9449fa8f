"""A reminder before a case's deadline: one notice per leader listing every case that
escalates within the next working day, instead of one e-mail per case. When the deadline
passes, the escalation notice (or, at the top of the line, its reminder) follows."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cases import deadlines, notifications, rules
from cases.models import Case

BATCH_SIZE = 500


def send_deadline_reminders(*, now=None) -> int:
    """Tell each leader about their cases due within a working day. Returns how many
    leaders were told. Each deadline is announced once (``Case.reminded_for``)."""
    now = now or timezone.now()
    horizon = deadlines.add_working_days(now, 1)
    told = 0
    while True:
        with transaction.atomic():
            batch = list(
                Case.objects.filter(
                    status__in=rules.OPEN_STATES,
                    responsible_leader__isnull=False,
                    next_escalation_at__gt=now,
                    next_escalation_at__lte=horizon,
                )
                .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("next_escalation_at")))
                .select_for_update(of=("self",), skip_locked=True)
                .select_related("deviation", "responsible_leader")
                .order_by("responsible_leader_id", "next_escalation_at")[:BATCH_SIZE]
            )
            by_leader = defaultdict(list)
            for case in batch:
                by_leader[case.responsible_leader].append(case)
            for leader, cases in by_leader.items():
                notifications.deadline_reminder(leader, cases, now=now)
            # One UPDATE per distinct deadline, not one per case.
            by_deadline = defaultdict(list)
            for case in batch:
                by_deadline[case.next_escalation_at].append(case.pk)
            for deadline, ids in by_deadline.items():
                Case.objects.filter(pk__in=ids).update(reminded_for=deadline)
            told += len(by_leader)
        if len(batch) < BATCH_SIZE:
            return told
