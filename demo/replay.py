"""Who takes part in the demo's history, and the clock it is replayed under.

``replay`` runs the planned steps of all cases (demo.timeline) in one order of time,
each while time-machine holds the clock at its moment, so that every row a service writes
carries that moment; the escalation sweep runs among them at seven each morning, as the
worker would have, so a case whose leader was slow climbs the service line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import time_machine
from django.utils import timezone

from cases import deadlines, rules, services
from cases.models import Case
from cases.services.escalation import due_for_escalation
from demo.timeline import CUTOFF, SWEEP_LEAD, SWEEP_TIME, Timeline
from orgchart.access import HMS_ADMIN_GROUP, access_for
from orgchart.models import OrgUnit, SafetyRepresentative, User

# -- the people and places a plan draws on ------------------------------------------------


class Cast:
    """The organisation as the plans need it, read once."""

    def __init__(self, now: datetime):
        self.now = now
        self._policies: dict[str, object] = {}
        self._people: dict[int, User] = {}
        self._leaders: dict[int, int] = {}
        self.specialists = {}
        for unit in OrgUnit.objects.active().filter(is_specialist_unit=True):
            members = list(rules.specialist_unit_members(unit).order_by("employee_id"))
            if members:
                self.specialists[unit.code] = (unit, members)
        self.safety_reps = [
            self.remember(rep.user)
            for rep in SafetyRepresentative.objects.filter(
                is_active=True, user__is_active=True
            ).select_related("user")
        ]

    def policy(self, severity: str):
        if severity not in self._policies:
            self._policies[severity] = deadlines.policy_for(severity)
        return self._policies[severity]

    def remember(self, user):
        """One object per person, so that each one's access is read only once."""
        return self._people.setdefault(user.pk, user)

    def person(self, pk: int):
        if pk not in self._people:
            self._people[pk] = User.objects.get(pk=pk)
        return self._people[pk]

    def leader_of(self, case: Case):
        """Whoever has the case now: its leader may have changed since the plan was made
        (forwarded, or escalated by the sweep; both call ``forget_leaders``)."""
        if case.pk not in self._leaders:
            pk = Case.objects.values_list("responsible_leader_id", flat=True).get(pk=case.pk)
            if pk is None:  # no leader anywhere above: the HMS administrators handle it
                pk = User.objects.filter(groups__name=HMS_ADMIN_GROUP).values_list("pk", flat=True)[
                    0
                ]
            self._leaders[case.pk] = pk
        return self.person(self._leaders[case.pk])

    def forget_leaders(self) -> None:
        self._leaders.clear()

    def sweep(self) -> None:
        """The escalation sweep as the worker runs it, when anything is due."""
        if due_for_escalation().exists():
            if services.escalate_stale_cases().escalated:
                self.forget_leaders()

    def safety_reps_for(self, unit) -> list:
        return [
            rep for rep in self.safety_reps if access_for(rep).covers_as_safety_representative(unit)
        ]


def sweep_moments(start: datetime, now: datetime) -> list[datetime]:
    """Seven each morning from the first report on, and once more shortly before now."""
    last = now - SWEEP_LEAD
    day = timezone.localtime(start).date()
    moments = []
    while True:
        moment = timezone.make_aware(datetime.combine(day, SWEEP_TIME))
        if moment >= last:
            break
        if moment > start:
            moments.append(moment)
        day += timedelta(days=1)
    moments.append(last)
    return moments


# -- running the plans --------------------------------------------------------------------


def replay(timelines: list[Timeline], cast: Cast) -> None:
    """Every planned step before now, in order of time, each at its own moment; the
    escalation sweep among them."""
    if not timelines:
        return
    now = cast.now
    cutoff = now - CUTOFF
    queue: list[tuple[datetime, int, int, int, str, Callable]] = []
    for number, tl in enumerate(timelines):
        for index, step in enumerate(tl.steps):
            if step.at >= cutoff:
                break
            what = f"{step.what} on {tl.planned.example.title!r}"
            queue.append((step.at, 1, number, index, what, step.run))
    first = min(tl.planned.reported_at for tl in timelines)
    for moment in sweep_moments(first, now):
        queue.append((moment, 0, -1, 0, "escalation sweep", cast.sweep))
    queue.sort(key=lambda entry: entry[:4])
    for moment, _order, _number, _index, what, run in queue:
        try:
            with time_machine.travel(moment, tick=False):
                run()
        except Exception as error:
            error.add_note(f"Demo history: {what} at {timezone.localtime(moment)}")
            raise
