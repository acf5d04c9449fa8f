"""Reference numbers: AV-<year>-<6 digits>, sequential per year, never shared."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from avvik.models import Deviation, ReferenceCounter
from avvik.services import next_reference
from cases.services import file_deviation
from tests.avvik.filing import ensure_categories
from tests.concurrency import at_once, values_and_errors
from tests.factories import UserFactory


def _fields(org, categories, title="Test"):
    return {
        "unit": org.department,
        "category": categories["nestenulykke"],
        "severity": "low",
        "title": title,
        "description": "Beskrivelse",
        "occurred_at": timezone.now() - timedelta(hours=1),
    }


@pytest.mark.django_db
def test_reports_are_numbered_in_sequence_within_the_year(org, categories):
    year = timezone.localtime().year

    first = file_deviation(org.reporter, fields=_fields(org, categories)).case.deviation
    second = file_deviation(org.colleague, fields=_fields(org, categories)).case.deviation

    assert first.reference == f"AV-{year}-000001"
    assert second.reference == f"AV-{year}-000002"


@pytest.mark.django_db
def test_each_year_starts_from_one():
    assert next_reference(2025) == "AV-2025-000001"
    assert next_reference(2025) == "AV-2025-000002"
    assert next_reference(2026) == "AV-2026-000001"
    assert ReferenceCounter.objects.get(year=2025).last_number == 2


@pytest.mark.django_db
def test_a_refused_report_uses_no_number(org, categories):
    year = timezone.localtime().year
    org.sibling_unit.is_active = False
    org.sibling_unit.save()
    closed_unit = {**_fields(org, categories), "unit": org.sibling_unit}

    with pytest.raises(ValidationError):
        file_deviation(org.reporter, fields=closed_unit)
    filed = file_deviation(org.reporter, fields=_fields(org, categories)).case.deviation

    assert filed.reference == f"AV-{year}-000001"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reports_filed_at_the_same_instant_get_distinct_consecutive_numbers(org):
    categories = ensure_categories()
    threads_count = 8
    reporters = [UserFactory(username=f"samtidig{n}") for n in range(threads_count)]

    def file_one(reporter):
        filed = file_deviation(
            reporter,
            fields=_fields(org, categories, title=reporter.username),
            submission_token=uuid.uuid4(),
        )
        return filed.case.deviation.reference

    references, errors = values_and_errors(
        at_once(*[lambda reporter=reporter: file_one(reporter) for reporter in reporters])
    )

    year = timezone.localtime().year
    assert errors == []
    assert sorted(references) == [f"AV-{year}-{n:06d}" for n in range(1, threads_count + 1)]
    assert Deviation.objects.count() == threads_count
    assert ReferenceCounter.objects.get(year=year).last_number == threads_count
