"""The HMS administrator's menu bar, the longest there is, on a common laptop screen."""

import pytest

from tests.browser.conftest import login
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1366, "height": 768}

# The vertical centre of every item of the bar, and whether any text breaks inside it.
MENU_ROWS = """() => {
    const bar = document.querySelector("#main-nav");
    const items = [...bar.querySelectorAll(".nav-link, .navbar-text, button")]
        .filter(item => item.getClientRects().length > 0);  // what is shown at this width
    const width = document.documentElement.clientWidth;  // without the scrollbar
    return items.map(item => {
        const box = item.getBoundingClientRect();
        const style = getComputedStyle(item);
        const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
        const inner = box.height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom)
            - parseFloat(style.borderTopWidth) - parseFloat(style.borderBottomWidth);
        return {text: item.innerText.trim(), middle: box.top + box.height / 2,
                lines: inner / line, inside: box.right <= width};
    });
}"""


@pytest.mark.parametrize("width", [1366, 1280, 1200])
def test_hms_administrators_menu_bar_stays_on_one_line(org, live_server, new_context, width):
    org.hms_admin.first_name = "Hanne-Margrethe"
    org.hms_admin.last_name = "Halvorsen-Ødegård"
    org.hms_admin.save()
    page = new_context(viewport={"width": width, "height": 768}).new_page()
    login(page, live_server, org.hms_admin.username, PASSWORD)
    # A long page, so that the window has a scrollbar taking its share of the width.
    page.evaluate("() => { document.body.style.minHeight = '3000px'; }")

    items = page.evaluate(MENU_ROWS)
    texts = [item["text"] for item in items]
    assert "Administrasjon" in texts and "Logg ut" in texts
    middles = {round(item["middle"] / 8) for item in items}
    assert len(middles) == 1, f"the menu bar wraps onto more rows: {items}"
    for item in items:
        assert item["lines"] < 1.5, f"{item['text']!r} is split over two lines"
        assert item["inside"], f"{item['text']!r} runs off the right edge of the window"
