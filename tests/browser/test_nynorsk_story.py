"""One whole story in a nynorsk municipality, in real Chromium: an employee files a
deviation, the leader handles it to closure, and the employee reads the outcome. Every
page on the way is in nynorsk: none of the bokmål-only or English words that betray the
wrong language (the list of tests/cases/test_pages_in_each_language.py), the timeline
included, and the category is named in nynorsk.

(It passes once the nynorsk catalogue holds every msgid.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.models import Deviation
from cases.models import Case
from tests.avvik.filing import ensure_categories
from tests.browser.conftest import axe_check, login
from tests.cases.test_pages_in_each_language import as_written, betraying
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def nynorsk_municipality(transactional_db, org, settings):
    settings.LANGUAGE_CODE = "nn"
    return ensure_categories()


def in_nynorsk(page) -> list[str]:
    """The words on the page that are not nynorsk (names and people's texts left out)."""
    assert page.locator("html").get_attribute("lang") == "nn"
    return betraying(page.locator("body").inner_text(), "nn", as_written())


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()


def test_a_deviation_is_filed_handled_and_closed_in_nynorsk(
    org, nynorsk_municipality, live_server, page, new_context, browser_errors
):
    # Filed by the employee.
    reporter = new_context().new_page()
    login(reporter, live_server, org.reporter.username, PASSWORD)
    reporter.goto(f"{live_server.url}/avvik/meld/")
    assert in_nynorsk(reporter) == []
    form = reporter.locator("form.report-form")
    form.locator("select[name=category]").select_option(label="Nestenulukke")
    form.locator("input[name=severity][value=medium]").check()
    form.locator("input[name=title]").fill("Glatt golv ved inngangen")
    form.locator("textarea[name=description]").fill("Vatn på golvet, inga skilt.")
    with reporter.expect_navigation():
        form.locator("button[name=submit_report]").click()
    case = Deviation.objects.get().case
    assert in_nynorsk(reporter) == []

    # Handled by the leader.
    login(page, live_server, org.leader.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/saker/{case.pk}/")
    assert in_nynorsk(page) == []
    submit(page, page.locator("form.step-acknowledge"))
    action_form = page.locator("form.step-add_corrective_action")
    action_form.locator("textarea[name=description]").fill("Set opp skilt og matte")
    action_form.locator("select[name=owner]").select_option(value=f"person:{org.colleague.pk}")
    due = timezone.localdate() + timedelta(days=7)
    action_form.locator("input[name=due_date]").fill(due.isoformat())
    submit(page, action_form)
    action = case.actions.get()
    submit(page, page.locator(f"#action-{action.pk} form"))
    risk = page.locator("form.step-assess_risk")
    for name, value in [
        ("probability", "3"),
        ("consequence", "4"),
        ("probability_after", "1"),
        ("consequence_after", "4"),
    ]:
        risk.locator(f"select[name={name}]").select_option(value=value)
    submit(page, risk)
    evaluation = page.locator("form.step-evaluate_effect")
    evaluation.locator("input[name=effective][value=yes]").check()
    submit(page, evaluation)
    assert in_nynorsk(page) == []

    # Closed, with the summary for the employee.
    close = page.locator("form.step-close_case")
    close.locator("textarea[name=summary]").fill("Skilt og matte er på plass.")
    close.locator("input[name=routine_review][value=no_change]").check()
    close.locator("input[name=routine]").fill("Rutine for vask av golv")
    close.locator("textarea[name=routine_note]").fill("Rutinen dekkjer dette allereie.")
    submit(page, close)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert in_nynorsk(page) == []
    assert axe_check(page) == []

    # The employee reads the outcome.
    reporter.goto(f"{live_server.url}/avvik/mine/{case.pk}/")
    assert "Skilt og matte er på plass." in reporter.locator("main").inner_text()
    assert in_nynorsk(reporter) == []
    reporter.goto(f"{live_server.url}/avvik/mine/")
    assert in_nynorsk(reporter) == []
    assert browser_errors == []
