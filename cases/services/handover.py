"""Handing a case sideways to the unit where it happened ("Avvik skal om mulig alltid
løses der situasjonen oppstår"). The reporter's own leader receives every case first (see
cases.services.intake); when the deviation happened in another unit, that leader can hand
it to the leader there. Nothing else moves a case sideways: forwarding and escalation only
go up the line."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases import notifications, rules
from cases.models import Case, CaseEvent
from cases.services.handling import (
    lock,
    move_responsibility,
    record,
    require_open,
    require_permission,
    required_text,
)


def hand_over_sideways(case: Case, *, by, reason: str) -> Case:
    """Responsibility moves to the leader of the unit where the deviation happened
    (vacant levels going up), with a reason. The leader who had it keeps read access;
    the new leader and the reporter are told."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_open(case)
        reason = required_text(
            reason, _("Say why the case is handed over to that unit."), "reason_required"
        )
        leader, unit = rules.sideways_leader(case)
        if leader is None:
            raise ValidationError(
                _("The case is already with the leader of the unit where it happened."),
                code="already_there",
            )
        earlier_leader, earlier_unit = move_responsibility(
            case, to_leader=leader, to_unit=unit, arrived_via=Case.ArrivedVia.HANDED_OVER
        )
        record(
            case,
            CaseEvent.Kind.HANDED_OVER,
            by=by,
            visible_to_reporter=True,
            reason=reason,
            from_leader=earlier_leader.pk if earlier_leader else None,
            from_unit=earlier_unit.pk,
            to_leader=leader.pk,
            to_unit=unit.pk,
        )
        notifications.case_handed_over(case, reason=reason, by=by, earlier_unit=earlier_unit)
    return case
