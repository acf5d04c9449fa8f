"""Logging in through the municipality's identity provider: a real OpenID Connect
provider (django-oauth-toolkit) runs on 127.0.0.1 for these tests."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from orgchart.access import is_hms_admin
from orgchart.models import Membership, User
from orgchart.sso.backend import MunicipalityOIDCBackend
from tests.factories import OrgUnitFactory, UserFactory
from tests.oidc_provider.harness import (
    CLIENT_ID,
    CLIENT_SECRET,
    OTHER_CLIENT_ID,
    OTHER_CLIENT_SECRET,
)
from tests.sso.conftest import CONTACT, csrf_token, log_in_through_provider

pytestmark = pytest.mark.django_db(transaction=True)


def test_employee_is_matched_by_the_employee_id_claim_and_lands_where_they_were_going(
    live_server, sso
):
    kari = UserFactory(employee_id="5001", email="old-address@fjordvik.example")

    session, page = log_in_through_provider(live_server, sso, "kari", next_url="/avvik/mine/")

    assert page.status_code == 200
    assert urlparse(page.url).path == "/avvik/mine/"
    assert str(kari) in page.text
    assert User.objects.count() == 1  # nobody created


def test_person_without_employee_id_claim_is_matched_by_email_in_any_case(live_server, sso):
    per = UserFactory(employee_id="5002", email="per.hansen@fjordvik.example")

    _session, page = log_in_through_provider(live_server, sso, "per")

    assert urlparse(page.url).path == "/avvik/mine/"
    assert str(per) in page.text


def test_provider_group_makes_an_hms_administrator_and_it_is_logged(live_server, sso):
    kari = UserFactory(employee_id="5001")

    log_in_through_provider(live_server, sso, "kari")

    kari.refresh_from_db()
    assert is_hms_admin(kari)
    entry = LogEntry.objects.get(object_id=str(kari.pk))
    assert "hms-admins" in entry.change_message


def test_roles_come_from_the_org_chart_not_the_provider(live_server, sso, settings):
    settings.OIDC_ADMIN_GROUP = ""  # the provider decides nothing
    kari = UserFactory(employee_id="5001")

    log_in_through_provider(live_server, sso, "kari")

    kari.refresh_from_db()
    assert not is_hms_admin(kari)


def test_unknown_person_gets_a_norwegian_page_saying_whom_to_contact_and_nothing_is_created(
    live_server, sso
):
    UserFactory(employee_id="5001")
    # Same address, another employee ID: an employee ID claim is never matched by e-mail.
    UserFactory(employee_id="5003", email="vikar.olsen@fjordvik.example")

    session, page = log_in_through_provider(live_server, sso, "vikar")

    assert page.status_code == 403
    assert "Vi kjenner deg ikke ennå" in page.text
    assert CONTACT in page.text
    assert not User.objects.filter(employee_id="7001").exists()
    assert User.objects.count() == 2
    # Not logged in.
    assert "/logg-inn/" in session.get(f"{live_server.url}/avvik/mine/").url


def test_unknown_person_becomes_a_plain_employee_of_the_named_unit_when_configured(
    live_server, sso, settings
):
    unit = OrgUnitFactory(code="VIKAR", name="Vikarpoolen")
    settings.OIDC_UNKNOWN_PERSON_UNIT = "VIKAR"

    _session, page = log_in_through_provider(live_server, sso, "vikar")

    assert urlparse(page.url).path == "/avvik/mine/"
    temp = User.objects.get(employee_id="7001")
    assert (temp.first_name, temp.last_name) == ("Vilde", "Olsen")
    assert temp.provisioned_by_sso
    assert not temp.has_usable_password()
    assert not is_hms_admin(temp)
    assert list(Membership.objects.filter(user=temp).values_list("unit", "is_primary")) == [
        (unit.pk, True)
    ]


def test_wrong_audience_token_from_the_provider_is_refused(sso, db):
    backend = MunicipalityOIDCBackend()
    backend.configure()
    own = sso.id_token_for(CLIENT_ID, CLIENT_SECRET, "kari")
    assert backend.verify_token(own, nonce="n")["employee_id"] == "5001"

    someone_elses = sso.id_token_for(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, "kari")
    with pytest.raises(SuspiciousOperation, match="(?i)audience"):
        backend.verify_token(someone_elses, nonce="n")


def test_expired_token_from_the_provider_is_refused(sso, db):
    backend = MunicipalityOIDCBackend()
    backend.configure()
    token = sso.id_token_for(CLIENT_ID, CLIENT_SECRET, "kari")

    # The provider's ID tokens live ten hours; eleven hours later this one is stale.
    with time_machine.travel(timezone.now() + timedelta(hours=11), tick=False):
        with pytest.raises(SuspiciousOperation, match="(?i)expired"):
            backend.verify_token(token, nonce="n")


def test_logout_ends_the_session_here_and_at_the_provider(live_server, sso):
    UserFactory(employee_id="5001")
    session, page = log_in_through_provider(live_server, sso, "kari")

    answer = session.post(
        f"{live_server.url}/logg-ut/",
        data={"csrfmiddlewaretoken": csrf_token(page.text)},
        headers={"Referer": page.url},
    )

    # Through the provider's end-session endpoint back to our login page.
    assert any(sso.url in r.url and "/o/logout/" in r.url for r in answer.history)
    assert urlparse(answer.url).path == "/logg-inn/"
    assert "/logg-inn/" in session.get(f"{live_server.url}/avvik/mine/").url
    # The provider forgot the person too: the next SSO login asks for the password again.
    again = session.get(f"{live_server.url}/sso/logg-inn/")
    assert "Test identity provider" in again.text


def test_login_page_offers_the_provider_first(client, sso):
    page = client.get("/logg-inn/")
    html = page.content.decode()
    assert html.index('href="/sso/logg-inn/') < html.index('method="post"')
    # Logging out (a form) may end at the provider.
    assert sso.url in page["Content-Security-Policy"].split("form-action")[1].split(";")[0]


def test_with_sso_on_only_marked_accounts_log_in_with_a_password(client, settings, db):
    settings.OIDC_ISSUER = "https://login.example.invalid/tenant/v2.0"
    UserFactory(username="ola", password="riktig-passord-1")
    UserFactory(username="nødkonto", password="riktig-passord-2", password_login_allowed=True)

    refused = client.post("/logg-inn/", {"username": "ola", "password": "riktig-passord-1"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session

    allowed = client.post("/logg-inn/", {"username": "nødkonto", "password": "riktig-passord-2"})
    assert allowed.status_code == 302 and "_auth_user_id" in client.session


def test_without_sso_the_login_page_and_passwords_work_as_before(client, db):
    UserFactory(username="ola", password="riktig-passord-1")
    assert b"/sso/logg-inn/" not in client.get("/logg-inn/").content
    assert client.get("/sso/logg-inn/").status_code == 404
    client.post("/logg-inn/", {"username": "ola", "password": "riktig-passord-1"})
    assert "_auth_user_id" in client.session


def test_the_callback_without_a_login_in_progress_is_refused(client, sso):
    # Nothing stored in this session: no login in progress to match.
    page = client.get("/sso/tilbake/?code=x&state=y", follow=True)
    assert page.status_code == 403


def test_with_sso_on_a_password_reset_goes_only_to_marked_accounts(client, settings, db):
    from django.core import mail

    settings.OIDC_ISSUER = "https://login.example.invalid/tenant/v2.0"
    UserFactory(email="ola@kommune.example")
    UserFactory(email="nod@kommune.example", password_login_allowed=True)

    client.post("/passord/glemt/", {"email": "ola@kommune.example"})
    client.post("/passord/glemt/", {"email": "nod@kommune.example"})

    assert [message.to for message in mail.outbox] == [["nod@kommune.example"]]


def test_the_admin_shows_and_sets_who_may_log_in_with_a_password(client, org):
    from tests.factories import make_hms_admin

    client.force_login(make_hms_admin(org.hms_admin))
    listing = client.get("/admin/orgchart/user/").content.decode()
    assert "column-password_login_allowed" in listing
    form = client.get(f"/admin/orgchart/user/{org.reporter.pk}/change/").content.decode()
    assert 'name="password_login_allowed"' in form


def test_a_login_whose_id_token_has_expired_by_our_clock_is_refused(live_server, sso, caplog):
    UserFactory(employee_id="5001")

    # Our clock eleven hours ahead of the provider's: its ten-hour ID token is stale here.
    with time_machine.travel(timezone.now() + timedelta(hours=11), tick=True):
        session, page = log_in_through_provider(live_server, sso, "kari")

    assert page.status_code == 403
    assert "Du kunne ikke logges inn" in page.text
    assert "/logg-inn/" in session.get(f"{live_server.url}/avvik/mine/").url
    assert "Signature has expired" in caplog.text


def test_refused_provider_logins_do_not_lock_out_the_address(live_server, sso, settings):
    from axes.models import AccessAttempt

    settings.AXES_FAILURE_LIMIT = 2
    kari = UserFactory(employee_id="5001")
    for _attempt in range(3):  # someone the HR file does not know, behind the same NAT
        _session, page = log_in_through_provider(live_server, sso, "vikar")
        assert page.status_code == 403

    _session, page = log_in_through_provider(live_server, sso, "kari")

    assert urlparse(page.url).path == "/avvik/mine/"
    assert str(kari) in page.text
    assert not AccessAttempt.objects.exists()


def test_an_unreachable_provider_gets_a_page_not_an_error(client, settings, db):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/nobody-here"  # the discard port: refused

    page = client.get("/sso/logg-inn/", follow=True)

    assert page.status_code == 403
    assert "svarer ikke akkurat nå" in page.content.decode()
