"""Working days skip weekends and Norwegian public holidays."""

from datetime import datetime
from zoneinfo import ZoneInfo

from cases.deadlines import add_calendar_days, add_working_days, is_working_day

OSLO = ZoneInfo("Europe/Oslo")


def at(*args):
    return datetime(*args, tzinfo=OSLO)


def test_one_working_day_after_friday_is_monday():
    assert add_working_days(at(2026, 11, 20, 14, 0), 1) == at(2026, 11, 23, 14, 0)


def test_easter_and_constitution_day_are_not_working_days():
    # Wednesday before Easter 2026 + 1 working day skips Maundy Thursday to Easter Monday.
    assert add_working_days(at(2026, 4, 1, 9, 30), 1) == at(2026, 4, 7, 9, 30)
    assert not is_working_day(at(2026, 5, 17).date())
    assert not is_working_day(at(2026, 12, 25).date())


def test_a_report_on_saturday_counts_from_monday_morning():
    assert add_working_days(at(2026, 11, 21, 22, 0), 1) == at(2026, 11, 24, 8, 0)


def test_calendar_deadline_on_a_sunday_moves_to_monday():
    assert add_calendar_days(at(2026, 11, 1, 10, 0), 13) == at(2026, 11, 16, 10, 0)
    assert add_calendar_days(at(2026, 11, 1, 10, 0), 14) == at(2026, 11, 16, 10, 0)


def test_deadline_keeps_oslo_time_across_daylight_saving():
    # DST ended on 25 October 2026: 10:00 stays 10:00 on the wall clock.
    assert add_working_days(at(2026, 10, 23, 10, 0), 1) == at(2026, 10, 26, 10, 0)
