"""Reporting from a poster without an account, in real Chromium on a phone: the form,
an anonymous report, the receipt's follow-up code, and the follow-up page with it; and
a file too large even after shrinking is refused before it is uploaded."""

from __future__ import annotations

import pytest

from avvik.models import Attachment, Deviation
from avvik.services import print_poster
from tests.avvik.filing import ensure_categories
from tests.browser.conftest import PHONE, axe_check, scroll_width
from tests.cases.limits import cache_of_its_own

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache_of_its_own(settings)


@pytest.fixture
def categories(transactional_db):
    return ensure_categories()


@pytest.fixture
def poster(org):
    return print_poster(
        org.department, by=org.leader, location="Vaskerom", allows_reporting_without_account=True
    )


def fill_report(form, title):
    form.locator("select[name=category]").select_option(label="Nestenulykke")
    form.locator("input[name=severity][value=medium]").check()
    form.locator("input[name=title]").fill(title)
    form.locator("textarea[name=description]").fill("Vann lekker fra maskinen.")


def test_an_apprentice_reports_anonymously_from_the_poster_and_follows_it_up(
    org, categories, poster, live_server, phone_page, browser_errors
):
    page = phone_page
    page.goto(f"{live_server.url}/avvik/plakat/{poster.unit.code}/{poster.token}/")
    assert scroll_width(page) <= PHONE["width"]
    assert axe_check(page) == []
    form = page.locator("form.report-form")
    fill_report(form, "Lekkasje på vaskerommet")
    form.locator("input[name=anonymous]").check()
    form.locator("button[name=submit_report]").click()

    page.locator("#follow-up-code").wait_for()
    code = page.locator("#follow-up-code").inner_text()
    deviation = Deviation.objects.get()
    assert deviation.is_anonymous and deviation.reporter is None
    assert deviation.location == "Vaskerom"
    assert axe_check(page) == []

    page.goto(f"{live_server.url}/avvik/oppfolging/")
    page.locator("input[name=code]").fill(code.lower())
    page.locator("main form button[type=submit]").click()
    page.get_by_text("Lekkasje på vaskerommet").first.wait_for()
    page.locator("textarea[name=text]").fill("Det drypper fortsatt.")
    page.locator("main form button[type=submit]").click()
    page.get_by_text("Det drypper fortsatt.").wait_for()
    assert deviation.case.events.filter(message="Det drypper fortsatt.", actor=None).exists()
    assert browser_errors == []


def test_a_file_still_too_large_is_refused_in_the_browser_before_it_is_sent(
    org, categories, poster, live_server, phone_page, tmp_path, browser_errors
):
    big_pdf = tmp_path / "tegning.pdf"
    big_pdf.write_bytes(b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024))
    page = phone_page
    page.goto(f"{live_server.url}/avvik/plakat/{poster.unit.code}/{poster.token}/")
    form = page.locator("form.report-form")
    fill_report(form, "For stor tegning")
    form.locator("input[name=reporter_name]").fill("Lærling Lie")
    field = form.locator("input[name=attachments]")

    field.set_input_files(str(big_pdf))

    message = page.locator(".photo-shrink-message")
    message.filter(has_text="tegning.pdf").wait_for()
    assert "10 MB" in message.inner_text()
    assert field.evaluate("input => input.files.length") == 0
    with page.expect_navigation():
        form.locator("button[name=submit_report]").click()
    assert Deviation.objects.get().reporter_name == "Lærling Lie"
    assert not Attachment.objects.exists()
    assert browser_errors == []
