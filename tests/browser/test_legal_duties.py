"""In real Chromium: the leader of a serious injury sees the duty on top, records the
notices from the case page; the injury register and the public access preview pass axe."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.legal_records import AuthorityNotice
from tests.browser.conftest import axe_check, login
from tests.cases.legal import injury_case
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def serious_case(transactional_db, org):
    return injury_case(org)


def test_the_leader_records_the_notices_of_a_serious_injury(
    org, serious_case, live_server, page, browser_errors
):
    login(page, live_server, org.leader.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/saker/{serious_case.pk}/")

    box = page.locator("section.legal-duties")
    assert box.is_visible()
    assert "73 19 97 00" in box.inner_text() or "Arbeidstilsynet" in box.inner_text()
    assert axe_check(page) == []

    form = page.locator("form.step-record_notice")
    form.locator("select[name=recipient]").select_option("arbeidstilsynet")
    form.locator("input[name=notified_at]").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    form.locator("select[name=means]").select_option("phone")
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()

    notice = AuthorityNotice.objects.get(case=serious_case)
    assert notice.recipient == "arbeidstilsynet" and notice.recorded_by == org.leader
    assert "recorded-notices" in page.content()
    assert browser_errors == []


def test_the_injury_register_and_the_release_preview_pass_axe(
    org, serious_case, live_server, page, browser_errors
):
    login(page, live_server, org.hms_admin.username, PASSWORD)
    page.goto(f"{live_server.url}/rapporter/skaderegister/")
    assert serious_case.deviation.reference in page.locator("table.injury-register").inner_text()
    assert axe_check(page) == []

    page.goto(f"{live_server.url}/rapporter/offentlig-innsyn/?status=all")
    assert page.locator("mark.redaction").count() > 0
    assert axe_check(page) == []
    assert browser_errors == []
