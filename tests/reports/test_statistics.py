"""The figures against plain Python counts of the same rows, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, timedelta

import pytest

from avvik.models import Severity
from cases.models import Case, CaseEvent
from reports.aggregates import percentile_of_sorted
from reports.periods import Period, calendar_period
from reports.scopes import Scope
from reports.statistics import compute_figures
from tests.reports.seeding import make_case, oslo

Q1 = calendar_period("quarter", 2026, 1)


def _in(period: Period, case: Case) -> bool:
    start, end = period.bounds()
    return start <= case.deviation.reported_at < end


def _under(unit, case: Case) -> bool:
    return case.deviation.unit.path.startswith(unit.path)


def _seconds(end, start) -> float:
    # In UTC: Python subtracts two times with the same tzinfo by the clock on the wall,
    # an hour off across a daylight-saving change.
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds()


def _receipt_seconds(case: Case) -> float | None:
    first = case.events.filter(kind=CaseEvent.Kind.ACKNOWLEDGED).order_by("at").first()
    return _seconds(first.at, case.deviation.reported_at) if first else None


def test_counts_equal_plain_counts_of_the_rows(org, seeded):
    scope = Scope(roots=(org.sector,))
    figures = compute_figures(scope, Q1, now=seeded.now)

    mine = [c for c in seeded.cases if _under(org.sector, c)]
    current = [c for c in mine if _in(Q1, c)]
    previous = [c for c in mine if _in(Q1.previous(), c)]
    assert figures.total.current == len(current) > 0
    assert figures.total.previous == len(previous) > 0
    assert figures.serious.current == sum(
        c.deviation.severity in (Severity.HIGH, Severity.CRITICAL) for c in current
    )
    assert figures.closed.current == sum(c.status == Case.Status.CLOSED for c in current)
    assert figures.escalated.current == sum(c.escalation_level > 0 for c in current)
    assert figures.overdue.current == sum(
        c.status != Case.Status.CLOSED and c.closure_due < seeded.now for c in current
    )
    by_category = Counter(c.deviation.category.code for c in current)
    assert {r.key: r.current for r in figures.by_category if r.current} == dict(by_category)
    assert {r.key: r.previous for r in figures.by_category if r.previous} == dict(
        Counter(c.deviation.category.code for c in previous)
    )
    assert {r.key: r.current for r in figures.by_severity if r.current} == dict(
        Counter(c.deviation.severity for c in current)
    )
    assert {r.key: r.current for r in figures.by_status if r.current} == dict(
        Counter(c.status for c in current)
    )
    months = Counter(
        c.deviation.reported_at.astimezone(oslo(2026, 1, 1).tzinfo).month for c in current
    )
    assert [r.current for r in figures.by_month] == [months[1], months[2], months[3]]


def test_units_are_rolled_up_to_the_level_under_the_chosen_one(org, seeded):
    figures = compute_figures(Scope(roots=(org.sector,)), Q1, now=seeded.now)
    rows = {row.code: row.current for row in figures.by_unit}
    current = [c for c in seeded.cases if _in(Q1, c)]
    # The department's deviations count for its parent, Solsiden.
    assert rows[org.unit.code] == sum(_under(org.unit, c) for c in current)
    assert rows[org.sibling_unit.code] == sum(_under(org.sibling_unit, c) for c in current)
    # Deviations filed on the sector itself get their own line.
    assert rows[org.sector.code] == sum(c.deviation.unit_id == org.sector.pk for c in current)
    assert org.specialist_unit.code not in rows
    assert sum(rows.values()) == figures.total.current


def test_median_and_90th_percentile_times_equal_python_percentiles(org, seeded):
    figures = compute_figures(Scope(roots=(org.kommune,)), Q1, now=seeded.now)
    current = [c for c in seeded.cases if _in(Q1, c)]
    receipts = sorted(s for c in current if (s := _receipt_seconds(c)) is not None)
    closures = sorted(
        _seconds(c.closed_at, c.deviation.reported_at)
        for c in current
        if c.status == Case.Status.CLOSED
    )
    assert len(receipts) > 5 and len(closures) > 5
    assert figures.acknowledged.current == len(receipts)
    assert figures.receipt_median.current == pytest.approx(
        percentile_of_sorted(receipts, 0.5), abs=1
    )
    assert figures.receipt_p90.current == pytest.approx(percentile_of_sorted(receipts, 0.9), abs=1)
    assert figures.closure_median.current == pytest.approx(
        percentile_of_sorted(closures, 0.5), abs=1
    )
    assert figures.closure_p90.current == pytest.approx(percentile_of_sorted(closures, 0.9), abs=1)
    previous = [c for c in seeded.cases if _in(Q1.previous(), c)]
    previous_receipts = sorted(s for c in previous if (s := _receipt_seconds(c)) is not None)
    assert figures.receipt_median.previous == pytest.approx(
        percentile_of_sorted(previous_receipts, 0.5), abs=1
    )


def test_a_period_without_closed_cases_has_no_times(org):
    make_case(org.department, org.reporter, oslo(2026, 2, 1, 12))
    figures = compute_figures(Scope(roots=(org.kommune,)), Q1)
    assert figures.total.current == 1
    assert figures.closure_median.current is None
    assert figures.receipt_p90.current is None


def test_period_boundaries_are_oslo_midnight_across_the_change_to_summer_time(org):
    # Summer time began on 29 March 2026; 23:30 on 31 March is 21:30 UTC, and 00:10 on
    # 1 April is 22:10 UTC on 31 March, yet it belongs to the second quarter.
    make_case(org.department, org.reporter, oslo(2026, 3, 31, 23, 30))
    make_case(org.department, org.reporter, oslo(2026, 4, 1, 0, 10))
    # And the first minutes of the year, still winter time.
    make_case(org.department, org.reporter, oslo(2026, 1, 1, 0, 5))
    make_case(org.department, org.reporter, oslo(2025, 12, 31, 23, 55))
    scope = Scope(roots=(org.kommune,))

    q1 = compute_figures(scope, Q1)
    q2 = compute_figures(scope, calendar_period("quarter", 2026, 2))

    assert (q1.total.current, q1.total.previous) == (2, 1)
    assert [row.current for row in q1.by_month] == [1, 0, 1]
    assert q2.total.current == 1
    assert q2.by_month[0].current == 1


def test_month_after_the_return_to_winter_time_starts_at_oslo_midnight(org):
    # Winter time came back on 25 October 2026: 1 November 00:30 is 23:30 UTC on 31 October.
    make_case(org.department, org.reporter, oslo(2026, 11, 1, 0, 30))
    make_case(org.department, org.reporter, oslo(2026, 10, 31, 23, 30))
    figures = compute_figures(
        Scope(roots=(org.kommune,)), Period(oslo(2026, 10, 1).date(), oslo(2026, 11, 30).date())
    )
    assert [row.current for row in figures.by_month] == [1, 1]


def test_reopened_or_open_cases_do_not_count_towards_time_to_closure(org):
    case = make_case(
        org.department,
        org.reporter,
        oslo(2026, 2, 1, 12),
        acknowledged_after=timedelta(hours=2),
        closed_after=timedelta(days=10),
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.IN_PROGRESS)
    figures = compute_figures(Scope(roots=(org.kommune,)), Q1)
    assert figures.closure_median.current is None
    assert figures.receipt_median.current == pytest.approx(2 * 3600, abs=1)


def test_percentiles_helper_equals_python_on_either_database(org, seeded):
    from django.db.models import F, Q

    from avvik.models import Deviation
    from reports.aggregates import SecondsBetween, percentiles

    rows = Deviation.objects.filter(case__status=Case.Status.CLOSED)
    result = percentiles(
        rows,
        SecondsBetween(F("case__closed_at"), F("reported_at")),
        {"median": (0.5, Q()), "p90": (0.9, Q()), "none": (0.5, Q(pk__lt=0))},
    )
    values = sorted(
        _seconds(c.closed_at, c.deviation.reported_at)
        for c in seeded.cases
        if c.status == Case.Status.CLOSED
    )
    assert result["n_median"] == len(values)
    assert result["median"] == pytest.approx(percentile_of_sorted(values, 0.5), abs=1)
    assert result["p90"] == pytest.approx(percentile_of_sorted(values, 0.9), abs=1)
    assert result["none"] is None
