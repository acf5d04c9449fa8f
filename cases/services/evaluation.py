"""A specialist unit's own view of whether the corrective actions worked ("Når tiltak er
iverksatt må leder, eventuelt i samarbeid med faginstans vurdere om korrigerende tiltak
har fungert etter sin hensikt"). The leader sees it beside the evaluation form and still
decides (cases.services.closure.evaluate_effect)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cases import notifications, rules
from cases.models import Case, CaseEvent, SpecialistAssessment
from cases.services.handling import (
    lock,
    record,
    require_acknowledged,
    require_permission,
    required_text,
)


def assess_as_specialist(case: Case, *, by, effective: bool, note: str) -> SpecialistAssessment:
    """Recorded by a member of a specialist unit asked to help, for that unit."""
    with transaction.atomic():
        case = lock(case)
        units = rules.asked_specialist_unit_ids(by, case)
        require_permission(bool(units))
        require_acknowledged(case)
        note = required_text(note, _("Say what your assessment is based on."), "note_required")
        assessment = SpecialistAssessment.objects.create(
            case=case,
            specialist_unit_id=min(units),
            assessed_by=by,
            effective=bool(effective),
            note=note,
        )
        record(
            case,
            CaseEvent.Kind.SPECIALIST_ASSESSED,
            by=by,
            message=note,
            specialist_unit=assessment.specialist_unit_id,
            effective=bool(effective),
            assessment=assessment.pk,
        )
        notifications.specialist_assessed(case, assessment)
    return assessment
