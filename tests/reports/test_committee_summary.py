"""What the committee follows in its summary, read back from the real PDF: the serious
deviations' table inside the page, a period that is not over, near misses, evaluations,
cases that went up the line and why, and no small unit named."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from cases.models import Case, CaseEvent, EffectEvaluation
from reports.documents import committee_summary_pdf
from reports.periods import Period, calendar_period
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory
from tests.reports.seeding import make_case, oslo, pdf_text, squeezed

Q1 = calendar_period("quarter", 2026, 1)
AFTER_Q1 = oslo(2026, 5, 2, 12)


def _words(pdf: bytes) -> list[tuple[int, float, float, float, float, float, float, str]]:
    """(page, page width, page height, xMin, yMin, xMax, yMax, word) for every word, as
    poppler places it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(
            ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    words = []
    for number, page in enumerate(re.findall(r"<page (.*?)</page>", out, re.DOTALL), 1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        ):
            words.append((number, width, height, float(x0), float(y0), float(x1), float(y1), word))
    return words


def _summary(org, period=Q1, now=AFTER_Q1) -> tuple[bytes, str]:
    pdf = committee_summary_pdf(org.committee, period, language="en", now=now)
    return pdf, pdf_text(pdf)


def test_serious_table_with_a_long_committee_summary_stays_inside_a4_portrait(org, english):
    summary = " ".join(
        ["Ventilasjonsanlegget i kjøkkenet ble stengt og tilkalt servicefirma"] * 20
    )[:1000]
    unbroken = "Brannsikringsdokumentasjonsgjennomgangsrapporten" * 2
    for text in (summary, unbroken):
        case = make_case(org.department, org.reporter, oslo(2026, 2, 1, 12), severity="critical")
        Case.objects.filter(pk=case.pk).update(committee_summary=text)
    assert len(summary) == 1000

    pdf, text = _summary(org)

    words = _words(pdf)
    assert words
    width, height = words[0][1], words[0][2]
    assert height > width  # portrait
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    outside = [w for w in words if w[3] < 0 or w[4] < 0 or w[5] > w[1] or w[6] > w[2]]
    assert outside == []
    # Nothing cut: every word of the summary is on the page, as often as it was written.
    on_pages = Counter(html.unescape(w[7]) for w in words)
    assert Counter(summary.split()) - on_pages == Counter()
    # A word wider than its column is broken inside the column, not cut.
    column = min(w[3] for w in words if w[7] == "Summary")
    in_column = "".join(w[7] for w in words if w[3] >= column - 1)
    assert unbroken in in_column


def test_a_period_not_over_says_so_and_compares_as_many_days_before(org, english):
    q4 = calendar_period("quarter", 2026, 4)
    now = oslo(2026, 11, 29, 12)
    # Counted: 1 Oct – 29 Nov (60 days), against 1 Jul – 29 Aug (60 days), not all of Q3.
    make_case(org.department, org.reporter, oslo(2026, 10, 5, 12))
    make_case(org.department, org.reporter, oslo(2026, 11, 28, 12))
    make_case(org.department, org.reporter, oslo(2026, 7, 3, 12))
    make_case(org.department, org.reporter, oslo(2026, 9, 20, 12))  # after the 60 days

    pdf, text = _summary(org, period=q4, now=now)

    first_page = text.split("\f")[0]
    assert "The period is not over." in first_page
    assert "first 60 days" in first_page
    assert re.search(r"^\s*Deviations reported\s+2\s+1\b", text, re.MULTILINE)


def test_a_period_that_is_over_does_not_say_it_is_not(org, english):
    make_case(org.department, org.reporter, oslo(2026, 2, 1, 12))
    _pdf, text = _summary(org)
    assert "not over" not in text


def test_norwegian_summary_says_the_period_is_not_over(org):
    q4 = calendar_period("quarter", 2026, 4)
    pdf = committee_summary_pdf(org.committee, q4, language="nb", now=oslo(2026, 11, 29, 12))
    assert "Perioden er ikke over" in pdf_text(pdf).split("\f")[0]


def test_near_misses_by_unit_and_category(org, english):
    for _ in range(3):
        make_case(org.sibling_unit, org.reporter, oslo(2026, 2, 1, 12))
    make_case(org.sibling_unit, org.reporter, oslo(2025, 11, 1, 12))
    make_case(org.sibling_unit, org.reporter, oslo(2026, 2, 2, 12), category_code="annet")

    _pdf, text = _summary(org)

    section = text[text.index("Near misses") :]
    # Hjemmetjenesten has one person: its near misses are shown under the sector's name.
    assert re.search(r"^\s*Helse og omsorg\s+3\s+1\s+\+2", section, re.MULTILINE)
    # The category by its English name (the reader's language), "Near miss".
    assert re.search(r"^\s*Near miss\s+3\s+1\s+\+2", section, re.MULTILINE)


def test_evaluations_worked_and_did_not_work(org, english):
    case = make_case(org.department, org.reporter, oslo(2026, 1, 10, 12))
    for effective, at in [
        (True, oslo(2026, 2, 1, 12)),
        (True, oslo(2026, 3, 1, 12)),
        (False, oslo(2026, 2, 15, 12)),
        (False, oslo(2025, 12, 1, 12)),
    ]:
        evaluation = EffectEvaluation.objects.create(
            case=case, evaluated_by=org.leader, effective=effective
        )
        EffectEvaluation.objects.filter(pk=evaluation.pk).update(evaluated_at=at)

    _pdf, text = _summary(org)

    assert re.search(r"^\s*The actions worked\s+2\s+0\s*$", text, re.MULTILINE)
    assert re.search(r"^\s*The actions did not work\s+1\s+1\s*$", text, re.MULTILINE)


def test_cases_escalated_or_forwarded_counted_by_why(org, english):
    unacknowledged = make_case(org.department, org.reporter, oslo(2026, 1, 5, 12))
    acknowledged = make_case(
        org.department, org.reporter, oslo(2026, 1, 6, 12), acknowledged_after=timedelta(hours=2)
    )
    forwarded = make_case(
        org.department, org.reporter, oslo(2026, 1, 7, 12), acknowledged_after=timedelta(hours=2)
    )
    for case, kind in [
        (unacknowledged, CaseEvent.Kind.ESCALATED),
        (acknowledged, CaseEvent.Kind.ESCALATED),
        (forwarded, CaseEvent.Kind.FORWARDED),
        (forwarded, CaseEvent.Kind.ESCALATED),
    ]:
        CaseEvent.objects.create(case=case, kind=kind, at=oslo(2026, 2, 10, 12))

    _pdf, text = _summary(org)

    section = text[text.index("Cases escalated or forwarded up the line") :]

    assert re.search(r"^\s*Helse og omsorg\s+1\s+2\s+1\s*$", section, re.MULTILINE)
    assert re.search(r"^\s*Total\s+1\s+2\s+1\s*$", section, re.MULTILINE)


@pytest.fixture
def small_unit(org):
    """A three-person unit under the sector: never to be named in the committee's tables."""
    unit = OrgUnitFactory(code="LITEN", name="Lillegruppa", parent=org.sector)
    for n in range(3):
        MembershipFactory(user=UserFactory(username=f"liten{n}"), unit=unit)
    return unit


def test_a_three_person_unit_is_never_named_and_counts_under_the_unit_above(
    org, small_unit, english
):
    for day in (1, 2):
        make_case(small_unit, org.reporter, oslo(2026, 2, day, 12), severity="critical")
    escalated = make_case(small_unit, org.reporter, oslo(2026, 2, 3, 12))
    CaseEvent.objects.create(
        case=escalated, kind=CaseEvent.Kind.ESCALATED, at=oslo(2026, 2, 20, 12)
    )

    _pdf, text = _summary(org)

    assert "Lillegruppa" not in squeezed(text) and "Lillegruppa" not in text
    # Figures by unit: the sector (6 people, with the three) counts the three cases.
    assert re.search(r"^\s*Helse og omsorg\s+3\s+0\b", text, re.MULTILINE)
    # The serious deviations are listed under the sector.
    serious = text[text.index("Serious deviations") :]
    assert serious.count("Helse og") >= 2


def test_a_unit_of_five_is_named(org, small_unit, english):
    for n in range(2):
        MembershipFactory(user=UserFactory(username=f"liten-ny{n}"), unit=small_unit)
    make_case(small_unit, org.reporter, oslo(2026, 2, 1, 12))
    _pdf, text = _summary(org, period=Period(Q1.start, Q1.end))
    assert "Lillegruppa" in text
