"""Stale cases climb the service line by themselves; a leader can hold a case that waits
for something outside the unit.

The sweep claims due cases in batches under row locks that other sweeps skip
(``select_for_update(skip_locked=True)``), and moves each case's ``next_escalation_at``
on in the same transaction as the climb: a second sweep at the same time, or a re-run
after a worker died, finds nothing left to do for those cases. Each batch is written
with a handful of bulk queries, whatever its size, so a sweep over ten thousand stale
cases takes seconds and its memory stays at one batch."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import deadlines, notifications, rules
from cases.models import Case, CaseEvent, CaseReader
from cases.services.handling import lock, record, require_open, require_permission, required_text
from cases.services.legal_notices import next_serious_escalation
from orgchart.models import OrgUnit, ids_in_path
from orgchart.notifications import notify_many

BATCH_SIZE = 500
# The key in _intervals of cases whose serious-injury notices are outstanding.
NOTICES_PENDING = "notices_pending"


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
            reason=reason,
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
    intervals = _intervals(now)
    result = SweepResult()
    while True:
        with transaction.atomic():
            batch = list(
                due_for_escalation(now)
                .select_for_update(of=("self",), skip_locked=True)
                .select_related("deviation__reporter", "responsible_unit", "responsible_leader")
                .order_by("next_escalation_at", "pk")[:batch_size]
            )
            escalated, reminded = _climb(batch, now, intervals)
            result.escalated += escalated
            result.reminded += reminded
        if len(batch) < batch_size:
            return result


def _intervals(now) -> dict:
    """When a case of each severity that climbs now is looked at again."""
    intervals = {}
    for severity in deadlines.DEFAULT_POLICIES:
        policy = deadlines.policy_for(severity)
        intervals[severity] = deadlines.add_working_days(
            now, max(policy.escalation_interval_working_days, 1)
        )
    intervals[NOTICES_PENDING] = next_serious_escalation(now)
    return intervals


def _leaders_above(batch: list[Case]) -> dict[int, list[OrgUnit]]:
    """For each responsible unit in the batch, the units above it that have an active
    leader, nearest first: one query for the whole batch."""
    ancestry = {
        case.responsible_unit_id: ids_in_path(case.responsible_unit.path)[:-1][::-1]
        for case in batch
    }
    wanted = {pk for ids in ancestry.values() for pk in ids}
    led = {
        unit.pk: unit
        for unit in OrgUnit.objects.filter(
            pk__in=wanted, leader__isnull=False, leader__is_active=True
        ).select_related("leader")
    }
    return {unit_id: [led[pk] for pk in ids if pk in led] for unit_id, ids in ancestry.items()}


def _climb(batch: list[Case], now, intervals: dict) -> tuple[int, int]:
    """The locked batch: hand each case to the next leader up, or at the top of the line
    remind the leader who has it. Writes in bulk; returns (escalated, reminded)."""
    above = _leaders_above(batch)
    climbed, readers, events, notices = [], [], [], []
    reminded = 0
    for case in batch:
        stage = "receipt" if case.status == Case.Status.REPORTED else "closure"
        case.next_escalation_at = intervals[case.deviation.severity]
        if case.notices_pending:
            # A serious injury whose notices are not recorded: hours, not days.
            stage = _("the notices to the authorities")
            case.next_escalation_at = intervals[NOTICES_PENDING]
        holder = next(
            (
                u
                for u in above[case.responsible_unit_id]
                if u.leader_id != case.responsible_leader_id
            ),
            None,
        )
        if holder is None:
            reminded += 1
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.REMINDED,
                    at=now,
                    data={"stage": stage},
                )
            )
            notices.append(notifications.top_of_line_notice(case, now=now))
            continue
        earlier_leader, earlier_unit = case.responsible_leader, case.responsible_unit
        if earlier_leader is not None:
            readers.append(CaseReader(case=case, user=earlier_leader))
        case.responsible_leader, case.responsible_unit = holder.leader, holder
        case.escalation_level += 1
        case.arrived_via = Case.ArrivedVia.ESCALATED
        climbed.append(case)
        events.append(
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.ESCALATED,
                at=now,
                data={
                    "stage": stage,
                    "level": case.escalation_level,
                    "from_leader": earlier_leader.pk if earlier_leader else None,
                    "from_unit": earlier_unit.pk,
                    "to_leader": holder.leader_id,
                    "to_unit": holder.pk,
                },
            )
        )
        notices += notifications.escalation_notices(
            case, earlier_leader=earlier_leader, stage=stage
        )
    _save_climbs(batch, climbed)
    CaseReader.objects.bulk_create(readers, ignore_conflicts=True)
    CaseEvent.objects.bulk_create(events)
    notify_many(notices)
    return len(climbed), reminded


def _save_climbs(batch: list[Case], climbed: list[Case]) -> None:
    """A few grouped UPDATEs instead of one per case: the new deadline by severity, the
    new holder by unit (cases of a batch climb to far fewer units than there are cases)."""
    by_deadline, by_holder = defaultdict(list), defaultdict(list)
    for case in batch:
        by_deadline[case.next_escalation_at].append(case.pk)
    for case in climbed:
        by_holder[(case.responsible_unit_id, case.responsible_leader_id)].append(case.pk)
    for deadline, ids in by_deadline.items():
        Case.objects.filter(pk__in=ids).update(next_escalation_at=deadline)
    for (unit_id, leader_id), ids in by_holder.items():
        Case.objects.filter(pk__in=ids).update(
            responsible_unit_id=unit_id,
            responsible_leader_id=leader_id,
            escalation_level=F("escalation_level") + 1,
            arrived_via=Case.ArrivedVia.ESCALATED,
        )
