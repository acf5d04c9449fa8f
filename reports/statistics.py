"""The figures: counts, times and trends for a scope and a period, all computed by the
database in a fixed number of aggregate queries, whatever the number of deviations.

Every figure counts the deviations *reported* in the period (``reported_at`` from
midnight at the start of its first day to midnight after its last day, Oslo time), in the
units of the scope. The previous period's figures come from the same queries, with
conditional counts over the two periods together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from avvik.models import Category
from avvik.severity_names import severity_choices, severity_name
from cases.models import Case
from orgchart.models import OrgUnit
from reports.periods import OSLO, Period
from reports.queries import SERIOUS, count_deviations, deviations_in
from reports.routine_reviews import RoutineReviewCounts, count_routine_reviews
from reports.scopes import Scope

# The list of serious deviations in a summary stops here; the count above it is complete.
SERIOUS_LIST_LIMIT = 50


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: its key, its label and the counts in both periods."""

    key: str
    label: str
    current: int
    previous: int | None = None
    # A unit's code, for a link one level down.
    code: str = ""

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.current - self.previous


@dataclass(frozen=True)
class Trend:
    current: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def percent(self) -> float | None:
        if self.change is None or not self.previous:
            return None
        return 100.0 * self.change / self.previous


@dataclass(frozen=True)
class SeriousDeviation:
    reference: str
    reported: date
    unit: str
    category: str
    severity: str
    status: str
    summary: str
    # The unit's path, so the committee's summary can fold small units into larger ones.
    unit_path: str = ""


@dataclass
class Figures:
    scope: Scope
    period: Period
    previous_period: Period
    computed_at: datetime
    total: Trend
    serious: Trend
    closed: Trend
    overdue: Trend
    escalated: Trend
    acknowledged: Trend
    receipt_median: Trend
    receipt_p90: Trend
    closure_median: Trend
    closure_p90: Trend
    by_category: list[Row] = field(default_factory=list)
    by_severity: list[Row] = field(default_factory=list)
    by_unit: list[Row] = field(default_factory=list)
    by_status: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)
    serious_list: list[SeriousDeviation] = field(default_factory=list)
    # Reviews of work routines at closing (reports.routine_reviews).
    routine_reviews: RoutineReviewCounts | None = None
    # Set by reports.figure_cache: what names this computation in the cache, and whether
    # newer figures are being computed in the background.
    cache_token: str = ""
    refreshing: bool = False

    @property
    def headline(self) -> list[tuple[str, str, Trend, str]]:
        """(key, label, trend, unit of measure) for the headline table."""
        return [
            ("total", _("Deviations reported"), self.total, "count"),
            ("serious", _("Serious deviations (high or critical)"), self.serious, "count"),
            ("closed", _("Closed"), self.closed, "count"),
            ("overdue", _("Overdue"), self.overdue, "count"),
            ("escalated", _("Escalated"), self.escalated, "count"),
            ("receipt_median", _("Time to receipt, median"), self.receipt_median, "seconds"),
            ("receipt_p90", _("Time to receipt, 90th percentile"), self.receipt_p90, "seconds"),
            ("closure_median", _("Time to closure, median"), self.closure_median, "seconds"),
            ("closure_p90", _("Time to closure, 90th percentile"), self.closure_p90, "seconds"),
        ]


def compute_figures(
    scope: Scope,
    period: Period,
    *,
    now: datetime | None = None,
    serious_list: bool = False,
    previous: Period | None = None,
) -> Figures:
    """Every figure for ``scope`` in ``period`` and the period of equal length before it
    (or ``previous``, when given)."""
    now = now or timezone.now()
    previous = previous or period.previous()
    counts = count_deviations(scope, period, now=now, previous=previous)
    totals = counts.totals

    def trend(name: str) -> Trend:
        return Trend(totals[f"{name}_current"], totals[f"{name}_previous"])

    def seconds(name: str) -> Trend:
        kind, _, which = name.partition("_")
        return Trend(totals[name], totals[f"{kind}_previous_{which}"])

    figures = Figures(
        scope=scope,
        period=period,
        previous_period=previous,
        computed_at=now,
        total=trend("total"),
        serious=trend("serious"),
        closed=trend("closed"),
        overdue=trend("overdue"),
        escalated=trend("escalated"),
        acknowledged=trend("acknowledged"),
        receipt_median=seconds("receipt_median"),
        receipt_p90=seconds("receipt_p90"),
        closure_median=seconds("closure_median"),
        closure_p90=seconds("closure_p90"),
    )
    figures.by_category = _category_rows(counts.by_category)
    figures.by_severity = [
        Row(value, label, *counts.by_severity.get(value, (0, 0)))
        for value, label in severity_choices()
    ]
    figures.by_unit = _unit_rows(scope, counts.by_unit)
    figures.by_status = [
        Row(value, str(label), counts.by_status.get(value, 0))
        for value, label in Case.Status.choices
    ]
    figures.by_month = [
        Row(month.isoformat()[:7], date_format(month, "M Y"), counts.by_month.get(month, 0))
        for month in period.months()
    ]
    figures.routine_reviews = count_routine_reviews(scope, period)
    if serious_list:
        start, end = period.bounds()
        figures.serious_list = _serious_list(
            deviations_in(scope, start, end).filter(severity__in=SERIOUS)
        )
    return figures


def _category_rows(found: dict[int, tuple[int, int]]) -> list[Row]:
    rows = []
    for category in Category.objects.order_by("sort_order", "name_nb"):
        current, previous = found.get(category.pk, (0, 0))
        if category.is_active or current or previous:
            rows.append(Row(category.code, category.name, current, previous))
    return rows


def _unit_rows(scope: Scope, found: dict[str, tuple[int, int]]) -> list[Row]:
    """One line per unit one level down: the children of a single root (each with its
    subtree rolled up, and the root's own deviations on a line of their own), or each
    root when there are several."""
    single = len(scope.roots) == 1
    if single:
        root = scope.roots[0]
        units = OrgUnit.objects.filter(
            Q(parent=root, is_active=True) | Q(path__in=list(found)) | Q(pk=root.pk)
        ).order_by("path")
    else:
        units = scope.roots
    rows = []
    for unit in units:
        current, previous = found.get(unit.path, (0, 0))
        label = unit.name
        if single and unit.pk == scope.roots[0].pk:
            if not (current or previous):
                continue
            label = _("%(unit)s (reported directly in the unit)") % {"unit": unit.name}
        rows.append(Row(unit.path, label, current, previous, code=unit.code))
    rows.sort(key=lambda row: (-row.current, -(row.previous or 0), row.label))
    return rows


def _serious_list(deviations) -> list[SeriousDeviation]:
    fields = [
        "reference",
        "reported_at",
        "unit__name",
        "unit__path",
        "category",
        "severity",
        "case__status",
        # The leader's account written for the committee; never the reporter's own text.
        "case__committee_summary",
    ]
    rows = []
    categories = Category.objects.in_bulk()
    for values in deviations.order_by("reported_at", "pk").values(*fields)[:SERIOUS_LIST_LIMIT]:
        status = values["case__status"]
        rows.append(
            SeriousDeviation(
                reference=values["reference"],
                reported=timezone.localtime(values["reported_at"], OSLO).date(),
                unit=values["unit__name"],
                unit_path=values["unit__path"],
                category=categories[values["category"]].name,
                severity=severity_name(values["severity"]),
                status=str(Case.Status(status).label) if status else "",
                summary=(values["case__committee_summary"] or "").strip(),
            )
        )
    return rows
