"""Formatting of the figures, the same on the page, in the PDF and in e-mails."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format
from django.utils.translation import ngettext

from reports.durations import DAY, HOUR, in_days, in_hours, rounded

register = template.Library()


@register.filter
def duration(seconds) -> str:
    """Seconds as minutes, hours or days, whichever reads best; "–" for no value. Hours
    and days are rounded by ``reports.durations``, as in the CSV."""
    if seconds is None:
        return "–"
    seconds = float(seconds)
    sign = "−" if seconds < 0 else ""
    seconds = abs(seconds)
    if seconds < HOUR:
        minutes = int(rounded(seconds / 60, 0))
        return sign + ngettext("%(n)s minute", "%(n)s minutes", minutes) % {"n": minutes}
    if seconds < 2 * DAY:
        hours = in_hours(seconds)
        text = ngettext("%(n)s hour", "%(n)s hours", 1 if hours == 1 else 2)
        return sign + text % {"n": number_format(hours, 1)}
    days = in_days(seconds)
    text = ngettext("%(n)s day", "%(n)s days", 1 if days == 1 else 2)
    return sign + text % {"n": number_format(days, 1)}


@register.filter
def signed(value) -> str:
    """A change with its sign: "+3", "−2", "0"; "–" when there is nothing to compare."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        text = number_format(abs(value), 1)
    else:
        text = number_format(int(abs(value)))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return "0"


@register.filter
def signed_duration(value) -> str:
    if value is None:
        return "–"
    text = duration(abs(value))
    return ("+" if value > 0 else "−" if value < 0 else "") + text


@register.filter
def percent(value) -> str:
    if value is None:
        return ""
    return f"{signed(round(value))} %"


@register.filter
def figure(value, measure: str) -> str:
    """A headline value: a count, or a duration for measures in seconds."""
    if measure == "seconds":
        return duration(value)
    if value is None:
        return "–"
    return number_format(value)


@register.filter
def figure_change(trend, measure: str) -> str:
    if measure == "seconds":
        return signed_duration(trend.change)
    return signed(trend.change)
