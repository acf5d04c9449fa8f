"""What the leader adds to the injury register (arbeidsmiljøloven § 5-1): an illness
the leader believes comes from the work, or an injury the report did not describe as
one. The reporter's own entries come with the report (cases.services.intake)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from avvik.models import InjuryDetails, InjuryType
from cases import rules
from cases.models import Case, CaseEvent
from cases.services.handling import lock, record, require_permission, required_text


def enter_in_register(
    case: Case,
    *,
    by,
    injured_person: str,
    injury_type: str,
    treatment: str,
    absence: bool,
    work_illness: bool,
) -> InjuryDetails:
    """Enter the case in the injury register, or mark the injury already there as an
    illness from the work. Names and kinds only: no diagnosis is asked for."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        if case.anonymised_at is not None:
            raise ValidationError(_("This report has been anonymised."))
        if injury_type not in InjuryType.values:
            raise ValidationError({"injury_type": _("Choose the type of injury.")})
        if treatment not in InjuryDetails.Treatment.values:
            raise ValidationError({"treatment": _("Choose the treatment.")})
        injury = InjuryDetails.objects.select_for_update().filter(deviation=case.deviation).first()
        if injury is None:
            injured_person = required_text(
                injured_person, _("Say who was hurt or fell ill."), "injured_person_required"
            )
            injury = InjuryDetails.objects.create(
                deviation=case.deviation,
                injured_person=injured_person[:200],
                injury_kind="",
                injury_type=injury_type,
                treatment=treatment,
                absence=bool(absence),
                work_illness=bool(work_illness),
            )
        else:
            injury.injury_type = injury_type
            injury.treatment = treatment
            injury.absence = bool(absence)
            injury.work_illness = bool(work_illness) or injury.work_illness
            injury.save(update_fields=["injury_type", "treatment", "absence", "work_illness"])
        record(
            case,
            CaseEvent.Kind.INJURY_REGISTERED,
            by=by,
            injury_type=injury_type,
            work_illness=injury.work_illness,
        )
    return injury
