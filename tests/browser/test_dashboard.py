"""A leader's dashboard in real Chromium: the list, a filter, and axe-core on the page."""

from __future__ import annotations

import pytest

from tests.avvik.filing import ensure_categories, nb
from tests.browser.conftest import PHONE, axe_check, login, scroll_width
from tests.cases.dashboard_cases import make_case
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def leader_cases(transactional_db, org):
    ensure_categories()
    return {
        severity: make_case(
            org.department,
            leader=org.leader,
            reporter=org.reporter,
            severity=severity,
            title=f"Avvik med {severity} alvorlighet",
            closure_due_in=-1 if severity == "low" else 10,
        )
        for severity in ["low", "medium", "high", "critical"]
    }


def _listed(page) -> list[str]:
    return page.locator("table.case-table tbody tr td:first-child a").all_inner_texts()


def test_leader_filters_the_dashboard_and_axe_finds_nothing_serious(
    org, leader_cases, live_server, page, browser_errors
):
    login(page, live_server, org.leader.username, PASSWORD)
    with page.expect_navigation():
        page.get_by_role("link", name=nb("Cases"), exact=True).click()

    assert page.url.endswith("/avvik/saker/")
    assert set(_listed(page)) == {case.deviation.reference for case in leader_cases.values()}
    # Overdue first: the low-severity case is past its deadline.
    assert _listed(page)[0] == leader_cases["low"].deviation.reference
    assert page.locator("tr.case-overdue .badge-overdue").count() == 1
    assert axe_check(page) == []

    page.get_by_label(nb("Severity")).select_option("high")
    with page.expect_navigation():
        page.locator("form.dashboard-filters [type=submit]").click()

    assert "severity=high" in page.url
    assert _listed(page) == [leader_cases["high"].deviation.reference]
    assert page.get_by_label(nb("Severity")).input_value() == "high"
    assert axe_check(page) == []
    assert browser_errors == []


def test_dashboard_fits_a_phone_screen(org, leader_cases, live_server, phone_page, browser_errors):
    page = phone_page
    login(page, live_server, org.leader.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/saker/")

    assert scroll_width(page) <= PHONE["width"]
    assert page.get_by_role("link", name=leader_cases["critical"].deviation.reference).is_visible()
    assert axe_check(page) == []
    assert browser_errors == []
