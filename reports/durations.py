"""How long something took, rounded one way everywhere: the page, the PDF and the CSV
show the same figure (66.9 hours is 2.8 days, never 2.7)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

HOUR = 3600
DAY = 24 * HOUR


def rounded(value: float, places: int = 1) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals (not cut, and not
    the banker's rounding of ``round()``)."""
    step = Decimal(1).scaleb(-places)
    return Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)


def in_hours(seconds: float) -> Decimal:
    return rounded(seconds / HOUR)


def in_days(seconds: float) -> Decimal:
    return rounded(seconds / DAY)
