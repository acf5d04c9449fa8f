"""Cases at each point of the workflow, and checks that a refused step changed nothing."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.models import Category
from cases import services
from cases.models import Case


def category(code: str = "nestenulykke") -> Category:
    # Transactional tests empty the tables the data migration seeded, so ask for it.
    return Category.objects.get_or_create(code=code, defaults={"name_nb": code.capitalize()})[0]


def open_case(org, *, severity: str = "medium", reporter=None, unit=None, hours_ago: int = 2):
    """A freshly filed case, in the reporter's department, handled by ``org.leader``."""
    filed = services.file_deviation(
        reporter or org.reporter,
        fields={
            "unit": unit or org.department,
            "category": category(),
            "severity": severity,
            "title": "Glatt gulv ved inngangen",
            "description": "Vann på gulvet ved hovedinngangen.",
            "occurred_at": timezone.now() - timedelta(hours=hours_ago),
        },
    )
    return filed.case


def acknowledged_case(org, **kwargs) -> Case:
    case = open_case(org, **kwargs)
    services.acknowledge(case, by=org.leader)
    case.refresh_from_db()
    return case


def due(days: int = 14):
    return timezone.localdate() + timedelta(days=days)


def assess(case, by, **values):
    values = {
        "probability": 3,
        "consequence": 3,
        "probability_after": 1,
        "consequence_after": 3,
        **values,
    }
    return services.assess_risk(case, by=by, note="", **values)


def ready_to_close(org, **kwargs) -> Case:
    """Acknowledged, one corrective action done, risk assessed, effect evaluated as good."""
    case = acknowledged_case(org, **kwargs)
    action = services.add_corrective_action(
        case, by=org.leader, description="Sett opp skilt", assignee=org.colleague, due_date=due()
    )
    services.complete_action(action, by=org.colleague)
    assess(case, org.leader)
    services.evaluate_effect(case, by=org.leader, effective=True, note="")
    case.refresh_from_db()
    return case


# A review of work routines as a leader records it at closing.
REVIEWED = services.RoutineReview(
    outcome=Case.RoutineReview.CHANGED,
    routine="Rutine for renhold av inngangsparti",
    note="Matter legges ut ved regnvær.",
)


def snapshot(case: Case) -> dict:
    """Everything a step could change about a case."""
    case = Case.objects.get(pk=case.pk)
    return {
        # Every column, the ones no form edits (deadlines, received_at …) included.
        "case": {
            field.attname: getattr(case, field.attname) for field in Case._meta.concrete_fields
        },
        "events": list(case.events.values_list("pk", flat=True)),
        "actions": list(case.actions.values()),
        "risk": case.risk_assessments.count(),
        "evaluations": case.effect_evaluations.count(),
        "assistance": case.assistance_requests.count(),
        "readers": sorted(case.readers.values_list("user_id", flat=True)),
    }


@contextmanager
def refused(case: Case, error, code: str | None = None):
    """The step inside raises ``error`` (with ``code``, for a ValidationError) and
    leaves the case exactly as it was."""
    before = snapshot(case)
    with pytest.raises(error) as raised:
        yield raised
    if code is not None:
        assert code in error_codes(raised.value)
    case.refresh_from_db()
    assert snapshot(case) == before


def error_codes(error) -> set[str]:
    return {e.code for e in getattr(error, "error_list", [])}


@contextmanager
def one_new_event(case: Case, kind):
    """The step inside writes exactly one event, of this kind; yields a holder for it."""
    before = case.events.count()
    holder = {}
    yield holder
    events = list(case.events.order_by("-pk")[: case.events.count() - before])
    assert len(events) == 1, [e.kind for e in events]
    assert events[0].kind == kind
    holder["event"] = events[0]
    case.refresh_from_db()
