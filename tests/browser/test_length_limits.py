"""Free-text limits said while typing, and nothing sent that the server would refuse for
its size, in real Chromium."""

import pytest

from avvik.models import Deviation
from tests.avvik.filing import ensure_categories
from tests.browser.conftest import axe_check, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def categories(transactional_db):
    return ensure_categories()


def test_a_title_over_150_characters_is_not_cut_and_is_said_while_typing(
    org, categories, live_server, page, browser_errors
):
    login(page, live_server, org.reporter.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")
    form = page.locator("form.report-form")
    title = form.locator("input[name=title]")
    counter = page.locator("#id_title_counter")

    title.fill("Glatt gulv")
    assert counter.inner_text() == "10 av 150 tegn"
    long_title = "Vannlekkasje " * 13  # 169 characters
    title.fill("")
    title.press_sequentially(long_title[:160])

    assert title.input_value() == long_title[:160]  # nothing cut by the browser
    assert counter.inner_text().startswith("160 av 150 tegn: 10 for mange.")
    assert title.get_attribute("aria-invalid") == "true"
    assert "id_title_counter" in title.get_attribute("aria-describedby")
    form.locator("select[name=category]").select_option(label="Nestenulykke")
    form.locator("input[name=severity][value=low]").check()
    form.locator("textarea[name=description]").fill("Vann på gulvet.")
    form.locator("button[name=submit_report]").click()

    # Not sent: the title keeps focus, with what was typed.
    assert page.evaluate("() => document.activeElement.name") == "title"
    assert page.url.endswith("/avvik/meld/")
    assert Deviation.objects.count() == 0
    title.fill(long_title[:150])
    assert counter.inner_text() == "150 av 150 tegn"
    with page.expect_navigation():
        form.locator("button[name=submit_report]").click()
    assert Deviation.objects.get().title == long_title[:150]
    assert browser_errors == []


def test_files_over_the_request_limit_are_stopped_before_sending(
    org, categories, live_server, page, browser_errors, settings, tmp_path
):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    big = tmp_path / "stor.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    login(page, live_server, org.reporter.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")
    form = page.locator("form.report-form")
    form.locator("textarea[name=description]").fill("Dette skal ikke gå tapt.")
    form.locator("input[name=attachments]").set_input_files(str(big))

    form.locator("button[name=submit_report]").click()

    notice = page.locator(".request-size-notice")
    assert notice.is_visible()
    assert "Filene er til sammen 2,0\xa0MB; høyst 1,0\xa0MB" in notice.inner_text()
    assert form.locator("textarea[name=description]").input_value() == "Dette skal ikke gå tapt."
    assert axe_check(page) == []
    assert browser_errors == []
