"""Single sign-on in a real browser, through the test provider's own login page."""

import pytest

from tests.browser.conftest import axe_check
from tests.factories import UserFactory
from tests.oidc_provider.harness import CLIENT_ID, CLIENT_SECRET, PASSWORD, oidc_provider  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def sso(settings, oidc_provider):  # noqa: F811
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = CLIENT_ID
    settings.OIDC_CLIENT_SECRET = CLIENT_SECRET
    return oidc_provider


def test_employee_logs_in_and_out_through_the_provider_login_page(
    live_server, sso, page, browser_errors, transactional_db
):
    kari = UserFactory(employee_id="5001", first_name="Kari")

    page.goto(f"{live_server.url}/avvik/mine/")
    assert axe_check(page) == []
    page.get_by_role("link", name="Logg inn med kommunekontoen din").click()

    # The provider's own page, on its own origin.
    page.wait_for_url(f"{sso.url}/login/**")
    page.fill("input[name=username]", "kari")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in at the provider").click()

    page.wait_for_url(f"{live_server.url}/avvik/mine/")
    assert str(kari) in page.content()

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url(f"{live_server.url}/logg-inn/")
    assert browser_errors == []
