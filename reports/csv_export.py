"""The figures as a CSV file that Norwegian Excel opens as it is: UTF-8 with a byte order
mark (else Excel reads "Miljøutslipp" as "MiljÃ¸utslipp"), ";" between fields and a
decimal comma, as Excel expects where the comma is the decimal separator.

Only aggregates go in: names of units and categories, counts and times. No person's
name and no text anyone wrote about a deviation.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from reports.definitions import DEFINITIONS
from reports.durations import in_hours
from reports.periods import OSLO
from reports.statistics import Figures, Row

BOM = "\ufeff"
# A cell that starts like a formula is run as one by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    value = str(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _hours(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return f"{in_hours(seconds):.1f}".replace(".", ",")


def _count(value) -> str:
    return "" if value is None else str(value)


def figures_csv(figures: Figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    period, previous = figures.period, figures.previous_period
    writer.writerow([_text(_("Deviation statistics")), _text(figures.scope.label)])
    writer.writerow([_("Period"), period.start.isoformat(), period.end.isoformat()])
    writer.writerow([_("Previous period"), previous.start.isoformat(), previous.end.isoformat()])
    writer.writerow(
        [_("Made"), timezone.localtime(figures.computed_at, OSLO).strftime("%Y-%m-%d %H:%M")]
    )
    writer.writerow([])
    writer.writerow(
        [
            _("Section"),
            _("Item"),
            _("This period"),
            _("Previous period"),
            pgettext("difference from the previous period", "Change"),
        ]
    )
    headline = _("Headline figures")
    for _key, label, trend, measure in figures.headline:
        if measure == "seconds":
            writer.writerow(
                [
                    headline,
                    _text(_("%(figure)s (hours)") % {"figure": label}),
                    _hours(trend.current),
                    _hours(trend.previous),
                    _hours(trend.change),
                ]
            )
        else:
            writer.writerow(
                [
                    headline,
                    _text(label),
                    _count(trend.current),
                    _count(trend.previous),
                    _count(trend.change),
                ]
            )
    sections: list[tuple[str, list[Row]]] = [
        (_("Category"), figures.by_category),
        (_("Severity"), figures.by_severity),
        (_("Unit"), figures.by_unit),
        (_("Status now"), figures.by_status),
        (_("Month"), figures.by_month),
    ]
    for section, rows in sections:
        for row in rows:
            label = row.key if section == _("Month") else row.label
            writer.writerow(
                [
                    section,
                    _text(label),
                    row.current,
                    _count(row.previous),
                    _count(row.change),
                ]
            )
    writer.writerow([])
    for term, text in DEFINITIONS:
        writer.writerow([_("Definition"), _text(term), _text(text)])
    return BOM + out.getvalue()
