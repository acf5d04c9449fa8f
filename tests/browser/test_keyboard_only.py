"""Only the keyboard (Tab, Shift+Tab, Enter, Space, arrow keys): an employee files a
deviation with a photo, and a leader takes a case from receipt to closing. At every
stop the focus is visible, and after each step it lands on the message that says what
happened or on the first field with an error, never back at the top of the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from avvik.models import Deviation, Severity
from cases.models import Case
from cases.services import file_deviation
from tests.avvik.filing import ensure_categories, jpeg_bytes
from tests.browser.conftest import axe_check
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) { return null; }
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    // Bootstrap's focus ring is a box shadow; a transparent one is no ring.
    const shadow = style.boxShadow !== "none" && style.boxShadow !== ""
        && !style.boxShadow.startsWith("rgba(0, 0, 0, 0)");
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), name: el.getAttribute("name") || "",
        type: el.getAttribute("type") || "", value: el.value || "",
        text: (el.innerText || "").trim().slice(0, 60), classes: el.className || "",
        indicator: outline || shadow, size: box.width * box.height,
        style: [style.outlineStyle, style.outlineWidth, style.boxShadow].join(" "),
    };
}"""


class Keyboard:
    """The keyboard, with a check of the focus after every key."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def focused(self) -> dict:
        state = self.page.evaluate(FOCUSED)
        assert state is not None, "the focus was lost (it is on the page itself)"
        assert state["indicator"], f"the focus is not visible on {state}"
        assert state["size"] > 0, f"the focus is on something not shown: {state}"
        return state

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        return self.focused()

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def tab_to(self, selector: str, *, backwards: bool = False, limit: int = 150) -> dict:
        """Tab (or Shift+Tab) until the focus is on ``selector``."""
        for _ in range(limit):
            state = self.press("Shift+Tab" if backwards else "Tab")  # noqa: F841
            self.stops += 1
            if self.page.evaluate(f"() => document.activeElement.matches({selector!r})"):
                return state
        raise AssertionError(f"Tab never reached {selector}")

    def submit(self, selector: str) -> dict:
        """Tab to a submit button and press Enter; the next page's focus is returned."""
        self.tab_to(selector)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        return self.focused()


def log_in(page, live_server, username: str) -> Keyboard:
    keys = Keyboard(page)
    page.goto(f"{live_server.url}/logg-inn/")
    keys.tab_to("input[name=username]")
    keys.type(username)
    keys.tab_to("input[name=password]")
    keys.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    return keys


@pytest.fixture
def page(new_context):
    """Transitions off (the person's own setting), so the focus ring is read as drawn."""
    return new_context(reduced_motion="reduce").new_page()


def test_employee_files_a_deviation_with_a_photo_by_keyboard_only(
    org, live_server, page, tmp_path, transactional_db, browser_errors
):
    ensure_categories()
    photo = tmp_path / "glatt-gulv.jpg"
    photo.write_bytes(jpeg_bytes())
    keys = log_in(page, live_server, org.reporter.username)
    page.goto(f"{live_server.url}/avvik/meld/")

    keys.tab_to("select[name=category]")
    keys.type("Nest")  # a closed select takes the first letters of its option
    assert page.locator("select[name=category] option:checked").inner_text() == "Nestenulykke"
    keys.tab_to("input[name=severity]")
    keys.press("ArrowRight")  # from the first severity to the second
    assert page.locator("input[name=severity]:checked").get_attribute("value") == "medium"
    # Sent without a title: the focus lands on the title field and its message.
    state = keys.submit("button[name=submit_report]")
    assert state["name"] == "title", state
    assert Deviation.objects.count() == 0

    keys.type("Glatt gulv ved inngangen")
    keys.tab_to("textarea[name=description]")
    keys.type("Vann på gulvet ved hovedinngangen, ingen skilt.")
    keys.tab_to("input[name=attachments]")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Space")
    chooser.value.set_files(str(photo))
    keys.focused()

    state = keys.submit("button[name=submit_report]")

    deviation = Deviation.objects.get()
    assert deviation.title == "Glatt gulv ved inngangen"
    assert deviation.severity == Severity.MEDIUM
    assert [a.original_name for a in deviation.attachments.all()] == ["glatt-gulv.jpg"]
    assert "/kvittering/" in page.url
    assert state["tag"] == "h1" and "Takk" in state["text"], state
    keys.tab_to("a[href*='/avvik/mine/']")
    assert browser_errors == []


@pytest.fixture
def reported_case(transactional_db, org) -> Case:
    categories = ensure_categories()
    return file_deviation(
        org.reporter,
        fields={
            "unit": org.department,
            "category": categories["nestenulykke"],
            "severity": Severity.MEDIUM,
            "title": "Glatt gulv ved inngangen",
            "description": "Vann på gulvet ved hovedinngangen, ingen skilt.",
            "occurred_at": timezone.now() - timedelta(hours=3),
        },
    ).case


def due_digits() -> str:
    """The digits typed into a date field for a coming day whose day and month are the
    same number (12.12.): right whether the browser shows day or month first."""
    day = timezone.localdate() + timedelta(days=1)
    while day.day != day.month:
        day += timedelta(days=1)
    return day.strftime("%d%m%Y")


def on_message(state: dict) -> bool:
    """The focus is on the message that says what happened."""
    return state["tag"] == "div" and "alert" in state["classes"]


def take_to_closing(keys: Keyboard, org) -> None:
    """The closing walk's fields, in one place: a corrective action for a colleague, done;
    a new risk assessment; the actions worked; closed with a summary and the routine
    question. Each step is sent with Enter, and the focus must land on what happened."""
    steps = [
        # (what to do in the step's form, the submit button)
        (
            [
                ("form.step-add_corrective_action textarea[name=description]", "Sett opp skilt"),
                ("form.step-add_corrective_action select[name=owner]", "Kari"),
                ("form.step-add_corrective_action input[name=due_date]", due_digits()),
            ],
            "form.step-add_corrective_action [type=submit]",
        ),
        (
            [("li.action form input[name=note]", "Skilt på plass")],
            "li.action form [type=submit]",
        ),
        (
            [
                ("form.step-assess_risk select[name=probability]", "3"),
                ("form.step-assess_risk select[name=consequence]", "4"),
                ("form.step-assess_risk select[name=probability_after]", "1"),
                ("form.step-assess_risk select[name=consequence_after]", "4"),
            ],
            "form.step-assess_risk [type=submit]",
        ),
        (
            [
                ("form.step-evaluate_effect input[name=effective]", "Space"),
                ("form.step-evaluate_effect textarea[name=note]", "Ingen glatte gulv siden"),
            ],
            "form.step-evaluate_effect [type=submit]",
        ),
    ]
    for fields, button in steps:
        for selector, text in fields:
            keys.tab_to(selector)
            if text == "Space":
                keys.press("Space")
            elif text:
                keys.type(text)
        state = keys.submit(button)
        assert on_message(state), state

    # Closing without the summary: the focus lands on the summary field and its message.
    keys.tab_to("form.step-close_case input[name=routine_review]")
    keys.press("Space")  # the first answer: reviewed, and the routine was changed
    keys.tab_to("form.step-close_case input[name=routine]")
    keys.type("Rutine for renhold av inngangen")
    keys.tab_to("form.step-close_case textarea[name=routine_note]")
    keys.type("Skilt settes ut ved vask")
    state = keys.submit("form.step-close_case [type=submit]")
    assert state["name"] == "summary", state
    keys.type("Det er satt opp varselskilt.")
    state = keys.submit("form.step-close_case [type=submit]")
    assert on_message(state), state


def test_leader_takes_a_case_from_receipt_to_closing_by_keyboard_only(
    org, reported_case, live_server, page, browser_errors
):
    keys = log_in(page, live_server, org.leader.username)
    page.goto(f"{live_server.url}/avvik/saker/{reported_case.pk}/")

    state = keys.submit("form.step-acknowledge [type=submit]")
    assert on_message(state), state
    reported_case.refresh_from_db()
    assert reported_case.status == Case.Status.IN_PROGRESS

    take_to_closing(keys, org)

    reported_case.refresh_from_db()
    assert reported_case.status == Case.Status.CLOSED
    assert reported_case.closed_as == Case.ClosedAs.RESOLVED
    assert reported_case.routines_reviewed is True
    action = reported_case.actions.get()
    assert action.is_done and action.assignee == org.colleague
    assert reported_case.effect_evaluations.get().effective
    assert axe_check(page) == []
    # Back up the page with Shift+Tab: the focus stays visible all the way.
    keys.tab_to("a[href='/avvik/saker/']", backwards=True)
    assert browser_errors == []
