"""Headless Chromium (Playwright's sync API) against pytest-django's live server.

Every test here is marked ``browser``: tests/conftest.py skips them when /usr/bin/chromium is
missing. They also need axe-core from ``npm ci`` for the accessibility checks; without it
they skip, except in CI, where a missing axe-core fails them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test.utils import override_settings
from pytest_django.live_server_helper import LiveServer

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    # The machine has no network: without these Chromium keeps dialling Google's hosts.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}

# Plain http on the live server: no redirect to https, cookies not limited to https.
PLAIN_HTTP = {
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
}
# The live server serves /static/ from the source tree through the staticfiles finders,
# which know no hashed names, so pages must link the plain names.
SOURCE_STATIC = {
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}


def pytest_collection_modifyitems(config, items):
    if AXE_JS.exists() or IN_CI:
        # In CI a missing axe-core makes axe_check fail loudly instead.
        return
    skip = pytest.mark.skip(reason="needs axe-core: run `npm ci`")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started while HTTPS is off.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server thread builds its
    handler, so a per-test ``settings`` override comes too late for it.
    """
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(**PLAIN_HTTP):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _live_server_settings(settings):
    for name, value in {**PLAIN_HTTP, **SOURCE_STATIC}.items():
        setattr(settings, name, value)


@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module.

    Playwright's sync API keeps an asyncio loop running in the main thread while it is
    open, and Django refuses ORM calls from a thread with a running loop. The tests are
    synchronous code, so the refusal is lifted, but only while Playwright is open: later
    tests (and the processes they start) get Django's protection back.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def browser_errors() -> list[str]:
    """What the browser reported as errors during the test: failed loads, scripts or styles
    blocked by the Content-Security-Policy, uncaught exceptions."""
    return []


@pytest.fixture
def new_context(browser, browser_errors):
    """Make a browser context (``phone=True``: 360×740, touch); closed after the test."""
    contexts = []

    def on_console(message):
        if message.type == "error":
            browser_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def make(*, phone: bool = False, **options):
        if phone:
            options = {
                "viewport": PHONE,
                "device_scale_factor": 2,
                "is_mobile": True,
                "has_touch": True,
                **options,
            }
        options.setdefault("locale", "nb-NO")
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.on("console", on_console)
        context.on("weberror", lambda error: browser_errors.append(str(error.error)))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A desktop-sized page."""
    return new_context().new_page()


@pytest.fixture
def phone_page(new_context):
    """A page on a 360 px wide phone screen."""
    return new_context(phone=True).new_page()


def login(page, live_server, username: str, password: str) -> None:
    """Log in through the login form and wait for the page it leads to."""
    page.goto(f"{live_server.url}/logg-inn/")
    form = page.locator("form", has=page.locator("input[name=username]"))
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def axe_check(page, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core on the current page; return the violations of the given impacts.

    The script goes in through Playwright's evaluate (the DevTools protocol), which the
    page's Content-Security-Policy does not govern, so the page is checked with its real
    policy in force.
    """
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run `npm ci`")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate("() => axe.run(document)")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]],
        }
        for violation in result["violations"]
        if violation["impact"] in impacts
    ]


def scroll_width(page) -> int:
    """The page's full width in CSS pixels; wider than the viewport means sideways scrolling."""
    return page.evaluate("() => document.scrollingElement.scrollWidth")
