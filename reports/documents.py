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
from reports.definitions import DEFINITIONS
from reports.periods import Period
from reports.scopes import Scope
from reports.statistics import SERIOUS_LIST_LIMIT, Figures, compute_figures


def figures_pdf(
    figures: Figures, *, title: str, subtitle: str = "", show_serious: bool = False
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
            "language": translation.get_language(),
        },
    )
    return render_pdf(html)


def committee_summary_pdf(
    committee: Committee, period: Period, *, language: str, now: datetime | None = None
) -> bytes:
    """The committee's summary: its subtree, the period against the one before, and the
    serious deviations without names, health data or the reporters' own words."""
    with translation.override(language):
        figures = compute_figures(
            Scope(roots=(committee.unit,)), period, now=now or timezone.now(), serious_list=True
        )
        return figures_pdf(
            figures,
            title=_("Deviations and their handling: %(period)s") % {"period": period.label()},
            subtitle=_("Summary for %(committee)s") % {"committee": committee.name},
            show_serious=True,
        )
