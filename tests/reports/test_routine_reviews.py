"""The statistics and the committee's summary count the reviews of work routines recorded
at closing, and the routines changed, by the unit where each deviation happened."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from cases.models import Case
from reports.documents import committee_summary_pdf
from reports.periods import calendar_period
from tests.reports.seeding import make_case, oslo, pdf_text

pytestmark = pytest.mark.django_db

Q1 = calendar_period("quarter", 2026, 1)
URL = "/rapporter/statistikk/"


def _closed(org, unit, reported_at, review: str, *, handled_by=None) -> Case:
    case = make_case(
        unit,
        org.reporter,
        reported_at,
        acknowledged_after=timedelta(hours=2),
        closed_after=timedelta(days=3),
        leader=handled_by or org.leader,
    )
    Case.objects.filter(pk=case.pk).update(
        routine_review=review,
        routines_reviewed=review != "not_reviewed",
        routine_reviewed="Rutine for renhold" if review != "not_reviewed" else "",
        routine_review_note="HEMMELIG-NOTAT",
    )
    return case


@pytest.fixture
def reviews(org):
    """In Q1 2026: two routines changed, one reviewed without change, one not reviewed;
    in Q4 2025: one changed. One of Q1's happened in the sibling unit though the leader
    of the reporter's unit handled it: it still counts where it happened."""
    _closed(org, org.department, oslo(2026, 1, 10, 9), "changed")
    _closed(org, org.sibling_unit, oslo(2026, 2, 3, 9), "changed")
    _closed(org, org.department, oslo(2026, 2, 20, 9), "no_change")
    _closed(org, org.unit, oslo(2026, 3, 5, 9), "not_reviewed")
    _closed(org, org.unit, oslo(2025, 11, 5, 9), "changed")


def _row(text: str, label: str) -> list[str]:
    found = re.findall(rf"^\s*{re.escape(label)}\s+(\d+)\s+(\S+)", text, re.MULTILINE)
    assert found, f"no line for {label!r} in\n{text}"
    return list(found[0])


def test_the_committee_summary_counts_reviews_and_changed_routines(org, reviews, english):
    text = pdf_text(
        committee_summary_pdf(org.committee, Q1, language="en", now=oslo(2026, 4, 2, 12))
    )

    assert "Review of work routines" in text
    assert _row(text, "Routines reviewed") == ["3", "1"]
    assert _row(text, "Routines changed") == ["2", "1"]
    assert _row(text, "Not reviewed") == ["1", "–"]
    assert "HEMMELIG-NOTAT" not in text
    assert "Rutine for renhold" not in text  # counts only: the committee sees no case text


def test_the_statistics_page_counts_them_by_the_unit_where_it_happened(
    client, org, reviews, english
):
    client.force_login(org.sibling_leader)

    response = client.get(URL, {"start": "2026-01-01", "end": "2026-03-31"})

    counts = response.context["figures"].routine_reviews
    # Only the one that happened in the sibling unit, though another leader handled it.
    assert (counts.closed, counts.reviewed, counts.changed) == (1, 1, 1)
    html = response.content.decode()
    assert 'id="routine-reviews-heading"' in html
    assert "counts a deviation under the unit where it happened" in html
