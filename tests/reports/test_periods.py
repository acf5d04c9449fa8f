from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from reports.periods import (
    Period,
    calendar_period,
    last_completed_period,
    period_containing,
)


def test_quarter_ends_at_oslo_midnight_in_summer_time():
    start, end = calendar_period("quarter", 2026, 1).bounds()
    # Winter time (UTC+1) at the start, summer time (UTC+2, since 29 March) at the end.
    assert start.astimezone(UTC) == datetime(2025, 12, 31, 23, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)


def test_tertial_that_spans_the_return_to_winter_time_ends_at_oslo_midnight():
    start, end = calendar_period("tertial", 2025, 3).bounds()
    assert start.astimezone(UTC) == datetime(2025, 8, 31, 22, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2025, 12, 31, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (Period(date(2026, 4, 1), date(2026, 6, 30)), Period(date(2026, 1, 1), date(2026, 3, 31))),
        (
            Period(date(2026, 1, 1), date(2026, 3, 31)),
            Period(date(2025, 10, 1), date(2025, 12, 31)),
        ),
        (
            Period(date(2025, 1, 1), date(2025, 12, 31)),
            Period(date(2024, 1, 1), date(2024, 12, 31)),
        ),
        (Period(date(2026, 5, 1), date(2026, 8, 31)), Period(date(2026, 1, 1), date(2026, 4, 30))),
        (Period(date(2026, 3, 10), date(2026, 3, 19)), Period(date(2026, 2, 28), date(2026, 3, 9))),
    ],
)
def test_previous_period_has_equal_length(period, previous):
    assert period.previous() == previous


def test_last_completed_period_by_kind():
    today = date(2026, 4, 1)
    assert last_completed_period("quarter", today) == calendar_period("quarter", 2026, 1)
    assert last_completed_period("tertial", today) == calendar_period("tertial", 2025, 3)
    assert last_completed_period("year", today) == calendar_period("year", 2025)
    # On the last day of a period, that period has not ended yet.
    assert last_completed_period("quarter", date(2026, 3, 31)) == calendar_period(
        "quarter", 2025, 4
    )


def test_period_labels(english):
    assert calendar_period("quarter", 2026, 2).label() == "Q2 2026"
    assert calendar_period("tertial", 2026, 3).label() == "T3 2026"
    assert calendar_period("year", 2026).label() == "2026"
    assert period_containing("quarter", date(2026, 11, 25)).label() == "Q4 2026"
    assert Period(date(2026, 2, 1), date(2026, 4, 30)).label() == "Feb. 1, 2026 – April 30, 2026"


def test_a_period_of_days_is_labelled_in_the_readers_date_format():
    with translation.override("nb"):
        label = Period(date(2026, 2, 1), date(2026, 4, 30)).label()
    assert label == "1. februar 2026 – 30. april 2026"
