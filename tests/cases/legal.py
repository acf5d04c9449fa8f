"""Injury reports for the tests of the employer's legal duties."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cases import services
from cases.services import legal_notices
from tests.avvik.filing import ensure_categories

INJURED = "Per Pasientsen"
INJURY_KIND = "Brudd i venstre lårhals, operert"


def injury_case(
    org,
    *,
    harm="serious",
    treatment="hospital",
    absence=True,
    unit=None,
    reporter=None,
    **injury,
):
    categories = ensure_categories()
    filed = services.file_deviation(
        reporter or org.reporter,
        fields={
            "unit": unit or org.department,
            "category": categories["personskade"],
            "severity": "critical" if harm != "not_serious" else "medium",
            "title": "Fall fra stige på lageret",
            "description": "Stigen skled på det våte gulvet.",
            "location": "Lageret, 1. etg",
            "occurred_at": timezone.now() - timedelta(hours=1),
        },
        injury={
            "injured_person": INJURED,
            "injury_kind": INJURY_KIND,
            "injury_type": "fracture",
            "treatment": treatment,
            "absence": absence,
            "harm": harm,
            **injury,
        },
    )
    return filed.case


def record_all_notices(case, by) -> None:
    when = timezone.now() - timedelta(minutes=10)
    for recipient in legal_notices.duties_for(case).outstanding:
        legal_notices.record_notice(
            case, by=by, recipient=recipient, notified_at=when, means="phone"
        )
