from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.attachments import check_upload
from avvik.services import store_attachment
from cases.services import file_deviation
from tests.avvik.filing import ensure_categories, jpeg


@pytest.fixture
def categories(db):
    """The routine's categories by code (personskade, nestenulykke, materiell-skade …)."""
    return ensure_categories()


@pytest.fixture
def file_report(org, categories):
    """File a report through the service, as the form does: ``file_report(photo=True,
    injury=True)`` gives a personal injury report with a photo attached."""

    def file(
        reporter=None,
        *,
        unit=None,
        category="nestenulykke",
        photo=False,
        injury=False,
        title="Glatt gulv ved inngangen",
    ):
        reporter = reporter or org.reporter
        category = "personskade" if injury else category
        filed = file_deviation(
            reporter,
            fields={
                "unit": unit or org.department,
                "category": categories[category],
                "severity": "medium",
                "title": title,
                "description": "Vann på gulvet ved hovedinngangen.",
                "occurred_at": timezone.now() - timedelta(hours=2),
            },
            injury=(
                {
                    "injured_person": "Per Pasientsen",
                    "injury_kind": "Brukket håndledd",
                    "treatment": "hospital",
                    "absence": True,
                }
                if injury
                else None
            ),
        )
        if photo:
            store_attachment(
                check_upload(jpeg("gulvet.jpg")), by=reporter, deviation=filed.case.deviation
            )
        return filed.case

    return file
