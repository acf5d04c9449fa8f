"""axe-core at every impact level (minor and moderate too, not only serious) on every page
a person can reach: each role's pages, login and password reset, and each error page."""

from __future__ import annotations

from datetime import timedelta
from pprint import pformat

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from avvik.models import Severity
from cases.services import acknowledge, close_as_not_a_deviation, file_deviation
from orgchart.notifications import notify
from reports.models import AmuReport
from reports.periods import calendar_period
from tests.avvik.filing import ensure_categories
from tests.browser.conftest import axe_check, login
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

EVERY_IMPACT = ("minor", "moderate", "serious", "critical")


@pytest.fixture
def story(transactional_db, org):
    """An open case and a closed one reported by the employee, a notice for the leader, and
    a summary ready for the committee."""
    categories = ensure_categories()

    def file(title: str):
        return file_deviation(
            org.reporter,
            fields={
                "unit": org.department,
                "category": categories["nestenulykke"],
                "severity": Severity.MEDIUM,
                "title": title,
                "description": "Vann på gulvet ved hovedinngangen, ingen skilt.",
                "occurred_at": timezone.now() - timedelta(hours=3),
            },
        ).case

    open_case = file("Glatt gulv ved inngangen")
    closed = file("Dør som ikke låses")
    acknowledge(closed, by=org.leader, closure_due=timezone.localdate() + timedelta(days=7))
    close_as_not_a_deviation(closed, by=org.leader, reason="Døren ble reparert samme dag.")
    notify(org.leader, subject="Ny sak: Glatt gulv", body="Se saken", url="/avvik/saker/")
    for number, status in enumerate(AmuReport.Status.values, 1):
        report = AmuReport.objects.create(
            committee=org.committee,
            period_start=calendar_period("quarter", 2025, number).start,
            period_end=calendar_period("quarter", 2025, number).end,
            status=status,
            requested_by=org.amu_member,
        )
    return {"open": open_case, "closed": closed, "report": report}


def _pages(org, story) -> dict[str, list[str]]:
    open_case, closed = story["open"], story["closed"]
    return {
        "reporter": [
            "/",
            "/avvik/meld/",
            f"/avvik/meld/kvittering/{open_case.pk}/",
            "/avvik/mine/",
            f"/avvik/mine/{open_case.pk}/",
            f"/avvik/mine/{closed.pk}/",
            "/organisasjon/varsler/",
            "/organisasjon/varsler/innstillinger/",
            "/organisasjon/mine-roller/",
            "/passord/endre/",
        ],
        "leader": [
            "/",
            "/avvik/saker/",
            f"/avvik/saker/{open_case.pk}/",
            f"/avvik/saker/{closed.pk}/",
            "/organisasjon/varsler/",
            "/organisasjon/mine-roller/",
            f"/avvik/enheter/{org.unit.code}/qr/",
            "/rapporter/statistikk/",
        ],
        "amu_member": ["/rapporter/amu/", f"/rapporter/amu/{org.committee.pk}/"],
        "safety_rep": ["/avvik/saker/", f"/avvik/saker/{open_case.pk}/"],
        "specialist": ["/", "/avvik/saker/", "/organisasjon/mine-roller/"],
        "hms_admin": [
            "/",
            "/avvik/saker/",
            "/rapporter/statistikk/",
            "/rapporter/amu/",
            f"/rapporter/amu/{org.committee.pk}/",
            "/organisasjon/mine-roller/",
        ],
    }


def _violations(page, url: str) -> list[dict]:
    page.goto(url)
    return [{"url": url, **violation} for violation in axe_check(page, impacts=EVERY_IMPACT)]


@pytest.mark.parametrize(
    "who", ["reporter", "leader", "amu_member", "safety_rep", "specialist", "hms_admin"]
)
def test_every_page_of_each_role_passes_axe_at_every_impact(org, story, live_server, page, who):
    login(page, live_server, getattr(org, who).username, PASSWORD)
    found = []
    for path in _pages(org, story)[who]:
        found += _violations(page, live_server.url + path)
    if who == "leader":
        # The rarely used steps of the case page, each opened with its form.
        case_url = f"{live_server.url}/avvik/saker/{story['open'].pk}/"
        page.goto(case_url)
        links = page.locator("nav.steps-folded a.step-link")
        hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
        assert hrefs
        for href in hrefs:
            found += _violations(page, case_url + href)
    assert found == [], pformat(found)


def test_login_and_password_reset_pages_pass_axe_at_every_impact(org, live_server, page):
    user = org.reporter
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    found = []
    for path in [
        "/logg-inn/",
        "/passord/glemt/",
        "/passord/glemt/sendt/",
        f"/passord/nytt/{uid}/{token}/",  # redirects to the form for a new password
        "/passord/nytt/ferdig/",
    ]:
        found += _violations(page, live_server.url + path)
    # A failed login shows its message.
    login(page, live_server, user.username, "not-the-password")
    found += [{"url": "failed login", **v} for v in axe_check(page, impacts=EVERY_IMPACT)]
    assert found == [], pformat(found)


def test_each_error_page_passes_axe_at_every_impact(org, live_server, page, settings):
    settings.ROOT_URLCONF = "tests.browser.error_urls"
    login(page, live_server, org.reporter.username, PASSWORD)
    found = []
    for path, status in [
        ("/finnes-ikke/", 404),
        (f"/avvik/saker/{10**6}/", 404),
        ("/feil/403/", 403),
        ("/feil/csrf/", 403),
        ("/feil/500/", 500),
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == status, path
        assert page.locator("h1").count() == 1, path
        found += [{"url": path, **v} for v in axe_check(page, impacts=EVERY_IMPACT)]
    assert found == [], pformat(found)


def test_locked_out_page_passes_axe_at_every_impact(org, live_server, page, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        login(page, live_server, org.reporter.username, "not-the-password")
    assert page.locator("h1").count() == 1
    assert axe_check(page, impacts=EVERY_IMPACT) == []
