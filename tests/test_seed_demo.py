"""The demo municipality: every role has a login, and running it again adds nothing."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from orgchart.access import access_for
from orgchart.demo import DEMO_PASSWORD
from orgchart.models import Membership, OrgUnit, User


@pytest.mark.django_db
def test_seed_demo_prints_a_working_login_per_role_and_is_idempotent(capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    counts = (User.objects.count(), OrgUnit.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    capsys.readouterr()
    assert (User.objects.count(), OrgUnit.objects.count(), Membership.objects.count()) == counts
    assert DEMO_PASSWORD in first
    logins = [word for line in first.splitlines() for word in line.split() if "@" in word]
    assert len(logins) >= 6
    roles = set()
    for login in logins:
        user = authenticate(
            RequestFactory().post("/logg-inn/"), username=login, password=DEMO_PASSWORD
        )
        assert user is not None, login
        access = access_for(user)
        roles |= {
            name
            for name, present in [
                ("leader", access.is_leader),
                ("safety", access.is_safety_representative),
                ("amu", access.is_committee_member),
                ("specialist", access.is_specialist),
                ("admin", access.is_hms_admin),
            ]
            if present
        }
    assert roles == {"leader", "safety", "amu", "specialist", "admin"}
    assert OrgUnit.objects.filter(leader__isnull=True, is_active=True).exists(), "a vacant unit"
