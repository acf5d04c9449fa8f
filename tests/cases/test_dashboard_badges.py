"""Dashboard rows mark forwarded, escalated and handed-over cases as they mark overdue
ones, and a closed case says who handled it rather than who handles it."""

from __future__ import annotations

import pytest

from cases.models import Case
from tests.avvik.filing import nb
from tests.cases.dashboard_cases import make_case

pytestmark = pytest.mark.django_db

DASHBOARD = "/avvik/saker/"


def _row(html: str, case) -> str:
    rows = html.split("<tr")[2:]
    (row,) = [row for row in rows if case.deviation.reference in row]
    return row


@pytest.mark.parametrize(
    ("arrived_via", "label"),
    [("forwarded", "Forwarded"), ("escalated", "Escalated"), ("handed_over", "Handed over")],
)
def test_a_case_that_came_another_way_than_routing_has_a_badge(
    client, org, categories, arrived_via, label
):
    moved = make_case(
        org.department, leader=org.leader, reporter=org.reporter, arrived_via=arrived_via
    )
    routed = make_case(org.department, leader=org.leader, reporter=org.reporter)
    client.force_login(org.leader)

    html = client.get(DASHBOARD).content.decode()

    assert f">{nb(label)}</span>" in _row(html, moved)
    assert "badge-arrived" in _row(html, moved)
    assert "badge-arrived" not in _row(html, routed)


def test_a_closed_case_says_who_handled_it(client, org, categories):
    closed = make_case(
        org.department,
        leader=org.leader,
        reporter=org.reporter,
        status=Case.Status.CLOSED,
        closure_due_in=-5,
    )
    client.force_login(org.leader)

    html = client.get(DASHBOARD, {"status": "all"}).content.decode()

    assert f"{nb('was handled by')} Lars Leder" in _row(html, closed)


def test_badges_cost_no_queries_per_row(client, org, categories, django_assert_max_num_queries):
    for n in range(30):
        make_case(
            org.department,
            leader=org.leader,
            reporter=org.reporter,
            arrived_via=["routing", "forwarded", "escalated", "handed_over"][n % 4],
        )
    client.force_login(org.leader)
    with django_assert_max_num_queries(20) as one_page:
        client.get(DASHBOARD)
    fixed = len(one_page)
    make_case(org.department, leader=org.leader, reporter=org.reporter, arrived_via="escalated")

    with django_assert_max_num_queries(fixed):
        client.get(DASHBOARD)
