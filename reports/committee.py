"""What the working environment committee follows beyond the leaders' figures: near
misses, evaluations of the actions, cases that went up the line and why, and a period
that is not over compared fairly. No unit with fewer than ``SMALL_UNIT_MEMBERS`` people is
named: its figures are shown under the nearest unit above it that has that many.

"Arbeidsmiljøutvalget skal rutinemessig informeres om avvik og avviksbehandlingen."
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from avvik.models import Category, Deviation
from cases.models import CaseEvent, EffectEvaluation
from orgchart.models import Membership, OrgUnit, ids_in_path
from reports.periods import Period
from reports.scopes import Scope
from reports.statistics import Figures, Row, Trend

# A unit with fewer people than this is never named in the committee's tables.
SMALL_UNIT_MEMBERS = 5


# -- a period that is not over --------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """The days counted (the whole period, or up to today) and the days compared with."""

    period: Period
    counted: Period
    previous: Period

    @property
    def is_over(self) -> bool:
        return self.counted == self.period


def comparison_for(period: Period, today: date) -> Comparison:
    """A period that has not ended is counted up to today and compared with the same
    number of days from the start of the period before, not the whole of it."""
    previous = period.previous()
    if period.end < today:
        return Comparison(period, period, previous)
    counted = Period(period.start, max(period.start, today))
    days = counted.days - 1
    return Comparison(
        period, counted, Period(previous.start, min(previous.end, previous.start + timedelta(days)))
    )


# -- small units ----------------------------------------------------------------------------


class UnitNames:
    """Which unit a figure may be shown under: a unit itself when its subtree has at least
    ``SMALL_UNIT_MEMBERS`` active people, else the nearest unit above it that has (the
    committee's own unit when none has)."""

    def __init__(self, root: OrgUnit):
        self.root = root
        units = OrgUnit.objects.filter(path__startswith=root.path).values_list("path", "name")
        self.names = dict(units)
        people: dict[str, set[int]] = defaultdict(set)
        memberships = Membership.objects.filter(
            unit__path__startswith=root.path, is_active=True, user__is_active=True
        ).values_list("unit__path", "user_id")
        for path, user_id in memberships:
            # Everyone counts in their unit and in every unit above it up to the root.
            for prefix in self._line(path):
                people[prefix].add(user_id)
        self.headcount = {path: len(ids) for path, ids in people.items()}

    def _line(self, path: str) -> list[str]:
        """The paths from the root down to ``path``."""
        segments = [f"{part}/" for part in path.split("/") if part]
        start = len(ids_in_path(self.root.path))
        return ["".join(segments[:n]) for n in range(start, len(segments) + 1)]

    def is_small(self, path: str) -> bool:
        return self.headcount.get(path, 0) < SMALL_UNIT_MEMBERS

    def shown_as(self, path: str) -> str:
        """The path of the unit whose name the figures of ``path`` are shown under."""
        for prefix in reversed(self._line(path)):
            if not self.is_small(prefix):
                return prefix
        return self.root.path

    def name(self, path: str) -> str:
        return self.names.get(self.shown_as(path), self.root.name)


def fold_unit_rows(rows: list[Row], names: UnitNames) -> list[Row]:
    """The figures by unit with every small unit's counts added to the nearest unit above
    it that may be named."""
    totals: dict[str, list[int]] = {}
    for row in rows:
        target = names.shown_as(row.key)
        counts = totals.setdefault(target, [0, 0])
        counts[0] += row.current
        counts[1] += row.previous or 0
    root = names.root.path
    folded = []
    for path, (current, previous) in totals.items():
        if path == root:
            if not (current or previous):
                continue
            # The note under the tables says what a small unit is.
            label = _("%(unit)s, directly or in small units") % {"unit": names.root.name}
        else:
            label = names.names[path]
        folded.append(Row(path, label, current, previous))
    folded.sort(key=lambda row: (-row.current, -(row.previous or 0), row.label))
    return folded


def fold_figures(figures: Figures, names: UnitNames) -> Figures:
    """The committee's copy of the figures: no small unit named in any table."""
    figures.by_unit = fold_unit_rows(figures.by_unit, names)
    figures.serious_list = [
        replace(item, unit=names.name(item.unit_path)) for item in figures.serious_list
    ]
    return figures


# -- what the committee follows -------------------------------------------------------------


@dataclass(frozen=True)
class MovedUp:
    """Cases of one unit that went up the line in the period, by why."""

    unit: str
    receipt_deadline: int = 0
    closure_deadline: int = 0
    forwarded: int = 0

    @property
    def total(self) -> int:
        return self.receipt_deadline + self.closure_deadline + self.forwarded


@dataclass
class CommitteeFigures:
    near_misses_by_unit: list[Row] = field(default_factory=list)
    near_misses_by_category: list[Row] = field(default_factory=list)
    near_miss_total: Trend = field(default_factory=lambda: Trend(0, 0))
    evaluations_worked: Trend = field(default_factory=lambda: Trend(0, 0))
    evaluations_failed: Trend = field(default_factory=lambda: Trend(0, 0))
    moved_up: list[MovedUp] = field(default_factory=list)

    @property
    def moved_up_total(self) -> MovedUp:
        return MovedUp(
            "",
            sum(row.receipt_deadline for row in self.moved_up),
            sum(row.closure_deadline for row in self.moved_up),
            sum(row.forwarded for row in self.moved_up),
        )


def committee_figures(scope: Scope, comparison: Comparison, names: UnitNames) -> CommitteeFigures:
    start, end = comparison.counted.bounds()
    previous_start, previous_end = comparison.previous.bounds()
    in_scope = scope.unit_condition()
    current = Q(reported_at__gte=start, reported_at__lt=end)
    before = Q(reported_at__gte=previous_start, reported_at__lt=previous_end)
    figures = CommitteeFigures()

    near_misses = Deviation.objects.filter(in_scope, category__is_near_miss=True)
    by_unit: dict[str, list[int]] = {}
    by_category: dict[int, list[int]] = {}
    rows = (
        near_misses.filter(current | before)
        .values("unit__path", "category_id")
        .annotate(now=Count("pk", filter=current), then=Count("pk", filter=before))
        .order_by()
    )
    for row in rows:
        for key, into in ((row["unit__path"], by_unit), (row["category_id"], by_category)):
            counts = into.setdefault(key, [0, 0])
            counts[0] += row["now"]
            counts[1] += row["then"]
    unit_rows = [Row(path, "", now, then) for path, (now, then) in by_unit.items()]
    figures.near_misses_by_unit = fold_unit_rows(unit_rows, names)
    for category in Category.objects.filter(is_near_miss=True).order_by("sort_order", "name_nb"):
        now, then = by_category.get(category.pk, (0, 0))
        figures.near_misses_by_category.append(Row(category.code, category.name, now, then))
    figures.near_miss_total = Trend(
        sum(row.current for row in figures.near_misses_by_category),
        sum(row.previous or 0 for row in figures.near_misses_by_category),
    )

    evaluated_now = Q(evaluated_at__gte=start, evaluated_at__lt=end)
    evaluated_before = Q(evaluated_at__gte=previous_start, evaluated_at__lt=previous_end)
    evaluations = EffectEvaluation.objects.filter(scope.unit_condition("case__deviation__unit__"))
    counts = evaluations.aggregate(
        worked_now=Count("pk", filter=evaluated_now & Q(effective=True)),
        worked_then=Count("pk", filter=evaluated_before & Q(effective=True)),
        failed_now=Count("pk", filter=evaluated_now & Q(effective=False)),
        failed_then=Count("pk", filter=evaluated_before & Q(effective=False)),
    )
    figures.evaluations_worked = Trend(counts["worked_now"], counts["worked_then"])
    figures.evaluations_failed = Trend(counts["failed_now"], counts["failed_then"])

    figures.moved_up = _moved_up(scope, start, end, names)
    return figures


def _moved_up(scope: Scope, start, end, names: UnitNames) -> list[MovedUp]:
    """Escalations (a deadline passed: for receipt when the case had not been received
    yet, else for closure) and forwards up the line (the leader judged it beyond the
    unit's authority), counted by the unit where the deviation happened."""
    events = CaseEvent.objects.filter(
        scope.unit_condition("case__deviation__unit__"),
        kind__in=[CaseEvent.Kind.ESCALATED, CaseEvent.Kind.FORWARDED],
        at__gte=start,
        at__lt=end,
    ).values_list("kind", "at", "case__received_at", "case__deviation__unit__path")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, at, received_at, path in events:
        if kind == CaseEvent.Kind.FORWARDED:
            why = "forwarded"
        elif received_at is None or received_at > at:
            why = "receipt_deadline"
        else:
            why = "closure_deadline"
        counts[names.shown_as(path)][why] += 1
    rows = [
        MovedUp(names.names.get(path, names.root.name), **found) for path, found in counts.items()
    ]
    rows.sort(key=lambda row: (-row.total, row.unit))
    return rows
