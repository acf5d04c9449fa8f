"""Filing a deviation on a phone, as an employee would, in real Chromium."""

import re

import pytest

from avvik.models import Deviation
from tests.avvik.filing import ensure_categories, jpeg_bytes
from tests.browser.conftest import PHONE, axe_check, login, scroll_width
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def categories(transactional_db):
    # The live server's tests empty the database after each test, data migrations too.
    return ensure_categories()


def _open_every_folded_section(page):
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true })")


def test_reporter_files_a_personal_injury_with_a_photo_on_a_phone(
    org, categories, live_server, phone_page, browser_errors, tmp_path
):
    org.leader.phone = "912 34 567"
    org.leader.save()
    photo = tmp_path / "skaden.jpg"
    photo.write_bytes(jpeg_bytes(size=(800, 600)))
    page = phone_page
    login(page, live_server, org.reporter.username, PASSWORD)

    page.goto(f"{live_server.url}/avvik/meld/")
    assert scroll_width(page) <= PHONE["width"]
    form = page.locator("form.report-form")
    form.locator("select[name=category]").select_option(label="Personskade")
    form.locator("input[name=severity][value=high]").check()
    form.locator("input[name=title]").fill("Skled på vått gulv")
    form.locator("textarea[name=description]").fill("Gulvet var nyvasket uten varselskilt.")
    injury = form.locator("details", has=page.locator("input[name=injured_person]"))
    # Choosing "Personskade" opened the injury section (static/js/injury-section.js).
    assert injury.get_attribute("open") is not None
    injury.locator("input[name=injured_person]").fill("Meg selv")
    injury.locator("input[name=injury_kind]").fill("Forstuet ankel")
    form.locator("input[name=attachments]").set_input_files(str(photo))
    with page.expect_navigation():
        form.locator("button[name=submit_report]").click()

    deviation = Deviation.objects.get()
    assert re.search(r"/avvik/meld/kvittering/\d+/$", page.url)
    assert deviation.reference in page.locator("main").inner_text()
    notice = page.get_by_role("alert")
    assert notice.is_visible()
    assert "Lars Leder" in notice.inner_text()
    assert notice.locator('a[href="tel:912 34 567"]').is_visible()
    assert scroll_width(page) <= PHONE["width"]
    assert [a.original_name for a in deviation.attachments.all()] == ["skaden.jpg"]
    assert deviation.injury_details.injury_kind == "Forstuet ankel"

    with page.expect_navigation():
        page.locator("main a[href='/avvik/mine/']").first.click()
    entry = page.locator("li.list-group-item", has_text=deviation.reference)
    assert entry.is_visible()
    assert "Skled på vått gulv" in entry.inner_text()
    assert "Lars Leder" in entry.inner_text()
    assert scroll_width(page) <= PHONE["width"]
    assert browser_errors == []


def test_report_form_has_no_serious_accessibility_problems(
    org, categories, live_server, phone_page, browser_errors
):
    page = phone_page
    login(page, live_server, org.reporter.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")

    assert axe_check(page) == []
    _open_every_folded_section(page)
    assert axe_check(page) == []

    # And as it comes back with messages next to the fields.
    with page.expect_navigation():
        page.locator("button[name=submit_report]").click()
    assert page.locator(".invalid-feedback").count() >= 4
    _open_every_folded_section(page)
    assert axe_check(page) == []
    assert scroll_width(page) <= PHONE["width"]
    assert browser_errors == []


def test_qr_poster_opens_the_form_with_unit_and_place_filled_in(
    org, categories, live_server, new_context, browser_errors, settings
):
    settings.SITE_URL = live_server.url
    leader_page = new_context(phone=True).new_page()
    login(leader_page, live_server, org.leader.username, PASSWORD)
    leader_page.goto(f"{live_server.url}/avvik/enheter/SOL/qr/")
    leader_page.locator("input[name=sted]").fill("Kjøkken 2. etg")
    with leader_page.expect_navigation():
        leader_page.locator("main form[method=get] button[type=submit]").click()

    assert leader_page.locator("section svg path").count() >= 1
    assert axe_check(leader_page) == []
    assert scroll_width(leader_page) <= PHONE["width"]
    link = leader_page.locator("section a").get_attribute("href")

    # Scanned by someone not yet logged in: the login page leads on to the filled-in form.
    reporter_page = new_context(phone=True).new_page()
    reporter_page.goto(link)
    assert "/logg-inn/" in reporter_page.url
    reporter_page.locator("input[name=username]").fill(org.reporter.username)
    reporter_page.locator("input[name=password]").fill(PASSWORD)
    with reporter_page.expect_navigation():
        reporter_page.locator("main button[type=submit]").click()

    assert reporter_page.url == link

    assert reporter_page.locator("select[name=unit]").input_value() == str(org.unit.pk)
    assert reporter_page.locator("input[name=location]").input_value() == "Kjøkken 2. etg"
    assert browser_errors == []
