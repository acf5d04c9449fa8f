"""The committee's PDF: its figures read back from the text equal the database's own
counts, and nothing in it names anyone or repeats what anyone wrote."""

from __future__ import annotations

import io
import re

import pytest
from django.db.models import Count, Q
from pypdf import PdfReader

from avvik.models import Category, Deviation, Severity
from avvik.pdf import PDF_BASE_URL, RefusedURL, StaticOnlyURLFetcher, static_file_for
from cases.models import Case
from reports.documents import committee_summary_pdf
from reports.periods import calendar_period
from reports.templatetags.report_figures import duration
from tests.reports.seeding import SECRET_TEXTS, pdf_text, squeezed

Q1 = calendar_period("quarter", 2026, 1)


def _counts_row(text: str, label: str) -> tuple[int, int]:
    """This period's and the previous period's count on the table line for ``label``."""
    found = re.findall(rf"^\s*{re.escape(label)}\s+(\d+)\s+(\d+)\b", text, re.MULTILINE)
    assert found, f"no table line for {label!r}"
    assert len(set(found)) == 1, found
    return int(found[0][0]), int(found[0][1])


@pytest.fixture
def summary(org, seeded, english):
    pdf = committee_summary_pdf(org.committee, Q1, language="en", now=seeded.now)
    return pdf, pdf_text(pdf)


def test_pdf_figures_equal_the_database_counts(org, seeded, summary):
    _pdf, text = summary
    start, end = Q1.bounds()
    previous_start, _ = Q1.previous().bounds()
    under = Q(unit__path__startswith=org.committee.unit.path)
    now_ = Deviation.objects.filter(under, reported_at__gte=start, reported_at__lt=end)
    before = Deviation.objects.filter(under, reported_at__gte=previous_start, reported_at__lt=start)
    serious = Q(severity__in=[Severity.HIGH, Severity.CRITICAL])
    closed = Q(case__status=Case.Status.CLOSED)
    overdue = ~closed & Q(case__closure_due__lt=seeded.now)
    escalated = Q(case__escalation_level__gt=0)

    assert _counts_row(text, "Deviations reported") == (now_.count(), before.count())
    assert _counts_row(text, "Serious deviations (high or critical)") == (
        now_.filter(serious).count(),
        before.filter(serious).count(),
    )
    assert _counts_row(text, "Closed") == (
        now_.filter(closed).count(),
        before.filter(closed).count(),
    )
    assert _counts_row(text, "Overdue") == (
        now_.filter(overdue).count(),
        before.filter(overdue).count(),
    )
    assert _counts_row(text, "Escalated") == (
        now_.filter(escalated).count(),
        before.filter(escalated).count(),
    )
    for category in Category.objects.annotate(
        n=Count("deviations", filter=Q(deviations__in=now_)),
        p=Count("deviations", filter=Q(deviations__in=before)),
    ):
        assert _counts_row(text, category.name) == (category.n, category.p)
    for value, label in Severity.choices:
        assert _counts_row(text, str(label)) == (
            now_.filter(severity=value).count(),
            before.filter(severity=value).count(),
        )
    by_unit = text[: text.index("Near misses")]
    assert _counts_row(by_unit, org.sector.name) == (
        now_.filter(unit__path__startswith=org.sector.path).count(),
        before.filter(unit__path__startswith=org.sector.path).count(),
    )
    # Eiendom has one person: its figures are shown with the municipality's own, unnamed.
    assert org.specialist_unit.name not in text
    directly = Q(unit=org.kommune) | Q(unit__path__startswith=org.specialist_unit.path)
    assert _counts_row(by_unit, "Eksempel kommune, directly or in small units") == (
        now_.filter(directly).count(),
        before.filter(directly).count(),
    )
    # Status now: one count per line, in the status table (and its chart).
    for value, label in Case.Status.choices:
        lines = re.findall(rf"^\s*{re.escape(str(label))}\s+(\d+)\s*$", text, re.MULTILINE)
        assert lines and set(lines) == {str(now_.filter(case__status=value).count())}, label


def test_pdf_times_equal_the_figures_computed_by_the_database(org, seeded, summary):
    from reports.scopes import Scope
    from reports.statistics import compute_figures

    _pdf, text = summary
    figures = compute_figures(Scope(roots=(org.kommune,)), Q1, now=seeded.now)
    for label, trend in [
        ("Time to receipt, median", figures.receipt_median),
        ("Time to receipt, 90th percentile", figures.receipt_p90),
        ("Time to closure, median", figures.closure_median),
        ("Time to closure, 90th percentile", figures.closure_p90),
    ]:
        line = next(ln for ln in text.splitlines() if ln.strip().startswith(label))
        assert duration(trend.current) in line
        assert duration(trend.previous) in line


def test_pdf_lists_serious_deviations_by_reference_without_a_summary_yet(org, seeded, summary):
    _pdf, text = summary
    start, end = Q1.bounds()
    serious = Deviation.objects.filter(
        reported_at__gte=start, reported_at__lt=end, severity__in=["high", "critical"]
    )
    assert serious.exists()
    for reference in serious.values_list("reference", flat=True):
        assert reference in text
    others = Deviation.objects.filter(reported_at__gte=start, reported_at__lt=end).exclude(
        pk__in=serious
    )
    for reference in others.values_list("reference", flat=True):
        assert reference not in text
    assert "(no summary yet)" in text


def test_pdf_has_no_names_health_details_or_reporters_text(org, seeded, summary):
    _pdf, text = summary
    everything = squeezed(text)
    people = [
        org.top_leader, org.higher_leader, org.leader, org.sibling_leader, org.reporter,
        org.colleague, org.specialist, org.safety_rep, org.amu_member, org.outsider,
    ]  # fmt: skip
    for person in people:
        assert squeezed(person.get_full_name()) not in everything
        assert person.email not in text
    for secret in SECRET_TEXTS:
        assert squeezed(secret) not in everything


def test_pdf_title_names_the_period(org, summary):
    pdf, text = summary
    reader = PdfReader(io.BytesIO(pdf))
    assert "2026-01-01" in reader.metadata.title
    assert "2026-03-31" in reader.metadata.title
    assert "Q1 2026" in text
    assert "What the figures mean" in text


# -- what WeasyPrint may fetch -------------------------------------------------------------


def test_url_fetcher_serves_the_apps_own_stylesheet():
    response = StaticOnlyURLFetcher().fetch(PDF_BASE_URL + "static/css/reports-print.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/static/css/reports-print.css",
        "https://avvik-pdf.invalid/static/css/reports-print.css",
        PDF_BASE_URL + "static/../../avvik/settings.py",
        PDF_BASE_URL + "static/%2e%2e/%2e%2e/avvik/settings.py",
        PDF_BASE_URL + "static//etc/passwd",
        PDF_BASE_URL + "media/private/attachments/x",
        PDF_BASE_URL + "static/css/no-such-file.css",
        "data:text/css,body{}",
    ],
)
def test_url_fetcher_refuses_everything_else(url):
    with pytest.raises(RefusedURL):
        static_file_for(url)


def test_pdf_with_outside_references_renders_without_fetching_them(tmp_path, caplog):
    from avvik.pdf import render_pdf

    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = (
        f'<link rel="stylesheet" href="file://{secret}">'
        '<img src="http://127.0.0.1:9/tracker.png"><p>Hei</p>'
    )
    assert render_pdf(html).startswith(b"%PDF")
    assert "refused to fetch file://" in caplog.text
    assert "refused to fetch http://127.0.0.1:9/" in caplog.text
