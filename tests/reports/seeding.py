"""Deviations and cases written straight to the database at chosen moments, with their
receipt and closure times, so the figures can be checked against plain Python counts.

Every piece of text a person wrote (titles, descriptions, outcome summaries, injury
details) carries a marker that no summary may ever contain.
"""

from __future__ import annotations

import itertools
import random
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from avvik.models import Category, Deviation, InjuryDetails
from cases.models import Case, CaseEvent
from reports.periods import OSLO

_numbers = itertools.count(1)

SECRET_TEXTS = [
    "HEMMELIG-TITTEL",
    "HEMMELIG-BESKRIVELSE",
    "HEMMELIG-STRAKSTILTAK",
    "HEMMELIG-FORSLAG",
    "HEMMELIG-STED",
    "HEMMELIG-UTFALL",
    "Pasient Paulsen",
    "Knust kneskål",
]


def oslo(*args) -> datetime:
    return datetime(*args, tzinfo=OSLO)


def category(code: str) -> Category:
    return Category.objects.get_or_create(code=code, defaults={"name_nb": code.capitalize()})[0]


def make_case(
    unit,
    reporter,
    reported_at: datetime,
    *,
    category_code: str = "nestenulykke",
    severity: str = "medium",
    acknowledged_after: timedelta | None = None,
    closed_after: timedelta | None = None,
    closure_due: datetime | None = None,
    escalation_level: int = 0,
    injury: bool = False,
    leader=None,
) -> Case:
    number = next(_numbers)
    deviation = Deviation.objects.create(
        reference=f"AV-{reported_at.year}-{900000 + number:06d}",
        reporter=reporter,
        unit=unit,
        occurred_at=reported_at - timedelta(minutes=30),
        category=category(category_code),
        severity=severity,
        title=f"HEMMELIG-TITTEL {number}",
        description=f"HEMMELIG-BESKRIVELSE {number}",
        immediate_action="HEMMELIG-STRAKSTILTAK",
        suggested_measure="HEMMELIG-FORSLAG",
        location="HEMMELIG-STED",
    )
    # reported_at is auto_now_add: set it afterwards.
    Deviation.objects.filter(pk=deviation.pk).update(reported_at=reported_at)
    deviation.reported_at = reported_at
    if injury:
        InjuryDetails.objects.create(
            deviation=deviation,
            injured_person="Pasient Paulsen",
            injury_kind="Knust kneskål",
            treatment=InjuryDetails.Treatment.HOSPITAL,
            absence=True,
        )
    status = Case.Status.REPORTED
    if acknowledged_after is not None:
        status = Case.Status.IN_PROGRESS
    closed_at = None
    if closed_after is not None:
        status = Case.Status.CLOSED
        closed_at = reported_at + closed_after
    case = Case.objects.create(
        deviation=deviation,
        deviation_unit=deviation.unit,
        status=status,
        responsible_unit=unit,
        responsible_leader=leader,
        escalation_level=escalation_level,
        closure_due=closure_due if closure_due is not None else reported_at + timedelta(days=30),
        received_at=None if acknowledged_after is None else reported_at + acknowledged_after,
        closed_at=closed_at,
        outcome_summary="HEMMELIG-UTFALL" if closed_at else "",
        closed_as=Case.ClosedAs.RESOLVED if closed_at else "",
    )
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.REPORTED, actor=reporter, at=reported_at
    )
    if acknowledged_after is not None:
        at = reported_at + acknowledged_after
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ACKNOWLEDGED, actor=leader, at=at)
        # A second acknowledgement (after a reopening, say) must not count: received_at
        # keeps the first, as the acknowledge service does.
        CaseEvent.objects.create(
            case=case, kind=CaseEvent.Kind.ACKNOWLEDGED, actor=leader, at=at + timedelta(days=3)
        )
    if closed_at:
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.CLOSED, actor=leader, at=closed_at)
    return case


@dataclass
class Seeded:
    cases: list[Case]
    now: datetime


def seed_history(org, *, count: int = 80, seed: int = 6) -> Seeded:
    """``count`` deviations spread over Q4 2025, Q1 2026 and April 2026, in every part of
    the test municipality, some acknowledged, some closed, some overdue or escalated."""
    rng = random.Random(seed)
    units = [org.department, org.unit, org.sibling_unit, org.sector, org.specialist_unit]
    codes = ["personskade", "nestenulykke", "branntillop", "materiell-skade", "annet"]
    severities = ["low", "medium", "high", "critical"]
    start = oslo(2025, 10, 1)
    span = (oslo(2026, 5, 1) - start).total_seconds()
    now = oslo(2026, 5, 2, 12, 0)
    cases = []
    for _ in range(count):
        reported_at = start + timedelta(seconds=rng.uniform(0, span))
        code = rng.choice(codes)
        acknowledged = rng.random() < 0.8
        closed = acknowledged and rng.random() < 0.6
        cases.append(
            make_case(
                rng.choice(units),
                org.reporter,
                reported_at,
                category_code=code,
                severity=rng.choice(severities),
                acknowledged_after=(
                    timedelta(hours=rng.uniform(0.5, 120)) if acknowledged else None
                ),
                closed_after=timedelta(days=rng.uniform(5, 40)) if closed else None,
                closure_due=reported_at + timedelta(days=rng.choice([7, 14, 30, 60])),
                escalation_level=rng.choice([0, 0, 0, 1, 2]),
                injury=code == "personskade",
                leader=org.leader,
            )
        )
    return Seeded(cases, now)


def pdf_text(data: bytes) -> str:
    """The PDF's text as poppler's pdftotext lays it out, one table row per line."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def squeezed(text: str) -> str:
    """Text without any whitespace, so a name broken over two lines is still found."""
    return "".join(text.split())
