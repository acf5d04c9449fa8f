"""An AMU member orders a summary and downloads it, in real Chromium; axe on the
statistics and committee pages."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from reports.models import AmuReport
from reports.periods import OSLO, last_completed_period, oslo_midnight, oslo_today
from tests.browser.conftest import PHONE, axe_check, login, scroll_width
from tests.factories import PASSWORD
from tests.reports.seeding import make_case

pytestmark = pytest.mark.browser


@pytest.fixture
def last_quarter(transactional_db, org):
    """The quarter that ended last, with a few deviations in it. (Summaries are built at
    once: Celery runs tasks in the test process.)"""
    period = last_completed_period("quarter", oslo_today())
    start, _end = period.bounds()
    for days, severity in [(3, "high"), (20, "low"), (45, "critical")]:
        make_case(
            org.department,
            org.reporter,
            (start + timedelta(days=days, hours=10)).astimezone(OSLO),
            severity=severity,
            acknowledged_after=timedelta(hours=5),
            leader=org.leader,
        )
    return period


def test_amu_member_orders_a_summary_and_downloads_the_pdf(
    org, last_quarter, live_server, page, browser_errors
):
    login(page, live_server, org.amu_member.username, PASSWORD)
    page.goto(f"{live_server.url}/rapporter/amu/")
    with page.expect_navigation():
        page.get_by_role("link", name=org.committee.name).click()

    form = page.locator("form", has=page.locator("select[name=period]"))
    form.locator("select[name=period]").select_option(value=last_quarter.slug())
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    report = AmuReport.objects.get()
    assert report.status == AmuReport.Status.READY
    link = page.locator(f"a[href='/rapporter/amu/sammendrag/{report.pk}/']")
    assert link.is_visible()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(
        f"{last_quarter.start.isoformat()}-{last_quarter.end.isoformat()}.pdf"
    )
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert last_quarter.start.isoformat() in reader.metadata.title
    assert last_quarter.end.isoformat() in reader.metadata.title
    text = "".join(page_.extract_text() for page_ in reader.pages)
    for case_reference in ["AV-"]:
        assert case_reference in text  # the serious deviations are listed
    assert browser_errors == []


def test_statistics_page_has_no_serious_accessibility_problems(
    org, last_quarter, live_server, phone_page, browser_errors
):
    page = phone_page
    login(page, live_server, org.higher_leader.username, PASSWORD)
    start = oslo_midnight(last_quarter.start).date().isoformat()
    page.goto(f"{live_server.url}/rapporter/statistikk/?start={start}&end={last_quarter.end}")
    assert page.locator("svg.bar-chart").count() == 5
    assert scroll_width(page) <= PHONE["width"]
    assert axe_check(page) == []
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true })")
    assert axe_check(page) == []
    assert browser_errors == []


def test_committee_page_has_no_serious_accessibility_problems(
    org, last_quarter, live_server, phone_page, browser_errors
):
    page = phone_page
    AmuReport.objects.create(
        committee=org.committee,
        period_start=last_quarter.start,
        period_end=last_quarter.end,
        scheduled=True,
    )
    login(page, live_server, org.amu_member.username, PASSWORD)
    page.goto(f"{live_server.url}/rapporter/amu/{org.committee.pk}/")
    assert axe_check(page) == []
    page.goto(f"{live_server.url}/rapporter/amu/")
    assert axe_check(page) == []
    assert browser_errors == []


def test_a_large_subtrees_figures_arrive_by_themselves_while_the_page_waits(
    org, last_quarter, live_server, page, settings, browser_errors
):
    """A period nobody asked for before, for a subtree too large to compute in the web
    process: the page says the figures are coming and fetches them itself. (Celery runs
    the computation in the test process, as soon as the page has answered.)"""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.STATISTICS_CACHE_SECONDS = 600
    settings.STATISTICS_INLINE_UNITS = 2
    login(page, live_server, org.top_leader.username, PASSWORD)

    page.goto(
        f"{live_server.url}/rapporter/statistikk/?start={last_quarter.start}&end={last_quarter.end}"
    )

    assert page.locator(".figures-pending").is_visible()
    assert axe_check(page) == []
    page.locator("svg.bar-chart").first.wait_for(timeout=10_000)
    assert not page.locator(".figures-pending").count()
    # The three deviations of the quarter.
    assert page.locator("tr.headline-total td").first.inner_text() == "3"
    assert browser_errors == []
