"""In real Chromium: the report form opens the injury section when a health-data category
is chosen; a leader hands a case sideways to the unit where it happened; the leader there
tries to close too early and sees one list of what is missing, records a corrective action
already done, evaluates it, and closes with a review of the work routines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.models import Severity
from cases.models import Case
from cases.services import file_deviation
from tests.avvik.filing import ensure_categories
from tests.browser.conftest import axe_check, login
from tests.browser.test_case_handling import step_form, submit
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def case_elsewhere(transactional_db, org) -> Case:
    """Reported by someone of Solsiden about something in Hjemmetjenesten: it reaches
    Solsiden's leader, the reporter's own."""
    categories = ensure_categories()
    return file_deviation(
        org.reporter,
        fields={
            "unit": org.sibling_unit,
            "category": categories["nestenulykke"],
            "severity": Severity.LOW,
            "title": "Løs trappeskinne i Hjemmetjenesten",
            "description": "Trappeskinnen i inngangen til Hjemmetjenesten sitter løst.",
            "occurred_at": timezone.now() - timedelta(hours=3),
            "immediate_action": "Skrudde fast skinnen med nye skruer",
        },
    ).case


def test_choosing_personal_injury_opens_the_injury_section(
    org, transactional_db, live_server, page, browser_errors
):
    ensure_categories()
    login(page, live_server, org.reporter.username, PASSWORD)
    page.goto(f"{live_server.url}/avvik/meld/")
    section = page.locator("#injury-section")
    assert section.get_attribute("open") is None

    page.locator("select[name=category]").select_option(label="Personskade")

    assert section.get_attribute("open") is not None
    assert page.locator("input[name=injury_kind]").is_visible()
    assert browser_errors == []


def test_hand_over_sideways_then_close_with_an_action_already_done(
    org, case_elsewhere, live_server, page, new_context, browser_errors
):
    case_url = f"{live_server.url}/avvik/saker/{case_elsewhere.pk}/"
    login(page, live_server, org.leader.username, PASSWORD)
    page.goto(case_url)
    assert case_elsewhere.responsible_leader == org.leader

    # The sideways step, from its folded link.
    with page.expect_navigation():
        page.locator("a.step-link-hand_over_sideways").click()
    panel = page.locator("section[aria-labelledby=h-step-hand_over_sideways]")
    assert "Nina Nabo" in panel.inner_text()
    assert axe_check(page) == []
    panel.locator("textarea[name=reason]").fill("Skinnen er Hjemmetjenestens ansvar")
    submit(page, panel.locator("form"))
    case_elsewhere.refresh_from_db()
    assert case_elsewhere.responsible_leader == org.sibling_leader
    assert "Nina Nabo" in page.locator("#h-timeline + p + ol").inner_text()
    # The first leader keeps read access but has no steps left.
    assert not page.locator("form.step-form").count()

    # The leader where it happened takes it over.
    there = new_context().new_page()
    login(there, live_server, org.sibling_leader.username, PASSWORD)
    there.goto(case_url)
    submit(there, step_form(there, "acknowledge"))

    # Closing too early: one list of everything missing, messages next to the fields.
    there.goto(case_url + "?steg=close_case#h-step-close_case")
    submit(there, step_form(there, "close_case"))
    close_panel = there.locator("section[aria-labelledby=h-step-close_case]")
    text = close_panel.inner_text()
    assert not close_panel.locator(".closing-blockers").count()
    assert "minst ett korrigerende tiltak" in text
    assert "vurderes som virksomme" in text
    assert close_panel.locator("#error_1_id_close_case_routine_review").count() == 1
    assert axe_check(there) == []

    # The immediate action already restored the normal state: recorded in one step.
    there.goto(case_url + "?steg=record_action_already_done#h-step-record_action_already_done")
    already = step_form(there, "record_action_already_done")
    assert "Skrudde fast skinnen" in already.locator("textarea[name=description]").input_value()
    submit(there, already)
    assert case_elsewhere.actions.get().already_done

    # Risk, then the evaluation, then the close step with the review of the routines.
    risk = step_form(there, "assess_risk")
    for name, value in [
        ("probability", "2"),
        ("consequence", "3"),
        ("probability_after", "1"),
        ("consequence_after", "3"),
    ]:
        risk.locator(f"select[name={name}]").select_option(value=value)
    submit(there, risk)
    evaluation = step_form(there, "evaluate_effect")
    evaluation.locator("input[name=effective][value=yes]").check()
    submit(there, evaluation)
    close = step_form(there, "close_case")
    close.locator("textarea[name=summary]").fill("Skinnen er skrudd fast og kontrollert.")
    close.locator("input[name=routine_review][value=changed]").check()
    close.locator("input[name=routine]").fill("Rutine for vedlikehold av trapper")
    close.locator("textarea[name=routine_note]").fill("Trappene sjekkes hver måned")
    submit(there, close)
    case_elsewhere.refresh_from_db()
    assert case_elsewhere.status == Case.Status.CLOSED
    assert case_elsewhere.routine_reviewed == "Rutine for vedlikehold av trapper"
    assert "Rutine for vedlikehold av trapper" in there.locator(".routine-review").inner_text()
    assert axe_check(there) == []
    assert browser_errors == []
