"""The broker (Redis) is down while people work: every state-changing step of the
permission matrix, filing a report, adding information and ordering an AMU summary is
kept and answered as done, never with a 500, and the notices the step owes are recorded
for the sweep to deliver once the broker is back."""

from __future__ import annotations

import uuid

import pytest

from avvik.models import Deviation
from cases.models import CaseEvent
from orgchart.models import Notification
from reports.models import AmuReport
from tests.cases.test_permission_matrix import (  # noqa: F401 (people is a fixture)
    STATE_FOR_STEP,
    STEPS,
    case_in,
    people,
    snapshot,
    step_request,
)
from tests.faults.broker import broker_at
from tests.faults.services import dead_redis_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(django_capture_on_commit_callbacks):
    """``with broker_down():`` the request commits and its tasks are really sent after
    commit, to a broker that refuses the connection."""
    from contextlib import contextmanager

    @contextmanager
    def down():
        with broker_at(dead_redis_url()), django_capture_on_commit_callbacks(execute=True):
            yield

    return down


@pytest.mark.parametrize("step", STEPS)
def test_a_step_is_kept_and_answered_while_the_broker_is_down(
    client, org, file_report, django_capture_on_commit_callbacks, request, step
):
    everyone = request.getfixturevalue("people")  # the permission matrix's fixture
    case = case_in(STATE_FOR_STEP.get(step, "in_progress"), org, file_report)
    url, data = step_request(step, case, org, everyone, file_report)
    before = snapshot(case)
    notices_before = Notification.objects.count()
    client.force_login(org.leader)

    with broker_at(dead_redis_url()), django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)

    assert response.status_code == 302, (step, response.status_code)
    assert response["Location"] == f"/avvik/saker/{case.pk}/"
    assert len(snapshot(case)["events"]) == len(before["events"]) + 1
    # Whatever the step owes is recorded, waiting for delivery: nothing was sent.
    owed = Notification.objects.all()[: Notification.objects.count() - notices_before]
    assert all(n.delivery == Notification.Delivery.QUEUED for n in owed), step


def test_filing_while_the_broker_is_down_lands_on_the_receipt_with_every_notice_recorded(
    client, org, categories, broker_down
):
    categories["nestenulykke"].inform_safety_representative = True
    categories["nestenulykke"].save()
    client.force_login(org.reporter)

    with broker_down():
        response = client.post(
            "/avvik/meld/",
            {
                "submission_token": str(uuid.uuid4()),
                "category": categories["nestenulykke"].pk,
                "severity": "medium",
                "title": "Glatt gulv",
                "description": "Vann ved inngangen.",
                "occurred_at": "2026-11-20T10:00",
                "unit": org.department.pk,
                "treatment": "none",
            },
        )

    deviation = Deviation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/avvik/meld/kvittering/{deviation.case.pk}/"
    assert CaseEvent.objects.filter(case=deviation.case, kind="reported").exists()
    told = set(Notification.objects.values_list("recipient", "delivery"))
    assert told == {
        (org.leader.pk, Notification.Delivery.QUEUED),
        (org.safety_rep.pk, Notification.Delivery.QUEUED),
    }


def test_adding_information_while_the_broker_is_down_is_kept(
    client, org, file_report, django_capture_on_commit_callbacks
):
    case = file_report()
    client.force_login(org.reporter)

    with broker_at(dead_redis_url()), django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/avvik/mine/{case.pk}/legg-til/", {"text": "Det var mørkt"})

    assert response.status_code == 302
    assert case.events.filter(kind=CaseEvent.Kind.INFORMATION_ADDED).exists()


def test_ordering_a_summary_while_the_broker_is_down_keeps_the_order(client, org, broker_down):
    client.force_login(org.amu_member)

    with broker_down():
        response = client.post(
            f"/rapporter/amu/{org.committee.pk}/",
            {"period": "custom", "start": "2026-03-10", "end": "2026-03-19"},
        )

    assert response.status_code == 302
    report = AmuReport.objects.get()
    assert report.status == AmuReport.Status.PENDING
    assert report.queued_at is not None, "the sweep finds it by this"
