"""The demo's deviations: a believable spread, filed like real ones, and never twice."""

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.models import Deviation, InjuryDetails, ReferenceCounter
from avvik.services import next_reference
from cases.models import Case, CaseEvent
from demo.deviations import seed_deviations
from demo.organisation import seed_organisation
from tests.avvik.filing import ensure_categories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_organisation(db):
    ensure_categories()
    seed_organisation()


def test_demo_deviations_are_spread_over_categories_units_and_18_months(
    demo_organisation, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        filed = seed_deviations(count=300)

    deviations = list(Deviation.objects.select_related("category", "unit", "case"))
    now = timezone.now()
    assert filed == len(deviations) == 300
    assert len({d.category.code for d in deviations}) == 9
    assert len({d.unit_id for d in deviations}) >= 12
    assert len({d.reporter_id for d in deviations}) >= 40
    assert all(now - timedelta(days=549) <= d.reported_at <= now for d in deviations)
    months = Counter(timezone.localtime(d.reported_at).strftime("%Y-%m") for d in deviations)
    assert len(months) >= 18
    assert all(d.occurred_at <= d.reported_at for d in deviations)
    assert not any(d.unit.is_specialist_unit for d in deviations)
    # Handled as far as they would have come by now (tests/demo/test_seed_demo.py has the rest).
    assert {Case.Status.REPORTED, Case.Status.CLOSED} <= {d.case.status for d in deviations}
    assert all(d.case.responsible_leader_id for d in deviations)
    # Nobody is told about made-up history.
    assert mailoutbox == []


def test_demo_personal_injuries_have_injury_details(demo_organisation):
    seed_deviations(count=120)

    injuries = Deviation.objects.filter(category__code="personskade")
    assert injuries.exists()
    assert InjuryDetails.objects.filter(deviation__in=injuries).count() == injuries.count()
    assert not InjuryDetails.objects.exclude(deviation__in=injuries).exists()


def test_demo_cases_are_dated_with_their_reports_and_open_their_timeline(demo_organisation):
    seed_deviations(count=50)

    for case in Case.objects.select_related("deviation"):
        assert case.opened_at == case.deviation.reported_at
        first = case.events.order_by("at", "pk").first()
        assert (first.kind, first.at) == (CaseEvent.Kind.REPORTED, case.deviation.reported_at)


def test_demo_reference_numbers_follow_the_year_and_date_of_each_report(demo_organisation):
    seed_deviations(count=150)

    by_year = {}
    for deviation in Deviation.objects.order_by("reported_at"):
        year = timezone.localtime(deviation.reported_at).year
        assert deviation.reference.startswith(f"AV-{year}-")
        by_year.setdefault(year, []).append(int(deviation.reference[-6:]))
    assert len(by_year) >= 2
    for year, numbers in by_year.items():
        assert numbers == list(range(1, len(numbers) + 1)), year
        assert ReferenceCounter.objects.get(year=year).last_number == len(numbers)


def test_a_report_filed_after_the_demo_gets_the_next_number(demo_organisation):
    seed_deviations(count=80)
    year = timezone.localtime().year
    this_year = Deviation.objects.filter(reference__startswith=f"AV-{year}-").count()

    assert next_reference(year) == f"AV-{year}-{this_year + 1:06d}"


def test_running_the_demo_seed_again_files_nothing_twice(demo_organisation):
    assert seed_deviations(count=40) == 40
    references = set(Deviation.objects.values_list("reference", flat=True))

    assert seed_deviations(count=40) == 0
    assert set(Deviation.objects.values_list("reference", flat=True)) == references


def test_an_interrupted_demo_seed_finishes_the_rest(demo_organisation):
    seed_deviations(count=30)

    assert seed_deviations(count=45) == 15
    assert Deviation.objects.count() == 45
    assert len(set(Deviation.objects.values_list("reference", flat=True))) == 45
