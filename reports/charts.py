"""Bar charts as plain geometry, drawn as inline SVG by ``templates/reports/_bar_chart.html``:
no JavaScript, nothing fetched, the same drawing on the page and in the PDF. Each chart
keeps its rows, so the template can put the numbers beside it as a table.

Horizontal positions are percentages of the chart's width and vertical ones are pixels,
so a chart fills a phone or an A4 page alike while its text keeps its size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from reports.statistics import Figures, Row

# Horizontal bars: each label on its own line above its bar, so a long unit name fits
# on a phone too; the longest bar reaches BAR_SPAN percent, leaving room for its value.
BAR_SPAN = 88.0
LABEL_HEIGHT = 15
BAR_HEIGHT = 13
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + 8
TOP = 2
MAX_LABEL_CHARS = 48
# A horizontal chart draws this many bars; the table beside it lists every row.
MAX_BARS = 15
# Columns (months): drawn between MARGIN and 100 - MARGIN.
MARGIN = 2.0
COLUMN_TOP = 18
COLUMN_AREA_HEIGHT = 150
MAX_COLUMN_LABELS = 12
MAX_COLUMN_VALUES = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float  # percent
    width: float  # percent
    y: float  # px
    height: float  # px
    text_x: float  # percent: the label's anchor
    value_x: float  # percent
    value_y: float  # px
    label_y: float  # px
    year: str = ""  # under a column's month: the year, at January and the first column
    show_label: bool = True
    show_value: bool = True


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    kind: str  # "horizontal" or "columns"
    height: int
    bars: list[Bar]
    rows: list[Row]
    truncated: int = 0
    baseline_y: float = 0

    @property
    def has_previous(self) -> bool:
        return any(row.previous is not None for row in self.rows)


def _short(label: str, limit: int = MAX_LABEL_CHARS) -> str:
    label = label.strip()
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def horizontal_bars(chart_id: str, title: str, rows: list[Row]) -> BarChart:
    """One bar per row in the order given, each under its label, values after the bars."""
    drawn = rows[:MAX_BARS]
    largest = max((row.current for row in drawn), default=0) or 1
    bars = []
    for index, row in enumerate(drawn):
        top = TOP + index * ROW_HEIGHT
        y = top + LABEL_HEIGHT + 2
        width = round(BAR_SPAN * row.current / largest, 2)
        bars.append(
            Bar(
                label=_short(row.label),
                value=row.current,
                x=0.0,
                width=width,
                y=y,
                height=BAR_HEIGHT,
                text_x=0.0,
                value_x=width,
                value_y=y + BAR_HEIGHT - 2,
                label_y=top + LABEL_HEIGHT - 3,
            )
        )
    height = TOP * 2 + max(len(drawn), 1) * ROW_HEIGHT
    return BarChart(chart_id, title, "horizontal", height, bars, rows, len(rows) - len(drawn))


def column_bars(chart_id: str, title: str, rows: list[Row], months: list) -> BarChart:
    """One column per month, values on top, the month (and the year at January and at
    the start) below; with many months only every few are labelled."""
    count = max(len(rows), 1)
    largest = max((row.current for row in rows), default=0) or 1
    slot = (100.0 - 2 * MARGIN) / count
    label_every = math.ceil(count / MAX_COLUMN_LABELS)
    baseline = COLUMN_TOP + COLUMN_AREA_HEIGHT
    bars = []
    for index, (row, month) in enumerate(zip(rows, months, strict=True)):
        height = round(COLUMN_AREA_HEIGHT * row.current / largest, 1)
        left = MARGIN + index * slot
        labelled = index % label_every == 0
        bars.append(
            Bar(
                label=date_format(month, "M"),
                value=row.current,
                x=round(left + slot * 0.15, 2),
                width=round(slot * 0.7, 2),
                y=baseline - height,
                height=height,
                text_x=round(left + slot / 2, 2),
                value_x=round(left + slot / 2, 2),
                value_y=baseline - height - 4,
                label_y=baseline + 14,
                year=str(month.year) if labelled and (index == 0 or month.month == 1) else "",
                show_label=labelled,
                show_value=count <= MAX_COLUMN_VALUES,
            )
        )
    return BarChart(chart_id, title, "columns", baseline + 34, bars, rows, baseline_y=baseline)


def charts_for(figures: Figures) -> dict[str, BarChart]:
    """The charts every view of the figures shows."""
    return {
        "category": horizontal_bars(
            "chart-category", _("Deviations by category"), figures.by_category
        ),
        "severity": horizontal_bars(
            "chart-severity", _("Deviations by severity"), figures.by_severity
        ),
        "unit": horizontal_bars("chart-unit", _("Deviations by unit"), figures.by_unit),
        "status": horizontal_bars("chart-status", _("Status of the cases now"), figures.by_status),
        "month": column_bars(
            "chart-month", _("Deviations by month"), figures.by_month, figures.period.months()
        ),
    }
