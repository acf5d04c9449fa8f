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

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from avvik.models import Category, Deviation, Severity
from cases.models import Case, CaseEvent
from orgchart.models import PATH_SEGMENT_WIDTH, OrgUnit
from reports.aggregates import SecondsBetween, percentiles
from reports.periods import OSLO, Period
from reports.scopes import Scope

SERIOUS = (Severity.HIGH, Severity.CRITICAL)
# The list of serious deviations in a summary stops here; the count above it is complete.
SERIOUS_LIST_LIMIT = 50
SEGMENT = PATH_SEGMENT_WIDTH + 1  # digits and the slash


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


def deviations_in(scope: Scope, start: datetime, end: datetime):
    return Deviation.objects.filter(
        scope.unit_condition(), reported_at__gte=start, reported_at__lt=end
    )


def first_acknowledged_at():
    """When the case of the outer deviation was first acknowledged (its receipt)."""
    return Subquery(
        CaseEvent.objects.filter(case_id=OuterRef("case__pk"), kind=CaseEvent.Kind.ACKNOWLEDGED)
        .order_by("at")
        .values("at")[:1]
    )


def compute_figures(
    scope: Scope,
    period: Period,
    *,
    now: datetime | None = None,
    serious_list: bool = False,
) -> Figures:
    """Every figure for ``scope`` in ``period`` and the period of equal length before it."""
    now = now or timezone.now()
    previous = period.previous()
    start, end = period.bounds()
    previous_start, _previous_end = previous.bounds()
    both = deviations_in(scope, previous_start, end)
    current = Q(reported_at__gte=start)
    before = Q(reported_at__lt=start)
    not_closed = ~Q(case__status=Case.Status.CLOSED)

    def both_periods(condition: Q | None = None) -> dict:
        condition = condition or Q()
        return {
            "current": Count("pk", filter=current & condition),
            "previous": Count("pk", filter=before & condition),
        }

    measures = {
        "total": Q(),
        "serious": Q(severity__in=SERIOUS),
        "closed": Q(case__status=Case.Status.CLOSED),
        "overdue": not_closed & Q(case__closure_due__lt=now),
        "escalated": Q(case__escalation_level__gt=0),
    }
    totals = both.aggregate(
        **{
            f"{name}_{when}": aggregate
            for name, condition in measures.items()
            for when, aggregate in both_periods(condition).items()
        }
    )

    receipt = SecondsBetween(first_acknowledged_at(), "reported_at")
    closure_seconds = percentiles(
        both.filter(case__status=Case.Status.CLOSED, case__closed_at__isnull=False),
        SecondsBetween("case__closed_at", "reported_at"),
        {
            "median": (0.5, current),
            "p90": (0.9, current),
            "previous_median": (0.5, before),
            "previous_p90": (0.9, before),
        },
    )
    receipt_seconds = percentiles(
        both,
        receipt,
        {
            "median": (0.5, current),
            "p90": (0.9, current),
            "previous_median": (0.5, before),
            "previous_p90": (0.9, before),
        },
    )

    def trend(name: str) -> Trend:
        return Trend(totals[f"{name}_current"], totals[f"{name}_previous"])

    def seconds(values: dict, name: str) -> Trend:
        return Trend(values[name], values[f"previous_{name}"])

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
        acknowledged=Trend(receipt_seconds["n_median"], receipt_seconds["n_previous_median"]),
        receipt_median=seconds(receipt_seconds, "median"),
        receipt_p90=seconds(receipt_seconds, "p90"),
        closure_median=seconds(closure_seconds, "median"),
        closure_p90=seconds(closure_seconds, "p90"),
    )
    figures.by_category = _by_category(both, both_periods())
    figures.by_severity = _by_severity(both, both_periods())
    figures.by_unit = _by_unit(scope, both, current, before)
    figures.by_status = _by_status(both.filter(current))
    figures.by_month = _by_month(both.filter(current), period)
    if serious_list:
        figures.serious_list = _serious_list(both.filter(current, severity__in=SERIOUS))
    return figures


def _by_category(deviations, counts: dict) -> list[Row]:
    found = {row["category_id"]: row for row in deviations.values("category_id").annotate(**counts)}
    rows = []
    for category in Category.objects.order_by("sort_order", "name"):
        row = found.get(category.pk, {"current": 0, "previous": 0})
        if category.is_active or row["current"] or row["previous"]:
            rows.append(Row(category.code, category.name, row["current"], row["previous"]))
    return rows


def _by_severity(deviations, counts: dict) -> list[Row]:
    found = {row["severity"]: row for row in deviations.values("severity").annotate(**counts)}
    return [
        Row(
            value,
            str(label),
            found.get(value, {}).get("current", 0),
            found.get(value, {}).get("previous", 0),
        )
        for value, label in Severity.choices
    ]


def _by_status(deviations) -> list[Row]:
    found = {
        row["case__status"]: row["n"]
        for row in deviations.values("case__status").annotate(n=Count("pk"))
    }
    return [Row(value, str(label), found.get(value, 0)) for value, label in Case.Status.choices]


def _by_month(deviations, period: Period) -> list[Row]:
    found = {}
    for month, n in (
        deviations.annotate(month=TruncMonth("reported_at", tzinfo=OSLO))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    ):
        found[timezone.localtime(month, OSLO).date().replace(day=1)] = n
    return [
        Row(month.isoformat()[:7], date_format(month, "M Y"), found.get(month, 0))
        for month in period.months()
    ]


def _by_unit(scope: Scope, deviations, current: Q, before: Q) -> list[Row]:
    """Counts per unit one level down: the children of a single root (each with its own
    subtree rolled up, and the root's own deviations on a line of their own), or each
    root when there are several."""
    if len(scope.roots) == 1:
        root = scope.roots[0]
        key = Substr("unit__path", 1, len(root.path) + SEGMENT)
        grouped = (
            deviations.annotate(_unit_key=key)
            .values("_unit_key")
            .annotate(current=Count("pk", filter=current), previous=Count("pk", filter=before))
        )
        found = {row["_unit_key"]: row for row in grouped}
        units = OrgUnit.objects.filter(
            Q(parent=root, is_active=True) | Q(path__in=list(found)) | Q(pk=root.pk)
        ).order_by("path")
    else:
        grouped = deviations.aggregate(
            **{
                f"{index}_{when}": Count("pk", filter=Q(unit__path__startswith=root.path) & when_q)
                for index, root in enumerate(scope.roots)
                for when, when_q in (("current", current), ("previous", before))
            }
        )
        found = {
            root.path: {
                "current": grouped[f"{index}_current"],
                "previous": grouped[f"{index}_previous"],
            }
            for index, root in enumerate(scope.roots)
        }
        units = scope.roots
    rows = []
    for unit in units:
        row = found.get(unit.path, {"current": 0, "previous": 0})
        label = unit.name
        if len(scope.roots) == 1 and unit.pk == scope.roots[0].pk:
            if not (row["current"] or row["previous"]):
                continue
            label = _("%(unit)s (reported directly in the unit)") % {"unit": unit.name}
        rows.append(Row(unit.path, label, row["current"], row["previous"], code=unit.code))
    rows.sort(key=lambda row: (-row.current, -(row.previous or 0), row.label))
    return rows


def _serious_list(deviations) -> list[SeriousDeviation]:
    fields = [
        "reference",
        "reported_at",
        "unit__name",
        "category__name",
        "severity",
        "case__status",
    ]
    summary = _committee_summary_field()
    if summary:
        fields.append(summary)
    rows = []
    for values in deviations.order_by("reported_at", "pk").values(*fields)[:SERIOUS_LIST_LIMIT]:
        status = values["case__status"]
        rows.append(
            SeriousDeviation(
                reference=values["reference"],
                reported=timezone.localtime(values["reported_at"], OSLO).date(),
                unit=values["unit__name"],
                category=values["category__name"],
                severity=str(Severity(values["severity"]).label),
                status=str(Case.Status(status).label) if status else "",
                summary=(values.get(summary) or "").strip() if summary else "",
            )
        )
    return rows


def _committee_summary_field() -> str | None:
    """The leader's summary written for the committee, once cases have such a field
    (``Case.committee_summary``); never the reporter's own text."""
    try:
        Case._meta.get_field("committee_summary")
    except FieldDoesNotExist:
        return None
    return "case__committee_summary"
