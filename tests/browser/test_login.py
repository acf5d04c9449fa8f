"""Logging in on a phone, as an employee would: the first thing everyone does."""

import pytest

from tests.browser.conftest import PHONE, axe_check, login, scroll_width
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_employee_logs_in_with_email_on_a_phone(org, live_server, phone_page, browser_errors):
    page = phone_page
    page.goto(f"{live_server.url}/logg-inn/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert scroll_width(page) <= PHONE["width"]
    assert axe_check(page) == []

    login(page, live_server, org.reporter.email, PASSWORD)

    assert page.url == f"{live_server.url}/"
    assert org.reporter.first_name in page.locator("h1").inner_text()
    assert scroll_width(page) <= PHONE["width"]
    assert axe_check(page) == []
    assert browser_errors == []


def test_skip_link_is_the_first_stop_and_leads_to_the_main_content(org, live_server, phone_page):
    page = phone_page
    login(page, live_server, org.reporter.username, PASSWORD)

    page.keyboard.press("Tab")
    skip_link = page.locator("a.skip-link")
    assert skip_link.evaluate("link => link === document.activeElement")
    assert skip_link.get_attribute("href") == "#main"

    page.keyboard.press("Enter")
    assert page.locator("main#main").evaluate("main => main === document.activeElement")


def test_wrong_password_shows_an_error_and_keeps_the_username(org, live_server, phone_page):
    page = phone_page
    login(page, live_server, org.reporter.email, "not-the-password")

    assert page.url.startswith(f"{live_server.url}/logg-inn/")
    assert page.get_by_role("alert").is_visible()
    assert page.locator("input[name=username]").input_value() == org.reporter.email
    assert page.locator("input[name=password]").input_value() == ""
    assert axe_check(page) == []
