"""The vocabulary of a demo case's life.

A ``Timeline`` is the plan of one case: each of its methods adds one step, a call to a
service in cases.services at a planned moment, made by whoever would make it then.
demo.replay runs the steps while time-machine holds the clock at each moment, so
every row a service writes (timeline events, actions, risk assessments, evaluations)
carries that moment, and every rule the services check (no closure deadline in the past,
a risk assessment after the deviation, …) is checked against it. Nothing is updated
afterwards: the timeline stays append-only.

A plan is made for a whole case life; whatever would happen after now is left out, so old
cases end closed, younger ones stop in progress or evaluating, and the newest wait for
their leader. Which lives the cases lead is decided in demo.courses.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone

from avvik.models import Severity
from cases import deadlines, services
from cases.legal_records import AuthorityNotice
from cases.models import Action, Case
from cases.services import legal_notices
from demo.texts import (
    DONE_NOTES,
    DUPLICATE_REASON,
    FORWARD_REASONS,
    HOLD_REASONS,
    IMMEDIATE_ACTIONS,
    INTERNAL_COMMENTS,
    NOT_A_DEVIATION_REASONS,
    NOT_EFFECTIVE_NOTES,
    REOPEN_REASONS,
    REPORTER_COMMENTS,
    REPORTER_INFORMATION,
    SAFETY_COMMENTS,
    SPECIALIST_COMMENTS,
    SPECIALIST_REQUESTS,
    closing_summary,
    routine_review,
)

if TYPE_CHECKING:
    from demo.deviations import _Planned
    from demo.replay import Cast

REPORTED = Case.Status.REPORTED
IN_PROGRESS = Case.Status.IN_PROGRESS
EVALUATING = Case.Status.EVALUATING
CLOSED = Case.Status.CLOSED

# Steps planned for the last minutes before now are left out, so no event is dated in the
# future however long the seed takes.
CUTOFF = timedelta(minutes=2)
# The planted stale case's closure deadline: past, but later than the last sweep
# (SWEEP_LEAD before now), so the demo's own worker is the one that escalates it.
STALE_BY = timedelta(minutes=3)
SWEEP_LEAD = timedelta(minutes=10)
SWEEP_TIME = time(7, 0)


@dataclass
class Step:
    at: datetime
    what: str
    run: Callable[[], object]
    # The case as the plan expects it after this step, to aim a case at a state.
    state: Snapshot


@dataclass(frozen=True)
class Snapshot:
    status: str = REPORTED
    next_escalation_at: datetime | None = None
    on_hold_until: date | None = None
    open_actions: int = 0
    forwarded: bool = False


# -- time ---------------------------------------------------------------------------------


def office_hours(moment: datetime, rng: random.Random) -> datetime:
    """The moment itself if it falls in a working day between 8 and 15:30, else a time
    on the next working morning or midday: leaders handle cases at work."""
    local = timezone.localtime(moment)
    day = local.date()
    if deadlines.is_working_day(day) and time(8) <= local.time() < time(15, 30):
        return moment
    if not (deadlines.is_working_day(day) and local.time() < time(8)):
        day += timedelta(days=1)
        while not deadlines.is_working_day(day):
            day += timedelta(days=1)
    start = timezone.make_aware(datetime.combine(day, time(8)))
    return start + timedelta(minutes=rng.randint(0, 300))


def hours(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


# -- one case's plan ----------------------------------------------------------------------


class Timeline:
    """The planned life of one case, built step by step in order of time. Each method
    adds one service call and moves the plan's clock on."""

    def __init__(self, planned: _Planned, rng: random.Random, cast: Cast, file: Callable):
        self.planned = planned
        self.rng = rng
        self.cast = cast
        self.steps: list[Step] = []
        self.actions: dict[int, Action] = {}
        self.at = planned.reported_at
        policy = cast.policy(planned.severity)
        self.interval = max(policy.escalation_interval_working_days, 1)
        self.receipt_due = deadlines.add_working_days(
            planned.reported_at, policy.receipt_working_days
        )
        self.closure_due = deadlines.add_calendar_days(planned.reported_at, policy.closure_days)
        self.state = Snapshot(next_escalation_at=self.receipt_due)
        self._open: list[int] = []
        self._action_count = 0

        def file_it():
            planned.case = file(planned)

        self.add_step("file", planned.reported_at, file_it)

    # The case and its people, looked up when the step runs.

    @property
    def case(self) -> Case:
        return self.planned.case

    def leader(self):
        return self.cast.leader_of(self.case)

    def add_step(self, what: str, at: datetime, run: Callable, **state) -> None:
        """One step at ``at`` (or just after the previous one), and what it changes."""
        if self.steps and at <= self.steps[-1].at:
            at = self.steps[-1].at + timedelta(minutes=1)
        self.at = at
        self.state = replace(self.state, **state)
        self.steps.append(Step(at, what, run, self.state))

    def after(self, delay: timedelta, *, office: bool = True) -> datetime:
        """``delay`` after the last step, moved into office hours unless ``office`` is off."""
        at = self.at + delay
        return office_hours(at, self.rng) if office else at

    def budget(self) -> timedelta:
        """What is left until the closure deadline, less a margin, to spread the rest of
        the handling over."""
        return max((self.closure_due - self.at) * 0.8, timedelta(days=1))

    def state_at(self, moment: datetime) -> Snapshot:
        state = Snapshot(next_escalation_at=self.receipt_due)
        for step in self.steps:
            if step.at >= moment:
                break
            state = step.state
        return state

    # The steps.

    def acknowledge(self, *, late: bool = False, closure_due: datetime | None = None) -> None:
        if late:
            # The leader was away: the receipt deadline passed and the next morning's
            # sweep sent the case up the line, where it was picked up.
            at = office_hours(self.receipt_due + hours(self.rng, 20, 30), self.rng)
        else:
            at = self.after(hours(self.rng, 0.3, 20))
            if at >= self.receipt_due - timedelta(minutes=10):
                at = max(
                    self.at + timedelta(minutes=5),
                    self.receipt_due - hours(self.rng, 1, 2),
                )
        if closure_due is not None:
            self.closure_due = closure_due

        def run():
            services.acknowledge(self.case, by=self.leader(), closure_due=closure_due)

        self.add_step(
            "acknowledge", at, run, status=IN_PROGRESS, next_escalation_at=self.closure_due
        )

    def immediate_action(self) -> None:
        code = self.planned.category.code
        text = self.rng.choice(IMMEDIATE_ACTIONS.get(code, IMMEDIATE_ACTIONS["annet"]))
        self.add_step(
            "immediate action",
            self.after(timedelta(minutes=self.rng.randint(5, 40)), office=False),
            lambda: services.record_immediate_action(self.case, by=self.leader(), description=text),
        )

    def comment(self, *, internal: bool, text: str = "", gap: timedelta | None = None) -> None:
        text = text or self.rng.choice(INTERNAL_COMMENTS if internal else REPORTER_COMMENTS)
        self.add_step(
            "comment",
            self.after(hours(self.rng, 0.1, 30) if gap is None else gap),
            lambda: services.comment(
                self.case, by=self.leader(), text=text, visible_to_reporter=not internal
            ),
        )

    def safety_comment(self, rep) -> None:
        text = self.rng.choice(SAFETY_COMMENTS)
        self.add_step(
            "safety representative's comment",
            self.after(hours(self.rng, 2, 48)),
            lambda: services.comment(self.case, by=rep, text=text),
        )

    def information_from_reporter(self) -> None:
        text = self.rng.choice(REPORTER_INFORMATION)
        reporter = self.planned.reporter
        self.add_step(
            "information from the reporter",
            self.after(hours(self.rng, 3, 72), office=False),
            lambda: services.add_information(self.case, by=reporter, text=text),
        )

    def request_assistance(self, unit) -> None:
        text = self.rng.choice(SPECIALIST_REQUESTS)
        self.add_step(
            "request assistance",
            self.after(hours(self.rng, 0.5, 24)),
            lambda: services.request_assistance(
                self.case, by=self.leader(), specialist_unit=unit, message=text
            ),
        )

    def specialist_comment(self, member) -> None:
        text = self.rng.choice(SPECIALIST_COMMENTS)
        self.add_step(
            "specialist's comment",
            self.after(hours(self.rng, 2, 48)),
            lambda: services.comment(self.case, by=member, text=text),
        )

    def assess_risk(self, gap: timedelta, *, low: bool = False) -> None:
        """``low``: the leader finds the risk low (and will close without actions)."""
        values = risk_values(self.planned.severity, self.rng, low=low)
        self.add_step(
            "assess risk",
            self.after(gap),
            lambda: services.assess_risk(self.case, by=self.leader(), **values),
        )

    def forward(self) -> None:
        text = self.rng.choice(FORWARD_REASONS)
        at = self.after(hours(self.rng, 1, 48))
        fresh = deadlines.add_working_days(at, self.interval)
        current = self.state.next_escalation_at or fresh
        self.add_step(
            "forward",
            at,
            lambda: _unless_at_top(
                lambda: services.forward_up_the_line(self.case, by=self.leader(), reason=text),
                self.cast,
            ),
            forwarded=True,
            next_escalation_at=max(current, fresh),
        )

    def add_action(
        self, text: str, *, due: date, assignee=None, unit=None, to_leader: bool = False
    ) -> int:
        """A corrective action for a person, a specialist unit, or (``to_leader``) the
        leader who has the case when the step runs."""
        key = self._action_count
        self._action_count += 1

        def run():
            by = self.leader()
            self.actions[key] = services.add_corrective_action(
                self.case,
                by=by,
                description=text,
                due_date=due,
                assignee=by if to_leader else assignee,
                specialist_unit=unit,
            )

        self._open.append(key)
        status = IN_PROGRESS if self.state.status == EVALUATING else self.state.status
        self.add_step(
            "add action",
            self.after(timedelta(minutes=self.rng.randint(3, 90))),
            run,
            status=status,
            open_actions=len(self._open),
        )
        return key

    def doer(self, key: int) -> Callable:
        """The person an action was given to, read when the step runs."""

        def who():
            action = self.actions[key]
            return self.cast.person(action.assignee_id) if action.assignee_id else self.leader()

        return who

    def complete_action(self, key: int, at: datetime, by) -> None:
        note = self.rng.choice(DONE_NOTES)
        self._open.remove(key)
        status = self.state.status
        if status == IN_PROGRESS and not self._open:
            status = EVALUATING

        def run():
            person = by() if callable(by) else by
            services.complete_action(self.actions[key], by=person, note=note)

        # Not minutes after the action was given or the last one done.
        at = office_hours(max(at, self.at + hours(self.rng, 1, 6)), self.rng)
        self.add_step(
            "complete action",
            at,
            run,
            status=status,
            open_actions=len(self._open),
        )

    def hold(self, until: date, at: datetime) -> None:
        text = self.rng.choice(HOLD_REASONS)
        self.add_step(
            "put on hold",
            at,
            lambda: services.put_on_hold(self.case, by=self.leader(), until=until, reason=text),
            on_hold_until=until,
        )

    def evaluate(self, gap: timedelta, *, effective: bool) -> None:
        note = "" if effective else self.rng.choice(NOT_EFFECTIVE_NOTES)
        self.add_step(
            "evaluate effect",
            self.after(gap),
            lambda: services.evaluate_effect(
                self.case, by=self.leader(), effective=effective, note=note
            ),
            status=EVALUATING if effective else IN_PROGRESS,
        )

    def action_already_done(self, gap: timedelta, text: str) -> None:
        """The immediate action already restored the normal state: recorded in one step
        as a corrective action already done."""
        self.add_step(
            "corrective action already done",
            self.after(gap),
            lambda: services.record_action_already_done(
                self.case, by=self.leader(), description=text
            ),
            status=EVALUATING,
        )

    def close(self, gap: timedelta, *, has_actions: bool = True) -> None:
        summary = closing_summary(self.planned, self.rng, has_actions=has_actions)
        review = routine_review(self.rng)

        def run():
            # An injury that may be an occupational one was reported to NAV first.
            for recipient in legal_notices.duties_for(self.case).outstanding:
                legal_notices.record_notice(
                    self.case,
                    by=self.leader(),
                    recipient=recipient,
                    notified_at=timezone.now(),
                    means=AuthorityNotice.Means.ONLINE_FORM,
                )
            services.close_case(self.case, by=self.leader(), summary=summary, routine_review=review)

        self.add_step(
            "close",
            self.after(gap),
            run,
            status=CLOSED,
            next_escalation_at=None,
            on_hold_until=None,
        )

    def close_as_not_a_deviation(self, gap: timedelta) -> None:
        text = self.rng.choice(NOT_A_DEVIATION_REASONS)
        self.add_step(
            "close as not a deviation",
            self.after(gap),
            lambda: services.close_as_not_a_deviation(self.case, by=self.leader(), reason=text),
            status=CLOSED,
            next_escalation_at=None,
        )

    def close_as_duplicate(self, gap: timedelta, original: _Planned) -> None:
        text = DUPLICATE_REASON

        def run():
            services.close_as_duplicate(
                self.case, by=self.leader(), duplicate_of=original.case, reason=text
            )

        self.add_step(
            "close as duplicate", self.after(gap), run, status=CLOSED, next_escalation_at=None
        )

    def reopen(self, gap: timedelta) -> None:
        text = self.rng.choice(REOPEN_REASONS)
        at = self.after(gap)
        fresh = deadlines.add_working_days(at, self.interval)
        self.add_step(
            "reopen",
            at,
            lambda: services.reopen(self.case, by=self.leader(), reason=text),
            status=IN_PROGRESS,
            next_escalation_at=max(self.closure_due, fresh),
        )


def _unless_at_top(forward: Callable, cast: Cast) -> None:
    """A case the sweep has already taken to the top of the line cannot be forwarded."""
    try:
        forward()
    except ValidationError as error:
        if getattr(error, "code", None) != "at_top":
            raise
    cast.forget_leaders()


def risk_values(severity: str, rng: random.Random, *, low: bool = False) -> dict[str, int]:
    if low:
        probability, consequence = rng.randint(1, 2), rng.randint(1, 2)
        return {
            "probability": probability,
            "consequence": consequence,
            "probability_after": 1,
            "consequence_after": consequence,
        }
    consequence = {
        Severity.LOW: (1, 2),
        Severity.MEDIUM: (2, 3),
        Severity.HIGH: (3, 4),
        Severity.CRITICAL: (4, 5),
    }[severity]
    probability = rng.randint(2, 4)
    consequence = rng.randint(*consequence)
    return {
        "probability": probability,
        "consequence": consequence,
        "probability_after": max(1, probability - rng.randint(1, 2)),
        "consequence_after": max(1, consequence - rng.randint(0, 1)),
    }
