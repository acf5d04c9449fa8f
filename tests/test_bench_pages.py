"""bench/pages.py counts a page's own queries and leaves the benchmark data set as it
found it after measuring the filing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.db import connection, transaction

from avvik.models import Deviation
from cases.models import Case, CaseEvent
from tests.cases.workflow import open_case

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parent.parent / "bench" / "pages.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_pages", PAGES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_query_count_leaves_out_transaction_control(bench):
    counter = bench.QueryCounter()
    with connection.execute_wrapper(counter):
        with transaction.atomic():  # a savepoint inside the test's transaction
            Deviation.objects.exists()
            Case.objects.exists()

    assert counter.count == 2


def test_the_sessions_refresh_is_counted_apart_from_the_pages_queries(bench):
    """The idle timeout's write comes once a minute on whatever page is asked then: it
    would make one page in a run look a query dearer than it is."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    counter = bench.QueryCounter()
    with connection.execute_wrapper(counter):
        Session.objects.filter(session_key="abc").update(expire_date=timezone.now())
        Case.objects.exists()

    assert (counter.count, counter.session_refreshes) == (1, 1)


@pytest.mark.postgres
def test_the_filed_reports_are_deleted_with_their_case_and_timeline(bench, org):
    kept = open_case(org)
    filed = open_case(org)
    Deviation.objects.filter(pk=filed.deviation_id).update(title=bench.BENCH_FILING_TITLE)

    assert bench.delete_bench_filings() == 1

    assert not Case.objects.filter(pk=filed.pk).exists()
    assert not CaseEvent.objects.filter(case_id=filed.pk).exists()
    assert Case.objects.filter(pk=kept.pk).exists()
    assert CaseEvent.objects.filter(case=kept).exists()
