"""The PDF documents: the committee's summary and the leader's statistics export, both
rendered from ``templates/reports/summary_pdf.html``."""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from avvik.pdf import render_pdf
from orgchart.models import Committee
from reports.charts import charts_for
from reports.committee import (
    SMALL_UNIT_MEMBERS,
    UnitNames,
    committee_figures,
    comparison_for,
    fold_figures,
)
from reports.definitions import DEFINITIONS
from reports.periods import OSLO, Period
from reports.scopes import Scope
from reports.statistics import SERIOUS_LIST_LIMIT, Figures, compute_figures


def figures_pdf(
    figures: Figures,
    *,
    title: str,
    subtitle: str = "",
    show_serious: bool = False,
    committee: dict | None = None,
) -> bytes:
    html = render_to_string(
        "reports/summary_pdf.html",
        {
            "title": title,
            "subtitle": subtitle,
            "figures": figures,
            "charts": charts_for(figures),
            "definitions": DEFINITIONS,
            "serious_limit": SERIOUS_LIST_LIMIT,
            "show_serious": show_serious,
            "committee": committee,
            "language": translation.get_language(),
        },
    )
    return render_pdf(html)


def committee_summary_pdf(
    committee: Committee, period: Period, *, language: str, now: datetime | None = None
) -> bytes:
    """The committee's summary: its subtree, the period against the one before, the
    serious deviations without names, health data or the reporters' own words, near
    misses, evaluations and the cases that went up the line. A period that is not over
    is counted up to today and compared with as many days of the period before; no unit
    with fewer than five people is named."""
    now = now or timezone.now()
    with translation.override(language):
        comparison = comparison_for(period, timezone.localtime(now, OSLO).date())
        scope = Scope(roots=(committee.unit,))
        names = UnitNames(committee.unit)
        figures = compute_figures(
            scope, comparison.counted, now=now, serious_list=True, previous=comparison.previous
        )
        fold_figures(figures, names)
        return figures_pdf(
            figures,
            title=_("Deviations and their handling: %(period)s") % {"period": period.label()},
            subtitle=_("Summary for %(committee)s") % {"committee": committee.name},
            show_serious=True,
            committee={
                "comparison": comparison,
                "figures": committee_figures(scope, comparison, names),
                "small_unit_members": SMALL_UNIT_MEMBERS,
            },
        )
