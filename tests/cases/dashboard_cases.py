"""Cases written straight to the database in a chosen state, for the dashboard's tests."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from avvik.models import Category, Deviation
from cases.models import Case

_numbers = itertools.count(1)


def make_case(
    unit,
    *,
    leader,
    reporter,
    severity: str = "medium",
    status: str = Case.Status.IN_PROGRESS,
    days_ago: float = 10,
    closure_due_in: float | None = 20,
    receipt_due_in: float | None = None,
    title: str = "",
    category: str = "nestenulykke",
    arrived_via: str = Case.ArrivedVia.ROUTING,
    responsible_unit=None,
) -> Case:
    """A case of a deviation in ``unit`` reported ``days_ago``, handled by ``leader``,
    with its deadlines in days from now (negative: passed)."""
    number = next(_numbers)
    now = timezone.now()
    reported_at = now - timedelta(days=days_ago)
    deviation = Deviation.objects.create(
        reference=f"AV-{reported_at.year}-{number:06d}",
        reporter=reporter,
        unit=unit,
        occurred_at=reported_at - timedelta(hours=1),
        category=Category.objects.get(code=category),
        severity=severity,
        title=title or f"Avvik nummer {number}",
        description="Beskrivelse",
    )
    # reported_at is auto_now_add: set it afterwards.
    Deviation.objects.filter(pk=deviation.pk).update(reported_at=reported_at)
    deviation.reported_at = reported_at
    return Case.objects.create(
        deviation=deviation,
        deviation_unit=deviation.unit,
        status=status,
        responsible_unit=responsible_unit or unit,
        responsible_leader=leader,
        arrived_via=arrived_via,
        closure_due=None if closure_due_in is None else now + timedelta(days=closure_due_in),
        receipt_due=None if receipt_due_in is None else now + timedelta(days=receipt_due_in),
        closed_at=now if status == Case.Status.CLOSED else None,
    )
