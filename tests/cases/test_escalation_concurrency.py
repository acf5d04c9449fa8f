"""Two sweeps at once on PostgreSQL escalate each stale case once and send each e-mail once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from avvik.models import Category
from cases import services
from cases.models import Case, CaseEvent
from cases.services.escalation import escalate_stale_cases


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_escalate_each_case_once(org, mailoutbox):
    category, _created = Category.objects.get_or_create(
        code="annet", defaults={"name_nb": "Annet", "sort_order": 90}
    )
    cases = [
        services.file_deviation(
            org.reporter,
            fields={
                "unit": org.department,
                "occurred_at": timezone.now() - timedelta(hours=1),
                "location": "",
                "category": category,
                "severity": "medium",
                "title": f"Sak {n}",
                "description": "Beskrivelse",
                "immediate_action": "",
                "suggested_measure": "",
            },
        ).case
        for n in range(30)
    ]
    Case.objects.update(next_escalation_at=timezone.now() - timedelta(minutes=1))
    mailoutbox.clear()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(escalate_stale_cases(batch_size=7))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sum(r.escalated for r in results) == 30
    for case in cases:
        assert case.events.filter(kind=CaseEvent.Kind.ESCALATED).count() == 1
        case.refresh_from_db()
        assert case.escalation_level == 1
    assert len(mailoutbox) == 90, "both leaders and the reporter told once per case"
