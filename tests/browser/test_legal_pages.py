"""The privacy notice and the accessibility statement in a browser, from the footer."""

import pytest

from tests.browser.conftest import PHONE, axe_check, scroll_width

pytestmark = pytest.mark.browser


def test_footer_leads_to_both_pages_and_axe_finds_nothing_serious(
    live_server, phone_page, browser_errors, transactional_db
):
    page = phone_page
    page.goto(f"{live_server.url}/logg-inn/")

    page.get_by_role("link", name="Personvernerklæring").click()
    page.wait_for_url(f"{live_server.url}/personvern/")
    assert page.get_by_role("heading", level=1).inner_text() == "Personvernerklæring"
    assert axe_check(page) == []
    assert scroll_width(page) <= PHONE["width"]

    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    page.wait_for_url(f"{live_server.url}/tilgjengelighet/")
    assert axe_check(page) == []
    assert scroll_width(page) <= PHONE["width"]
    assert browser_errors == []
