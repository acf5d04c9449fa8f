"""Which life each demo case leads: most are resolved by the routine, some with the
detours of real life (a slow receipt that the sweep escalated, a forward up the line, a
hold, actions that did not work, a reopening), some are closed as not a deviation or as
a duplicate, and a few are aimed at the state they must be in now (``TARGETS``): the
showcase leader's cases in every state, one of them stale so that the running demo's
worker escalates it within its first minute."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from avvik.models import Severity
from demo.texts import (
    CORRECTIVE_ACTIONS,
    NO_ACTIONS_REASONS,
    SPECIALIST_FOR_CATEGORY,
    STALE_COMMENT,
)
from demo.timeline import (
    CUTOFF,
    EVALUATING,
    IN_PROGRESS,
    REPORTED,
    STALE_BY,
    Snapshot,
    Timeline,
    hours,
)
from orgchart.access import next_leader_up

if TYPE_CHECKING:
    from demo.deviations import _Planned
    from demo.replay import Cast

MINOR = (Severity.LOW, Severity.MEDIUM)


@dataclass
class Course:
    """How one case goes. Most are resolved; the flags add the detours of real life."""

    kind: str = "resolved"  # resolved, not_a_deviation, duplicate, stale
    no_actions: bool = False
    late: bool = False
    forward: bool = False
    hold: bool = False
    not_effective: bool = False
    reopen: bool = False
    assistance: str = ""
    information: bool = False
    original: _Planned | None = field(default=None, repr=False)


def choose_course(planned: _Planned, rng: random.Random, cast: Cast, earlier) -> Course:
    severity = planned.severity
    roll = rng.random()
    if roll < 0.06:
        return Course(kind="not_a_deviation")
    if roll < 0.08:
        original = _original_for(planned, earlier)
        if original is not None:
            return Course(kind="duplicate", original=original)
    specialist = SPECIALIST_FOR_CATEGORY.get(planned.category.code, "")
    no_actions = severity in MINOR and rng.random() < 0.2
    return Course(
        no_actions=no_actions,
        late=severity != Severity.CRITICAL and rng.random() < 0.06,
        forward=rng.random() < (0.05 if severity in MINOR else 0.15),
        hold=not no_actions and rng.random() < 0.06,
        not_effective=not no_actions and rng.random() < 0.08,
        reopen=not no_actions and severity != Severity.CRITICAL and rng.random() < 0.05,
        assistance=specialist
        if specialist in cast.specialists and not no_actions and rng.random() < 0.35
        else "",
        information=rng.random() < 0.1,
    )


def _original_for(planned: _Planned, earlier) -> _Planned | None:
    """A report of the same kind from the same unit in the three weeks before."""
    for other in reversed(earlier):
        if planned.reported_at - other.reported_at > timedelta(days=21):
            return None
        if (
            other.unit.pk == planned.unit.pk
            and other.category.pk == planned.category.pk
            and other.course is not None
            and other.course.kind != "duplicate"
        ):
            return other
    return None


def build(planned: _Planned, course: Course, rng: random.Random, cast: Cast, file) -> Timeline:
    """The plan of one case life, from the report on."""
    tl = Timeline(planned, rng, cast, file)
    if course.kind == "not_a_deviation":
        if rng.random() < 0.6:
            tl.close_as_not_a_deviation(hours(rng, 0.5, 20))
        else:
            tl.acknowledge()
            tl.comment(internal=True)
            tl.close_as_not_a_deviation(hours(rng, 24, 24 * 7))
        return tl
    if course.kind == "duplicate":
        tl.close_as_duplicate(hours(rng, 0.5, 20), course.original)
        return tl
    if course.kind == "stale":
        _stale(tl, cast)
        return tl
    _resolved(tl, course, cast)
    return tl


def _resolved(tl: Timeline, course: Course, cast: Cast) -> None:
    rng = tl.rng
    planned = tl.planned
    tl.acknowledge(late=course.late)
    if rng.random() < 0.3:
        tl.immediate_action()
    if rng.random() < 0.25:
        tl.comment(internal=False)
    if course.information:
        tl.information_from_reporter()
    budget = tl.budget()
    specialist = None
    if course.assistance:
        unit, members = cast.specialists[course.assistance]
        specialist = (unit, rng.choice(members))
        tl.request_assistance(unit)
        if rng.random() < 0.5:
            tl.specialist_comment(specialist[1])
    reps = cast.safety_reps_for(planned.unit)
    if reps and rng.random() < 0.3:
        tl.safety_comment(rng.choice(reps))
    tl.assess_risk(budget * rng.uniform(0, 0.08), low=course.no_actions)
    if course.forward and next_leader_up(planned.unit)[0] is not None:
        tl.forward()
    if course.no_actions:
        # The immediate action already restored the normal state: one corrective action,
        # already done, then its evaluation ("Ved mindre avvik skal man iverksette
        # korrigerende tiltak").
        tl.action_already_done(budget * rng.uniform(0.01, 0.05), rng.choice(NO_ACTIONS_REASONS))
        tl.evaluate(budget * rng.uniform(0.01, 0.04), effective=True)
        tl.close(budget * rng.uniform(0.01, 0.05), has_actions=False)
        return
    started = tl.at
    if course.hold:
        _held(tl, course, specialist)
        return
    span = budget * rng.uniform(0.3, 0.6)
    keys = _add_actions(tl, course, span, specialist)
    _complete_all(tl, keys, started, span, specialist)
    if course.not_effective:
        tl.evaluate(budget * rng.uniform(0.05, 0.12), effective=False)
        again = budget * rng.uniform(0.08, 0.15)
        start = tl.at
        key = _give(tl, rng.choice(CORRECTIVE_ACTIONS["annet"]), _due(start + again, rng))
        _complete_all(tl, [key], start, again, None)
    tl.evaluate(budget * rng.uniform(0.05, 0.18), effective=True)
    tl.close(budget * rng.uniform(0, 0.04))
    if course.reopen:
        tl.reopen(timedelta(days=rng.randint(7, 60)))
        start = tl.at
        again = timedelta(days=rng.uniform(0.5, 2))
        key = _give(tl, rng.choice(CORRECTIVE_ACTIONS["annet"]), _due(start + again, rng))
        _complete_all(tl, [key], start, again, None)
        tl.evaluate(hours(tl.rng, 1, 6), effective=True)
        tl.close(hours(tl.rng, 0.2, 3))


def _held(tl: Timeline, course: Course, specialist) -> None:
    """The actions wait for something outside the unit, so the leader holds the case
    until a date with room to spare; the work, its evaluation and the closing all come
    before the hold ends (a held case is not escalated, whatever its deadline)."""
    rng = tl.rng
    started = tl.at
    hold_at = tl.after(hours(rng, 2, 72))
    until = timezone.localdate(hold_at) + timedelta(days=rng.randint(14, 35))
    last_day = timezone.make_aware(datetime.combine(until - timedelta(days=1), time(12)))
    span = (last_day - started) * 0.7
    keys = _add_actions(tl, course, span, specialist)
    tl.hold(until, max(hold_at, tl.at + timedelta(minutes=5)))
    _complete_all(tl, keys, started, span, specialist)
    room = max(last_day - tl.at, timedelta(hours=4))
    tl.evaluate(room * rng.uniform(0.2, 0.6), effective=True)
    tl.close(hours(rng, 0.2, 4))


def _due(moment: datetime, rng: random.Random) -> date:
    return timezone.localdate(moment) + timedelta(days=rng.randint(0, 4))


def _add_actions(tl: Timeline, course: Course, span: timedelta, specialist) -> list[int]:
    rng = tl.rng
    planned = tl.planned
    texts = []
    if planned.example.suggested_measure:
        texts.append(planned.example.suggested_measure)
    pool = [t for t in CORRECTIVE_ACTIONS.get(planned.category.code, ()) if t not in texts]
    texts += rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2))))
    texts = texts[: rng.choice((1, 2, 2, 3))]
    due = _due(tl.at + span, rng)
    keys = []
    for index, text in enumerate(texts):
        if specialist is not None and index == 0:
            keys.append(tl.add_action(text, due=due, unit=specialist[0]))
        else:
            keys.append(_give(tl, text, due))
    return keys


def _give(tl: Timeline, text: str, due: date) -> int:
    """A corrective action for the reporter, a colleague or the leader."""
    rng = tl.rng
    planned = tl.planned
    roll = rng.random()
    if roll < 0.3:
        return tl.add_action(text, due=due, assignee=tl.cast.remember(planned.reporter))
    others = [p for p in planned.colleagues if p.pk != planned.reporter.pk]
    if roll < 0.65 and others:
        return tl.add_action(text, due=due, assignee=tl.cast.remember(rng.choice(others)))
    return tl.add_action(text, due=due, to_leader=True)


def _complete_all(tl: Timeline, keys: list[int], start: datetime, span: timedelta, specialist):
    rng = tl.rng
    moments = sorted((start + span * rng.uniform(0.3, 1.0), key) for key in keys)
    for moment, key in moments:
        if specialist is not None and key == keys[0]:
            by = specialist[1]
        else:
            by = tl.doer(key)
        tl.complete_action(key, moment, by)


def _stale(tl: Timeline, cast: Cast) -> None:
    """Work started, then stalled: the closure deadline the leader set has just passed,
    so the demo's worker escalates the case within its first minute."""
    rng = tl.rng
    planned = tl.planned
    tl.acknowledge(closure_due=cast.now - STALE_BY)
    tl.assess_risk(hours(rng, 1, 30))
    start = tl.at
    first = tl.add_action(
        planned.example.suggested_measure or CORRECTIVE_ACTIONS["annet"][0],
        due=timezone.localdate(start) + timedelta(days=3),
        assignee=cast.remember(planned.reporter),
    )
    people = [p for p in planned.colleagues if p.pk != planned.reporter.pk] or [planned.reporter]
    tl.add_action(
        CORRECTIVE_ACTIONS.get(planned.category.code, CORRECTIVE_ACTIONS["annet"])[0],
        due=timezone.localdate(start) + timedelta(days=6),
        assignee=cast.remember(people[0]),
    )
    tl.complete_action(first, start + timedelta(days=2), tl.doer(first))
    tl.comment(internal=True, text=STALE_COMMENT, gap=timedelta(days=3))


# -- aiming a case at a state -------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A state a case must be in now, and how far back its report may lie to get there."""

    name: str
    min_age: timedelta
    max_age: timedelta
    course: Course
    accept: Callable[[Snapshot, datetime], bool]


def _calm(state: Snapshot, now: datetime) -> bool:
    """Not due for escalation: the running demo leaves it where it is."""
    held = state.on_hold_until is not None and state.on_hold_until > timezone.localdate(now)
    due = state.next_escalation_at
    return held or due is None or due > now + timedelta(hours=1)


TARGETS = {
    "reported": Target(
        "reported",
        timedelta(minutes=40),
        timedelta(days=2),
        Course(),
        lambda s, now: s.status == REPORTED and _calm(s, now),
    ),
    "in_progress": Target(
        "in_progress",
        timedelta(days=3),
        timedelta(days=30),
        Course(),
        lambda s, now: s.status == IN_PROGRESS and s.open_actions > 0 and _calm(s, now),
    ),
    "evaluating": Target(
        "evaluating",
        timedelta(days=5),
        timedelta(days=45),
        Course(),
        lambda s, now: s.status == EVALUATING and _calm(s, now),
    ),
    "on_hold": Target(
        "on_hold",
        timedelta(days=8),
        timedelta(days=40),
        Course(hold=True),
        lambda s, now: (
            s.status == IN_PROGRESS
            and s.on_hold_until is not None
            and s.on_hold_until > timezone.localdate(now) + timedelta(days=3)
        ),
    ),
    "forwarded": Target(
        "forwarded",
        timedelta(days=4),
        timedelta(days=30),
        Course(forward=True),
        lambda s, now: s.status == IN_PROGRESS and s.forwarded and _calm(s, now),
    ),
    "stale": Target(
        "stale",
        timedelta(days=14),
        timedelta(days=20),
        Course(kind="stale"),
        lambda s, now: s.status == IN_PROGRESS and s.open_actions > 0,
    ),
}


def aim(planned: _Planned, target: Target, cast: Cast, file) -> Timeline:
    """Date the report back so that its planned life is at the target state now."""
    now = cast.now
    delay = planned.reported_at - planned.occurred_at
    for attempt in range(400):
        rng = random.Random(f"{planned.token}-{target.name}-{attempt}")
        age = target.min_age + (target.max_age - target.min_age) * rng.random()
        planned.reported_at = (now - age).replace(second=0, microsecond=0)
        planned.occurred_at = planned.reported_at - delay
        planned.course = target.course
        tl = build(planned, target.course, rng, cast, file)
        if target.accept(tl.state_at(now - CUTOFF), now):
            return tl
    raise RuntimeError(f"No demo plan reaches {target.name!r} for {planned.example.title!r}")
