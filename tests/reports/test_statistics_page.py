"""Who sees which statistics, and the page's fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.seeding import make_case, oslo, seed_history

URL = "/rapporter/statistikk/"
# Session, user, roles, the scope and its chooser, then the figures: about a dozen
# aggregate queries on PostgreSQL, a few more on SQLite (one per percentile).
MAX_QUERIES = 30
Q1 = {"start": "2026-01-01", "end": "2026-03-31"}


def test_leader_sees_the_statistics_of_their_own_subtree(client, org, seeded, english):
    client.force_login(org.higher_leader)
    response = client.get(URL, Q1)
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [unit.pk for unit in figures.scope.roots] == [org.sector.pk]
    body = response.content.decode()
    assert body.count('<svg class="bar-chart') == 5
    assert body.count('<details class="chart-numbers"') == 5
    assert 'role="img"' in body
    # A unit one level down links to its own figures.
    assert f"unit={org.unit.code}" in body
    assert "style=" not in body


def test_leader_can_narrow_to_a_unit_below_but_not_a_sibling(client, org, seeded):
    client.force_login(org.leader)
    assert client.get(URL, {"unit": org.department.code, **Q1}).status_code == 200
    assert client.get(URL, {"unit": org.sibling_unit.code, **Q1}).status_code == 404
    assert client.get(URL, {"unit": org.sector.code, **Q1}).status_code == 404
    assert client.get(URL + "csv/", {"unit": org.sibling_unit.code}).status_code == 404
    assert client.get(URL + "pdf/", {"unit": org.sibling_unit.code}).status_code == 404


@pytest.mark.parametrize("who", ["reporter", "amu_member", "safety_rep", "specialist", "outsider"])
def test_people_who_lead_nothing_get_404(client, org, who):
    client.force_login(getattr(org, who))
    assert client.get(URL).status_code == 404
    assert client.get(URL + "csv/").status_code == 404
    assert client.get(URL + "pdf/").status_code == 404


def test_hms_admin_sees_the_whole_organisation(client, org, seeded):
    client.force_login(org.hms_admin)
    response = client.get(URL, Q1)
    assert response.status_code == 200
    assert response.context["figures"].scope.whole_organisation
    assert response.context["figures"].total.current == sum(
        1 for c in seeded.cases if oslo(2026, 1, 1) <= c.deviation.reported_at < oslo(2026, 4, 1)
    )


def test_bad_dates_show_an_error_and_the_default_period(client, org):
    client.force_login(org.leader)
    response = client.get(URL, {"start": "2026-03-01", "end": "2026-02-01"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get(URL, {"start": "2999-01-01"}).context["form"].errors


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_statistics_page_runs_a_fixed_number_of_queries(client, org, django_assert_max_num_queries):
    client.force_login(org.higher_leader)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(URL, Q1)
    # One acknowledged and closed case in each period, so every figure has rows.
    for when in (oslo(2026, 2, 1, 12), oslo(2025, 11, 1, 12)):
        make_case(
            org.department,
            org.reporter,
            when,
            acknowledged_after=timedelta(hours=3),
            closed_after=timedelta(days=9),
        )
    few = _queries(client, Q1)
    seed_history(org, count=150, seed=9)
    many = _queries(client, Q1)
    assert few == many <= MAX_QUERIES


def test_headings_show_dates_in_the_readers_format_not_iso(client, org):
    client.force_login(org.higher_leader)
    response = client.get(URL, {"start": "2026-02-01", "end": "2026-04-30"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "1. februar 2026 – 30. april 2026" in body
    assert "2026-02-01 –" not in body and "– 2026-04-30" not in body
