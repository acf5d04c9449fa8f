"""The small tables each process keeps (the categories, the deadlines, the severities'
names): a change in the admin applies to the next report, in this process and in the
others, and the form never offers or accepts what was taken away."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from avvik import kept_rows
from avvik.models import Category, Deviation, kept_categories
from cases.deadlines import add_working_days, kept_policies
from cases.models import DeadlinePolicy
from tests.avvik.filing import REPORT_URL, errors_next_to, report_data

pytestmark = pytest.mark.django_db


def test_a_deadline_changed_in_the_admin_applies_to_the_next_report(client, org, categories):
    from django.test import Client

    admin_client = Client()
    admin_client.force_login(org.hms_admin)
    client.force_login(org.reporter)
    client.post(REPORT_URL, report_data(org.department, categories["nestenulykke"]))
    policy = DeadlinePolicy.objects.get(severity="medium")
    admin_client.post(
        f"/admin/cases/deadlinepolicy/{policy.pk}/change/",
        {
            "severity": "medium",
            "receipt_working_days": policy.receipt_working_days + 4,
            "closure_days": policy.closure_days,
            "escalation_interval_working_days": policy.escalation_interval_working_days,
        },
    )

    client.post(REPORT_URL, report_data(org.department, categories["nestenulykke"]))

    first, second = Deviation.objects.order_by("pk").select_related("case")
    assert first.case.receipt_due == add_working_days(
        first.reported_at, policy.receipt_working_days
    )
    assert second.case.receipt_due == add_working_days(
        second.reported_at, policy.receipt_working_days + 4
    )


def test_a_category_taken_out_of_use_is_neither_offered_nor_accepted(client, org, categories):
    client.force_login(org.reporter)
    fire = categories["branntillop"]
    assert f'value="{fire.pk}"' in client.get(REPORT_URL).content.decode()
    fire.is_active = False
    fire.save()

    page = client.get(REPORT_URL).content.decode()
    response = client.post(REPORT_URL, report_data(org.department, fire))

    assert f'value="{fire.pk}"' not in page
    assert response.status_code == 200
    assert errors_next_to(response, "category")
    assert not Deviation.objects.exists()


def test_a_category_added_in_another_process_is_offered_within_seconds(
    client, org, categories, monkeypatch
):
    """Another web process saved the row: this one learns it from the shared version,
    without a signal of its own."""
    client.force_login(org.reporter)
    client.get(REPORT_URL)
    monkeypatch.setattr(kept_rows, "RECHECK_SECONDS", -1.0)  # as if the seconds had passed
    new = Category.objects.bulk_create([Category(code="stoy", name_nb="Støy", sort_order=1)])[0]
    assert f'value="{new.pk}"' not in client.get(REPORT_URL).content.decode()

    cache.set(kept_categories.version_key, "changed elsewhere", None)

    assert f'value="{new.pk}"' in client.get(REPORT_URL).content.decode()


def test_the_report_form_reads_the_categories_and_deadlines_once_per_process(
    client, org, categories
):
    client.force_login(org.reporter)
    client.post(REPORT_URL, report_data(org.department, categories["nestenulykke"]))
    assert kept_categories.is_loaded() and kept_policies.is_loaded()

    with CaptureQueriesContext(connection) as captured:
        client.post(REPORT_URL, report_data(org.department, categories["nestenulykke"]))

    own = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(own) <= 12, "\n".join(own)
    sql = " ".join(own)
    assert "avvik_category" not in sql
    assert "cases_deadlinepolicy" not in sql
    assert Deviation.objects.count() == 2


def test_other_processes_are_told_of_a_change_once_it_is_committed(
    categories, django_capture_on_commit_callbacks
):
    """Told before the commit, another process could read the old rows at once and keep
    them under the new version until the next change."""
    fire = categories["branntillop"]
    before = cache.get(kept_categories.version_key)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fire.name_nb = "Brann"
        fire.save()
        assert cache.get(kept_categories.version_key) == before
        assert not kept_categories.is_loaded()  # this process reads again at once

    for callback in callbacks:
        callback()
    assert cache.get(kept_categories.version_key) != before
