"""Filing a deviation opens its case and routes it to the responsible leader."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from avvik.attachments import MAX_PER_REPORT
from avvik.models import Deviation
from avvik.services import create_deviation, store_attachment
from cases import deadlines, notifications
from cases.models import Case, CaseEvent
from cases.services import legal_notices
from orgchart.access import responsible_leader


@dataclass(frozen=True)
class Filed:
    case: Case
    created: bool


def file_deviation(
    reporter,
    *,
    fields: dict,
    injury: dict | None = None,
    submission_token: uuid.UUID | None = None,
) -> Filed:
    """File a report and open its case with the leader responsible for the unit (a vacant
    unit's cases go to the nearest leader above). The same submission token twice (a
    double click, a refresh, back and resubmit) returns the first report."""
    if submission_token:
        existing = _already_filed(reporter, submission_token)
        if existing:
            return Filed(existing, created=False)
    unit = fields["unit"]
    if not unit.is_active:
        raise ValidationError({"unit": _("This unit no longer exists. Choose another.")})
    try:
        with transaction.atomic():
            deviation = create_deviation(
                reporter, fields=fields, injury=injury, submission_token=submission_token
            )
            leader, leader_unit = responsible_leader(unit)
            receipt_due = deadlines.receipt_due_for(deviation)
            case = Case.objects.create(
                deviation=deviation,
                deviation_unit=unit,
                responsible_unit=leader_unit or unit,
                responsible_leader=leader,
                receipt_due=receipt_due,
                next_escalation_at=receipt_due,
            )
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.REPORTED,
                actor=reporter,
                visible_to_reporter=True,
                data={"leader": leader.pk if leader else None, "unit": case.responsible_unit_id},
            )
            notifications.new_case(case)
            legal_notices.open_serious_injury_duties(case)
    except IntegrityError:
        # Two copies of the same submission raced; the other one won.
        existing = submission_token and _already_filed(reporter, submission_token)
        if existing:
            return Filed(existing, created=False)
        raise
    return Filed(case, created=True)


def _already_filed(reporter, token) -> Case | None:
    deviation = Deviation.objects.filter(submission_token=token).select_related("case").first()
    if deviation is None:
        return None
    if deviation.reporter_id != reporter.pk:
        raise PermissionDenied
    return deviation.case


def add_information(case: Case, *, by, text: str, files=()) -> CaseEvent:
    """The reporter adds information or attachments to their own open report."""
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("deviation").get(pk=case.pk)
        if case.deviation.reporter_id != by.pk:
            raise PermissionDenied
        if not case.is_open:
            raise ValidationError(_("The case is closed; it can no longer be added to."))
        if case.deviation.attachments.count() + len(files) > MAX_PER_REPORT:
            raise ValidationError(_("At most %(max)d files per report.") % {"max": MAX_PER_REPORT})
        names = [store_attachment(f, by=by, deviation=case.deviation).original_name for f in files]
        event = CaseEvent.objects.create(
            case=case,
            kind=CaseEvent.Kind.INFORMATION_ADDED,
            actor=by,
            visible_to_reporter=True,
            message=text.strip(),
            data={"attachments": names} if names else {},
        )
        notifications.information_added(case, event)
    return event
