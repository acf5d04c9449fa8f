"""Filing a deviation opens its case and routes it to the responsible leader."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from avvik import follow_up_codes
from avvik.attachments import MAX_PER_REPORT
from avvik.models import Deviation
from avvik.services import create_deviation, store_attachment, stored_token
from cases import deadlines, notifications
from cases.models import Case, CaseEvent
from cases.services import legal_notices
from orgchart.access import own_leader, primary_unit, responsible_leader, workplace_list


@dataclass(frozen=True)
class Filed:
    case: Case
    created: bool
    # For a report without a reporter (anonymous, or from a poster without an account):
    # the code shown once on the receipt, never stored.
    follow_up_code: str = ""


def file_deviation(
    reporter,
    *,
    fields: dict,
    injury: dict | None = None,
    submission_token: uuid.UUID | None = None,
    anonymous: bool = False,
    without_account: dict | None = None,
) -> Filed:
    """File a report and open its case with the reporter's own nearest leader ("Det er
    nærmeste leder med personalansvar som har ansvar for saksbehandling og håndtering av
    innmeldte avvik fra sine medarbeidere"): the leader of the workplace the report is
    filed from (``fields["reported_from"]``, by default the reporter's primary unit; a
    vacant unit's cases go to the nearest leader above, and a leader's own report to the
    leader above them). The unit where it happened stays on the report. A reporter with
    no workplace is routed by the unit where it happened. An injured employee's own
    leader is kept on the case. The same submission token twice (a double click, a
    refresh, back and resubmit) returns the first report.

    "Alle medarbeidere har et selvstendig ansvar for å rapportere avvik": ``reporter``
    is None for someone reporting from a poster without an account (``without_account``
    holds their name, contact and the poster; the case goes by the poster's unit); with
    ``anonymous`` nothing about who filed it is kept, not even on the timeline. Both get
    a follow-up code."""
    keeps_reporter = reporter is not None and not anonymous
    if (anonymous or not keeps_reporter) and not submission_token:
        raise ValueError("A report without a reporter needs its submission token.")
    code = "" if keeps_reporter else follow_up_codes.code_for(submission_token)
    # A token used before is not looked for first: the unique submission token refuses
    # the second copy, and the IntegrityError below returns the first report.
    unit = fields["unit"]
    if not unit.is_active:
        raise ValidationError({"unit": _("This unit no longer exists. Choose another.")})
    workplace = _workplace(reporter, fields.get("reported_from")) if reporter is not None else None
    fields = {**fields, "reported_from": workplace}
    try:
        with transaction.atomic():
            deviation = create_deviation(
                reporter,
                fields=fields,
                injury=injury,
                submission_token=submission_token,
                anonymous=anonymous,
                without_account=without_account,
            )
            if workplace is not None:
                leader, leader_unit = own_leader(reporter, workplace)
            else:
                leader, leader_unit = responsible_leader(unit)
            receipt_due = deadlines.receipt_due_for(deviation)
            case = Case.objects.create(
                deviation=deviation,
                deviation_unit=unit,
                responsible_unit=leader_unit or unit,
                responsible_leader=leader,
                receipt_due=receipt_due,
                next_escalation_at=receipt_due,
                injured_employees_leader=_injured_employees_leader(injury),
            )
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.REPORTED,
                actor=reporter if keeps_reporter else None,
                visible_to_reporter=True,
                data={
                    "leader": leader.pk if leader else None,
                    "unit": case.responsible_unit_id,
                    **({"anonymous": True} if anonymous else {}),
                },
            )
            notifications.new_case(case)
            if injury and not anonymous:
                # Only a report filed with injury details (create_deviation) can be one.
                legal_notices.open_serious_injury_duties(case)
    except IntegrityError:
        # The same submission again (a double click, a refresh, back and resubmit), or
        # two copies racing: the first one stands.
        existing = submission_token and _already_filed(
            reporter, submission_token, keeps_reporter=keeps_reporter
        )
        if existing:
            return Filed(existing, created=False, follow_up_code=code)
        raise
    return Filed(case, created=True, follow_up_code=code)


def _workplace(reporter, chosen):
    """The workplace the report is filed from: the one chosen, if it is one of the
    reporter's, else their primary workplace, else their primary unit even if it is a
    specialist unit (None for someone with no workplace)."""
    own = workplace_list(reporter)
    if chosen is not None:
        if chosen.pk not in {unit.pk for unit in own}:
            raise ValidationError({"reported_from": _("Choose one of the units you work in.")})
        return chosen
    return own[0] if own else primary_unit(reporter)


def _injured_employees_leader(injury: dict | None):
    employee = (injury or {}).get("injured_employee")
    if employee is None:
        return None
    unit = primary_unit(employee)
    return own_leader(employee, unit)[0] if unit else None


def _already_filed(reporter, token, *, keeps_reporter: bool) -> Case | None:
    stored = stored_token(token, keeps_reporter=keeps_reporter)
    deviation = Deviation.objects.filter(submission_token=stored).select_related("case").first()
    if deviation is None:
        return None
    if keeps_reporter and deviation.reporter_id != reporter.pk:
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
