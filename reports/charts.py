"""Bar charts as plain geometry, drawn as inline SVG by ``templates/reports/_bar_chart.html``:
no JavaScript, nothing fetched, the same drawing on the page and in the PDF. Each chart
keeps its rows, so the template can put the numbers beside it as a table."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from reports.statistics import Figures, Row

WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 56
ROW_HEIGHT = 24
BAR_HEIGHT = 15
TOP = 6
COLUMN_AREA_HEIGHT = 170
COLUMN_LABEL_HEIGHT = 34
MAX_LABEL_CHARS = 30
# A horizontal chart draws this many bars; the table beside it lists every row.
MAX_BARS = 15


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True
    show_value: bool = True


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    kind: str  # "horizontal" or "columns"
    width: int
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
    """One bar per row, longest first as given, labels on the left, values on the right."""
    drawn = rows[:MAX_BARS]
    largest = max((row.current for row in drawn), default=0) or 1
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, row in enumerate(drawn):
        y = TOP + index * ROW_HEIGHT
        width = area * row.current / largest
        bars.append(
            Bar(
                label=_short(row.label),
                full_label=row.label,
                value=row.current,
                x=LABEL_WIDTH,
                y=y,
                width=round(width, 1),
                height=BAR_HEIGHT,
                label_x=LABEL_WIDTH - 8,
                label_y=y + BAR_HEIGHT - 3,
                value_x=round(LABEL_WIDTH + width + 6, 1),
                value_y=y + BAR_HEIGHT - 3,
            )
        )
    height = TOP * 2 + max(len(drawn), 1) * ROW_HEIGHT
    return BarChart(
        chart_id, title, "horizontal", WIDTH, height, bars, rows, len(rows) - len(drawn)
    )


def column_bars(chart_id: str, title: str, rows: list[Row]) -> BarChart:
    """One column per row (months), values on top, labels below; with many columns only
    every few are labelled so the labels never overlap."""
    count = max(len(rows), 1)
    largest = max((row.current for row in rows), default=0) or 1
    slot = (WIDTH - 20) / count
    column = max(slot * 0.7, 2)
    label_every = max(1, round(60 / slot + 0.49))
    top = 18
    baseline = top + COLUMN_AREA_HEIGHT
    bars = []
    for index, row in enumerate(rows):
        height = COLUMN_AREA_HEIGHT * row.current / largest
        x = 10 + index * slot + (slot - column) / 2
        bars.append(
            Bar(
                label=row.label,
                full_label=row.label,
                value=row.current,
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=round(column, 1),
                height=round(height, 1),
                label_x=round(x + column / 2, 1),
                label_y=baseline + 16,
                value_x=round(x + column / 2, 1),
                value_y=round(baseline - height - 4, 1),
                show_label=index % label_every == 0,
                show_value=slot >= 24,
            )
        )
    return BarChart(
        chart_id,
        title,
        "columns",
        WIDTH,
        int(baseline + COLUMN_LABEL_HEIGHT),
        bars,
        rows,
        baseline_y=baseline,
    )


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
        "month": column_bars("chart-month", _("Deviations by month"), figures.by_month),
    }
