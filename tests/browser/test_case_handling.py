"""A leader handles a case from receipt to closure in real Chromium, and the reporter then
sees the outcome; axe on the case page and the reporter's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.models import Severity
from cases.models import Case
from cases.services import file_deviation
from tests.avvik.filing import ensure_categories
from tests.browser.conftest import axe_check, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def filed_case(transactional_db, org) -> Case:
    categories = ensure_categories()
    filed = file_deviation(
        org.reporter,
        fields={
            "unit": org.department,
            "category": categories["nestenulykke"],
            "severity": Severity.MEDIUM,
            "title": "Glatt gulv ved inngangen",
            "description": "Vann på gulvet ved hovedinngangen, ingen skilt.",
            "occurred_at": timezone.now() - timedelta(hours=3),
            "immediate_action": "Tørket opp vannet",
        },
    )
    return filed.case


def step_form(page, step: str):
    return page.locator(f"form.step-{step}")


def submit(page, form) -> None:
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()


def check_every_folded_step(page) -> None:
    """Open each folded step from its link and check the page with its form for
    accessibility, then come back."""
    back_to = page.url
    links = page.locator("nav.steps-folded a.step-link")
    for href in [links.nth(n).get_attribute("href") for n in range(links.count())]:
        page.goto(back_to.split("?")[0] + href)
        step = href.split("=")[1].split("#")[0]
        assert page.locator(f"#h-step-{step}").is_visible()
        assert axe_check(page) == []
    page.goto(back_to)


def test_a_leader_handles_a_case_to_closure_and_the_reporter_sees_the_outcome(
    org, filed_case, live_server, page, new_context, browser_errors
):
    case_url = f"{live_server.url}/avvik/saker/{filed_case.pk}/"
    login(page, live_server, org.leader.username, PASSWORD)
    page.goto(case_url)
    assert filed_case.deviation.reference in page.locator("h1").inner_text()
    assert "Tørket opp vannet" in page.locator("section[aria-labelledby=h-actions]").inner_text()
    assert axe_check(page) == []
    check_every_folded_step(page)

    # Receipt, with the deadline suggested from the severity.
    acknowledge = step_form(page, "acknowledge")
    assert acknowledge.locator("input[name=closure_due]").input_value()
    submit(page, acknowledge)
    filed_case.refresh_from_db()
    assert filed_case.status == Case.Status.IN_PROGRESS

    # A corrective action for a colleague in the unit.
    action_form = step_form(page, "add_corrective_action")
    action_form.locator("textarea[name=description]").fill("Sett opp varselskilt og matte")
    action_form.locator("select[name=owner]").select_option(value=f"person:{org.colleague.pk}")
    due = timezone.localdate() + timedelta(days=7)
    action_form.locator("input[name=due_date]").fill(due.isoformat())
    submit(page, action_form)
    action = filed_case.actions.get()
    item = page.locator(f"#action-{action.pk}")
    assert "Sett opp varselskilt og matte" in item.inner_text()
    assert "Kari Kollega" in item.inner_text()

    # Done, noted.
    item.locator("input[name=note]").fill("Skilt og matte på plass")
    submit(page, item.locator("form"))
    action.refresh_from_db()
    assert action.is_done
    assert "Skilt og matte på plass" in page.locator(f"#action-{action.pk}").inner_text()

    # A new risk assessment: 3 × 4 now, 1 × 4 after.
    risk = step_form(page, "assess_risk")
    for name, value in [
        ("probability", "3"),
        ("consequence", "4"),
        ("probability_after", "1"),
        ("consequence_after", "4"),
    ]:
        risk.locator(f"select[name={name}]").select_option(value=value)
    submit(page, risk)
    now_cell = page.locator("td.risk-cell.risk-before")
    assert now_cell.get_attribute("data-probability") == "3"
    assert now_cell.get_attribute("data-consequence") == "4"
    assert "risk-high" in now_cell.get_attribute("class")
    assert "risk-low" in page.locator("td.risk-cell.risk-after").get_attribute("class")

    # The actions worked.
    evaluation = step_form(page, "evaluate_effect")
    evaluation.locator("input[name=effective][value=yes]").check()
    evaluation.locator("textarea[name=note]").fill("Ingen glatte gulv siden")
    submit(page, evaluation)
    assert page.locator("li.evaluation").count() == 1
    assert not page.locator(".closing-blockers").count()
    assert axe_check(page) == []

    # Close, with the summary for the reporter.
    close = step_form(page, "close_case")
    close.locator("textarea[name=summary]").fill("Det er satt opp varselskilt og lagt matte.")
    close.locator("input[name=routine_review][value=no_change]").check()
    close.locator("input[name=routine]").fill("Rutine for renhold av inngangsparti")
    close.locator("textarea[name=routine_note]").fill("Rutinen dekker dette allerede")
    submit(page, close)
    filed_case.refresh_from_db()
    assert filed_case.status == Case.Status.CLOSED
    assert page.locator("form.step-reopen").count() == 1
    assert axe_check(page) == []

    # The reporter sees the outcome on their own page.
    reporter_page = new_context().new_page()
    login(reporter_page, live_server, org.reporter.username, PASSWORD)
    reporter_page.goto(f"{live_server.url}/avvik/mine/{filed_case.pk}/")
    outcome = reporter_page.locator("section[aria-labelledby=h-outcome]")
    assert "Det er satt opp varselskilt og lagt matte." in outcome.inner_text()
    assert "Ingen glatte gulv siden" not in reporter_page.locator("main").inner_text()
    assert axe_check(reporter_page) == []
    assert browser_errors == []


def test_a_folded_step_opens_and_posts_without_javascript(
    org, filed_case, live_server, new_context
):
    page = new_context(java_script_enabled=False).new_page()
    login(page, live_server, org.leader.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/saker/{filed_case.pk}/")

    assert not page.locator("textarea[name=reason]").count()
    with page.expect_navigation():
        page.locator("a.step-link-forward_up_the_line").click()
    opened = page.locator("section[aria-labelledby=h-step-forward_up_the_line]")
    assert "Sara Sektor" in opened.inner_text()
    opened.locator("textarea[name=reason]").fill("Krever ombygging av inngangen")
    submit(page, opened.locator("form"))

    filed_case.refresh_from_db()
    assert filed_case.responsible_leader == org.higher_leader
    assert "Krever ombygging av inngangen" in page.locator("#h-timeline + p + ol").inner_text()
