"""Filters for lists of many dates (the dashboard's rows, cases/case_rows.py, and the
retention list), where Django's ``|date`` formats through the full date machinery."""

from __future__ import annotations

import functools
from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language

register = template.Library()

# The date format characters that map one to one onto strftime's.
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y"}


@functools.cache
def _short_format(language: str) -> str | None:
    """The language's SHORT_DATE_FORMAT as a strftime format, or None when it uses a
    character without a plain strftime equivalent."""
    django_format = get_format("SHORT_DATE_FORMAT", lang=language)
    converted = []
    for char in django_format:
        if char.isalpha():
            if char not in _STRFTIME:
                return None
            converted.append(_STRFTIME[char])
        else:
            converted.append(char.replace("%", "%%"))
    return "".join(converted)


@register.filter
def from_iso(value: str) -> date | None:
    """A date kept as ISO text (in a stored notice's values) as a date, for short_date."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def short_date(value: date | datetime | None) -> str:
    """``value|date:"SHORT_DATE_FORMAT"``, in local time, a tenth of the cost."""
    if not value:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    strftime_format = _short_format(get_language() or "")
    if strftime_format is None:
        return date_format(value, "SHORT_DATE_FORMAT")
    return value.strftime(strftime_format)
