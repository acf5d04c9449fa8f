"""Stale cases climb the service line by themselves; a leader can hold a case that waits
for something outside the unit.

The sweep claims due cases in small batches under row locks that other sweeps skip
(``select_for_update(skip_locked=True)``), and moves each case's ``next_escalation_at``
on in the same transaction as the climb: a second sweep at the same time, or a re-run
after a worker died, finds nothing left to do for those cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import deadlines, notifications, rules
from cases.models import Case, CaseEvent, CaseReader
from cases.services.handling import lock, record, require_open, require_permission, required_text
from orgchart.access import next_leader_up

BATCH_SIZE = 200


@dataclass
class SweepResult:
    escalated: int = 0
    reminded: int = 0


def put_on_hold(case: Case, *, by, until: date, reason: str) -> Case:
    """Waiting for a contractor, say: the case does not escalate before ``until``."""
    with transaction.atomic():
        case = lock(case)
        require_permission(rules.may_handle(by, case))
        require_open(case)
        reason = required_text(reason, _("Say what the case is waiting for."), "reason_required")
        if until <= timezone.localdate():
            raise ValidationError(_("The hold must end on a later day."), code="until_in_past")
        case.on_hold_until = until
        case.hold_reason = reason[:300]
        case.save(update_fields=["on_hold_until", "hold_reason"])
        record(
            case,
            CaseEvent.Kind.PUT_ON_HOLD,
            by=by,
            message=_("On hold until %(date)s: %(reason)s")
            % {"date": until.strftime("%d.%m.%Y"), "reason": reason},
            until=until.isoformat(),
        )
    return case


def due_for_escalation(now=None):
    """Open cases whose stage deadline has passed and that are not on hold."""
    now = now or timezone.now()
    return Case.objects.filter(status__in=rules.OPEN_STATES, next_escalation_at__lte=now).filter(
        Q(on_hold_until__isnull=True) | Q(on_hold_until__lte=timezone.localdate(now))
    )


def escalate_stale_cases(*, now=None, batch_size: int = BATCH_SIZE) -> SweepResult:
    """Move every stale case one level up the line, or remind its top leader."""
    now = now or timezone.now()
    result = SweepResult()
    while True:
        with transaction.atomic():
            batch = list(
                due_for_escalation(now)
                .select_for_update(of=("self",), skip_locked=True)
                .select_related("deviation", "responsible_unit", "responsible_leader")
                .order_by("next_escalation_at", "pk")[:batch_size]
            )
            for case in batch:
                if _climb(case, now):
                    result.escalated += 1
                else:
                    result.reminded += 1
        if len(batch) < batch_size:
            return result


def _climb(case: Case, now) -> bool:
    """One case, already locked: hand it to the next leader up, or at the top of the line
    remind the leader who has it. Returns whether it climbed."""
    stage = _("receipt") if case.status == Case.Status.REPORTED else _("closure")
    case.next_escalation_at = deadlines.next_escalation_after(now, case.deviation.severity)
    leader, unit = next_leader_up(case.responsible_unit, other_than=case.responsible_leader)
    if leader is None:
        case.save(update_fields=["next_escalation_at"])
        record(
            case,
            CaseEvent.Kind.REMINDED,
            by=None,
            message=_("The deadline for %(stage)s has passed; the case is at the top of the line.")
            % {"stage": stage},
        )
        notifications.top_of_line_reminder(case, now=now)
        return False
    earlier_leader, earlier_unit = case.responsible_leader, case.responsible_unit
    if earlier_leader is not None:
        CaseReader.objects.get_or_create(case=case, user=earlier_leader)
    case.responsible_leader, case.responsible_unit = leader, unit
    case.escalation_level += 1
    case.arrived_via = Case.ArrivedVia.ESCALATED
    case.save(
        update_fields=[
            "next_escalation_at",
            "responsible_leader",
            "responsible_unit",
            "escalation_level",
            "arrived_via",
        ]
    )
    record(
        case,
        CaseEvent.Kind.ESCALATED,
        by=None,
        message=_("The deadline for %(stage)s passed; the case went to %(leader)s (%(unit)s).")
        % {"stage": stage, "leader": leader.display_name, "unit": unit.name},
        level=case.escalation_level,
        from_leader=earlier_leader.pk if earlier_leader else None,
        from_unit=earlier_unit.pk,
        to_leader=leader.pk,
        to_unit=unit.pk,
    )
    notifications.case_escalated(case, earlier_leader=earlier_leader, stage=stage)
    return True
