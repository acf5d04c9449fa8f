"""The raw counts and times behind the figures, for a scope and a period and the period of
equal length before it.

On PostgreSQL everything comes from one statement that reads the deviations of both
periods once: a materialized CTE built from the ORM's own query (so the scope and period
filters are the same as everywhere else), aggregated with ``GROUPING SETS`` for the
breakdowns and ``percentile_cont`` for the times, with JIT compilation off for it (at this
size compiling costs more than it saves). Elsewhere (SQLite, the embedded default) the
same numbers come from a handful of ORM aggregate queries and ``percentiles()``'s
offset reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection, transaction
from django.db.models import Case as CaseWhen
from django.db.models import (
    CharField,
    Count,
    F,
    Q,
    Value,
    When,
)
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from avvik.models import Deviation, Severity
from cases.models import Case
from orgchart.models import PATH_SEGMENT_WIDTH
from reports.aggregates import SecondsBetween, percentiles
from reports.periods import OSLO, Period
from reports.scopes import Scope

SERIOUS = (Severity.HIGH, Severity.CRITICAL)
SEGMENT = PATH_SEGMENT_WIDTH + 1  # digits and the slash
MEASURES = ("total", "serious", "closed", "overdue", "escalated")
TIMES = ("median", "p90", "previous_median", "previous_p90")


@dataclass
class Counts:
    # "<measure>_current" / "<measure>_previous" for MEASURES and "acknowledged";
    # "receipt_<time>" / "closure_<time>" in seconds for TIMES.
    totals: dict
    by_category: dict[int, tuple[int, int]]
    by_severity: dict[str, tuple[int, int]]
    by_unit: dict[str, tuple[int, int]]
    by_status: dict[str, int]
    by_month: dict[date, int]


def deviations_in(scope: Scope, start: datetime, end: datetime):
    return Deviation.objects.filter(
        scope.unit_condition(), reported_at__gte=start, reported_at__lt=end
    )


def unit_key(scope: Scope):
    """What a deviation counts under in the breakdown by unit: for a single root, the
    path of the root's child it lies under (or the root's own path), else the root's."""
    if len(scope.roots) == 1:
        return Substr("unit__path", 1, len(scope.roots[0].path) + SEGMENT)
    return CaseWhen(
        *[When(unit__path__startswith=r.path, then=Value(r.path)) for r in scope.roots],
        output_field=CharField(),
    )


def count_deviations(
    scope: Scope, period: Period, *, now: datetime, previous: Period | None = None
) -> Counts:
    """``previous`` defaults to the period of equal length just before; a shorter one
    (the first days of it, for a period that is not over) leaves a gap before ``period``
    that is counted in neither."""
    start, end = period.bounds()
    previous_start, previous_end = (previous or period.previous()).bounds()
    deviations = deviations_in(scope, previous_start, end)
    if previous_end < start:
        deviations = deviations.filter(Q(reported_at__gte=start) | Q(reported_at__lt=previous_end))
    if connection.vendor == "postgresql":
        return _single_scan(scope, deviations, start=start, now=now)
    return _portable(scope, deviations, start=start, now=now)


# -- PostgreSQL: one statement ---------------------------------------------------------------


def _single_scan(scope: Scope, deviations, *, start: datetime, now: datetime) -> Counts:
    rows_sql, rows_params = (
        deviations.values(
            "id",
            "reported_at",
            "category_id",
            "severity",
            _status=F("case__status"),
            _closure_due=F("case__closure_due"),
            _closed_at=F("case__closed_at"),
            _escalation=F("case__escalation_level"),
            _unit_key=unit_key(scope),
            _receipt_at=F("case__received_at"),
        )
        .order_by()
        .query.sql_with_params()
    )

    def both(name: str, condition: str) -> str:
        return (
            f"count(*) FILTER (WHERE cur AND {condition}) AS {name}_current, "
            f"count(*) FILTER (WHERE NOT cur AND {condition}) AS {name}_previous"
        )

    def times(name: str, column: str) -> str:
        parts = []
        for time_name, (fraction, when) in {
            "median": (0.5, "cur"),
            "p90": (0.9, "cur"),
            "previous_median": (0.5, "NOT cur"),
            "previous_p90": (0.9, "NOT cur"),
        }.items():
            parts.append(
                f"percentile_cont({fraction}) WITHIN GROUP (ORDER BY {column}) "
                f"FILTER (WHERE {when} AND {column} IS NOT NULL) AS {name}_{time_name}"
            )
        return ", ".join(parts)

    sql = f"""
        WITH base AS MATERIALIZED (
            SELECT
                rows.reported_at >= %s AS cur,
                rows.category_id, rows.severity, rows._status AS status,
                rows._unit_key AS unit_key,
                date_trunc('month', rows.reported_at AT TIME ZONE %s) AS month,
                rows._status = %s AS closed,
                rows._closure_due < %s AS past_due,
                rows._escalation > 0 AS escalated,
                rows.severity IN (%s, %s) AS serious,
                EXTRACT(EPOCH FROM (rows._receipt_at - rows.reported_at)) AS receipt,
                CASE WHEN rows._status = %s
                    THEN EXTRACT(EPOCH FROM (rows._closed_at - rows.reported_at)) END AS closure
            FROM ({rows_sql}) AS rows
        ),
        totals AS (
            SELECT
                {both("total", "TRUE")},
                {both("serious", "serious")},
                {both("closed", "closed")},
                {both("overdue", "NOT closed AND past_due")},
                {both("escalated", "escalated")},
                {both("acknowledged", "receipt IS NOT NULL")},
                {times("receipt", "receipt")},
                {times("closure", "closure")}
            FROM base
        ),
        groups AS (
            SELECT
                GROUPING(category_id) = 0 AS g_category,
                GROUPING(severity) = 0 AS g_severity,
                GROUPING(status) = 0 AS g_status,
                GROUPING(unit_key) = 0 AS g_unit,
                category_id, severity, status, unit_key, month,
                count(*) FILTER (WHERE cur) AS n_current,
                count(*) FILTER (WHERE NOT cur) AS n_previous
            FROM base
            GROUP BY GROUPING SETS ((category_id), (severity), (status), (unit_key), (month))
        )
        SELECT totals.*, groups.* FROM totals LEFT JOIN groups ON TRUE
    """  # noqa: S608 -- only our own fragments; every value is a parameter
    params = [
        start,
        "Europe/Oslo",
        Case.Status.CLOSED,
        now,
        Severity.HIGH,
        Severity.CRITICAL,
        Case.Status.CLOSED,
        *rows_params,
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]

    first = rows[0]
    total_names = [f"{m}_{w}" for m in (*MEASURES, "acknowledged") for w in ("current", "previous")]
    total_names += [f"{kind}_{t}" for kind in ("receipt", "closure") for t in TIMES]
    counts = Counts({name: first[name] for name in total_names}, {}, {}, {}, {}, {})
    for row in rows:
        pair = (row["n_current"], row["n_previous"])
        if row["n_current"] is None:
            continue  # no deviations at all: the LEFT JOIN's empty side
        if row["g_category"]:
            counts.by_category[row["category_id"]] = pair
        elif row["g_severity"]:
            counts.by_severity[row["severity"]] = pair
        elif row["g_status"]:
            counts.by_status[row["status"]] = row["n_current"]
        elif row["g_unit"]:
            counts.by_unit[row["unit_key"]] = pair
        elif row["n_current"]:
            counts.by_month[row["month"].date()] = row["n_current"]
    return counts


# -- everywhere else: a handful of ORM aggregates ---------------------------------------------


def _portable(scope: Scope, deviations, *, start: datetime, now: datetime) -> Counts:
    current = Q(reported_at__gte=start)
    before = Q(reported_at__lt=start)
    closed = Q(case__status=Case.Status.CLOSED)
    measures = {
        "total": Q(),
        "serious": Q(severity__in=SERIOUS),
        "closed": closed,
        "overdue": ~closed & Q(case__closure_due__lt=now),
        "escalated": Q(case__escalation_level__gt=0),
    }
    both = {"current": current, "previous": before}
    totals = deviations.aggregate(
        **{
            f"{name}_{when}": Count("pk", filter=when_q & condition)
            for name, condition in measures.items()
            for when, when_q in both.items()
        }
    )
    requests = {
        "median": (0.5, current),
        "p90": (0.9, current),
        "previous_median": (0.5, before),
        "previous_p90": (0.9, before),
    }
    receipt = percentiles(deviations, SecondsBetween("case__received_at", "reported_at"), requests)
    closure = percentiles(
        deviations.filter(closed, case__closed_at__isnull=False),
        SecondsBetween("case__closed_at", "reported_at"),
        requests,
    )
    totals["acknowledged_current"] = receipt["n_median"]
    totals["acknowledged_previous"] = receipt["n_previous_median"]
    for name in TIMES:
        totals[f"receipt_{name}"] = receipt[name]
        totals[f"closure_{name}"] = closure[name]

    pairs = {
        "current": Count("pk", filter=current),
        "previous": Count("pk", filter=before),
    }

    def grouped(key) -> dict:
        return {
            row["_key"]: (row["current"], row["previous"])
            for row in deviations.values(_key=key).annotate(**pairs).order_by()
        }

    months = {}
    for row in (
        deviations.filter(current)
        .values(_month=TruncMonth("reported_at", tzinfo=OSLO))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        months[timezone.localtime(row["_month"], OSLO).date().replace(day=1)] = row["n"]
    return Counts(
        totals,
        by_category=grouped(F("category_id")),
        by_severity=grouped(F("severity")),
        by_unit=grouped(unit_key(scope)),
        by_status={
            row["_key"]: row["n"]
            for row in deviations.filter(current)
            .values(_key=F("case__status"))
            .annotate(n=Count("pk"))
            .order_by()
        },
        by_month=months,
    )
