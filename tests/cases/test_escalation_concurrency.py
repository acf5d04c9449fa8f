"""Two sweeps at once on PostgreSQL escalate each stale case once and send each e-mail once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.models import Category
from cases import services
from cases.models import Case, CaseEvent
from cases.services.escalation import escalate_stale_cases
from tests.concurrency import at_once, values_and_errors


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
    results, errors = values_and_errors(at_once(*[lambda: escalate_stale_cases(batch_size=7)] * 2))

    assert errors == []
    assert sum(r.escalated for r in results) == 30
    for case in cases:
        assert case.events.filter(kind=CaseEvent.Kind.ESCALATED).count() == 1
        case.refresh_from_db()
        assert case.escalation_level == 1
    assert len(mailoutbox) == 90, "both leaders and the reporter told once per case"
