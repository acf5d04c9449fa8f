"""The report form without coverage, in real Chromium at phone size: written offline
with a photo, kept on the phone, sent once when the phone is online again, the photo
made smaller before sending."""

from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from avvik.models import Deviation
from tests.avvik.filing import ensure_categories, nb
from tests.browser.conftest import login
from tests.cases.limits import cache_of_its_own
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fresh_limits(settings):
    cache_of_its_own(settings)


QUEUED = (
    "You are offline. The report is kept on this phone and will be sent by itself when the "
    "phone is online again. You may close the app; it is sent the next time you open it "
    "with a connection."
)


@pytest.fixture
def categories(transactional_db):
    return ensure_categories()


def large_photo(path) -> int:
    """A 4000 × 3000 phone-camera JPEG of well over 10 MB (noise hardly compresses)."""
    image = Image.frombytes("RGB", (4000, 3000), os.urandom(4000 * 3000 * 3))
    image.save(path, "JPEG", quality=95)
    return path.stat().st_size


def wait_for_service_worker(page):
    # Within the context's timeout: a worker that never installs fails the test, not hangs.
    page.wait_for_function("() => navigator.serviceWorker.ready.then(() => true)")
    # The first load was not through the worker: load again so the form is kept.
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def test_a_report_written_offline_with_a_photo_is_sent_once_when_online(
    org, categories, live_server, new_context, tmp_path
):
    photo = tmp_path / "kamera.jpg"
    original_size = large_photo(photo)
    assert original_size > 10 * 1024 * 1024
    context = new_context(phone=True)
    page = context.new_page()
    login(page, live_server, org.reporter.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")
    wait_for_service_worker(page)

    kept_token = page.locator("input[name=submission_token]").input_value()

    context.set_offline(True)
    page.reload()
    form = page.locator("form.report-form")
    # The form opens from the phone, says what will happen, with a token of its own.
    assert (
        nb(
            "You are offline. Fill in the report and send it: it is kept on this phone and sent "
            "by itself when the phone is online again."
        )
        in page.locator("#offline-status").inner_text()
    )
    assert page.locator("input[name=submission_token]").input_value() != kept_token
    form.locator("select[name=category]").select_option(label="Nestenulykke")
    form.locator("input[name=severity][value=medium]").check()
    form.locator("input[name=title]").fill("Løs kabel i kjelleren")
    form.locator("textarea[name=description]").fill("Kabel over gangen ved tavlerommet.")
    form.locator("input[name=attachments]").set_input_files(str(photo))
    form.locator("button[name=submit_report]").click()

    page.locator("#offline-status").filter(has_text=nb(QUEUED)).wait_for()
    assert Deviation.objects.count() == 0

    context.set_offline(False)
    page.wait_for_url("**/avvik/meld/kvittering/*/", timeout=30_000)
    assert Deviation.objects.count() == 1
    deviation = Deviation.objects.get()
    assert deviation.title == "Løs kabel i kjelleren"
    attachment = deviation.attachments.get()
    with attachment.file.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
    assert max(image.size) <= 2000
    assert attachment.original_name == "kamera.jpg"
    assert attachment.size < original_size / 4

    # Opening the app again sends nothing twice.
    page.goto(f"{live_server.url}/avvik/meld/")
    page.wait_for_load_state("networkidle")
    assert Deviation.objects.count() == 1


def test_the_installed_apps_worker_controls_the_report_pages(
    org, categories, live_server, new_context
):
    page = new_context(phone=True).new_page()
    login(page, live_server, org.reporter.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")

    scope = page.evaluate("() => navigator.serviceWorker.ready.then(r => r.scope)")
    manifest_href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.evaluate("href => fetch(href).then(r => r.json())", manifest_href)

    assert scope == f"{live_server.url}/avvik/"
    assert manifest["start_url"] == "/avvik/meld/"
    assert (live_server.url + manifest["start_url"]).startswith(scope)
    assert manifest["display"] == "standalone"


def test_a_poster_report_written_offline_shows_its_receipt_with_the_code_once_sent(
    org, categories, live_server, new_context
):
    from avvik.services import print_poster

    poster = print_poster(
        org.department, by=org.leader, location="Kjeller", allows_reporting_without_account=True
    )
    context = new_context(phone=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/avvik/plakat/{poster.unit.code}/{poster.token}/")
    wait_for_service_worker(page)

    context.set_offline(True)
    page.reload()
    form = page.locator("form.report-form")
    form.locator("select[name=category]").select_option(label="Nestenulykke")
    form.locator("input[name=severity][value=low]").check()
    form.locator("input[name=title]").fill("Mørkt i kjellergangen")
    form.locator("textarea[name=description]").fill("Lyspæren er gått.")
    form.locator("input[name=reporter_name]").fill("Vaktmester Vik")
    form.locator("button[name=submit_report]").click()
    page.locator("#offline-status").filter(has_text=nb(QUEUED)).wait_for()
    assert Deviation.objects.count() == 0

    context.set_offline(False)
    page.locator("#follow-up-code").wait_for(timeout=30_000)
    deviation = Deviation.objects.get()
    assert deviation.reporter_name == "Vaktmester Vik"
    assert deviation.location == "Kjeller"
    assert len(page.locator("#follow-up-code").inner_text().replace("-", "")) >= 16


def test_a_report_kept_on_a_shared_phone_is_never_filed_in_the_next_persons_name(
    org, categories, live_server, new_context
):
    context = new_context(phone=True)
    page = context.new_page()
    login(page, live_server, org.reporter.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")
    wait_for_service_worker(page)
    context.set_offline(True)
    page.reload()
    form = page.locator("form.report-form")
    form.locator("select[name=category]").select_option(label="Nestenulykke")
    form.locator("input[name=severity][value=low]").check()
    form.locator("input[name=title]").fill("Åses melding")
    form.locator("textarea[name=description]").fill("Skrevet uten dekning.")
    form.locator("button[name=submit_report]").click()
    page.locator("#offline-status").filter(has_text=nb(QUEUED)).wait_for()

    # Åse leaves the phone; a colleague logs in on it while it is back online.
    context.clear_cookies()
    context.set_offline(False)
    login(page, live_server, org.colleague.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")
    page.wait_for_load_state("networkidle")
    assert not Deviation.objects.exists()

    # When Åse opens the form again, her report is sent in her name.
    context.clear_cookies()
    login(page, live_server, org.reporter.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")
    page.wait_for_url("**/avvik/meld/kvittering/*/", timeout=30_000)
    assert Deviation.objects.get().reporter == org.reporter
