"""Reporting periods: whole days in Europe/Oslo time.

A period runs from midnight at the start of its first day to midnight at the end of its
last day, both in Oslo time, whatever the offset from UTC is on either side of a
daylight-saving change. ``bounds()`` gives those two instants as aware datetimes, so every
query compares ``reported_at`` with ``>= start`` and ``< end`` and nothing ever buckets by
a UTC date.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _

OSLO = ZoneInfo("Europe/Oslo")

# Months per period kind, as the committee's ``period`` field names them.
MONTHS_PER_KIND = {"quarter": 3, "tertial": 4, "year": 12}


def oslo_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=OSLO)


def oslo_today() -> date:
    return datetime.now(OSLO).date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clipped to the month's length."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass(frozen=True, order=True)
class Period:
    """From ``start`` to ``end``, both days included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period cannot end before it starts.")

    def bounds(self) -> tuple[datetime, datetime]:
        """The first instant of the period and the first instant after it, in Oslo time."""
        return oslo_midnight(self.start), oslo_midnight(self.end + timedelta(days=1))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int | None:
        """How many calendar months the period spans, if it is made of whole months."""
        if self.start.day != 1 or self.end != month_end(self.end):
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def previous(self) -> Period:
        """The period of equal length just before this one: the same number of calendar
        months when the period is made of whole months (Q2 → Q1, a year → the year
        before), else the same number of days."""
        months = self.whole_months
        if months:
            start = add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def months(self) -> list[date]:
        """The first day of every calendar month the period touches."""
        first, result = self.start.replace(day=1), []
        while first <= self.end:
            result.append(first)
            first = add_months(first, 1)
        return result

    def label(self) -> str:
        """ "Q1 2026", "T2 2026", "2026", or the two dates in the active language's format."""
        months = self.whole_months
        if months in (3, 4, 12) and (self.start.month - 1) % months == 0:
            number = (self.start.month - 1) // months + 1
            if months == 12:
                return str(self.start.year)
            template = _("Q%(number)d %(year)d") if months == 3 else _("T%(number)d %(year)d")
            return template % {"number": number, "year": self.start.year}
        # In the reader's own date format, never ISO.
        return f"{date_format(self.start)} – {date_format(self.end)}"

    def slug(self) -> str:
        return f"{self.start.isoformat()}_{self.end.isoformat()}"


def calendar_period(kind: str, year: int, number: int = 1) -> Period:
    """Quarter ``number`` (1–4), tertial ``number`` (1–3) or the year."""
    months = MONTHS_PER_KIND[kind]
    if not 1 <= number <= 12 // months:
        raise ValueError(f"There is no {kind} {number}.")
    start = date(year, (number - 1) * months + 1, 1)
    return Period(start, month_end(add_months(start, months - 1)))


def period_containing(kind: str, day: date) -> Period:
    months = MONTHS_PER_KIND[kind]
    return calendar_period(kind, day.year, (day.month - 1) // months + 1)


def last_completed_period(kind: str, today: date) -> Period:
    """The latest period of this kind that ended before ``today`` (an Oslo date)."""
    return period_containing(kind, today).previous()


def recent_calendar_periods(
    today: date | None = None, *, years: int = 3
) -> list[tuple[str, Period]]:
    """Years, tertials and quarters that have begun, newest first, for a choice list."""
    today = today or oslo_today()
    result = []
    for year in range(today.year, today.year - years, -1):
        for kind in ("year", "tertial", "quarter"):
            for number in range(12 // MONTHS_PER_KIND[kind], 0, -1):
                period = calendar_period(kind, year, number)
                if period.start <= today:
                    result.append((kind, period))
    return result
