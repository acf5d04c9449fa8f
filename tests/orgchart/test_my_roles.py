"""'Mine roller': where a person works and what they answer for, read with only the columns
the page shows, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from orgchart.models import Membership
from tests.factories import MembershipFactory, OrgUnitFactory, SafetyRepresentativeFactory

pytestmark = pytest.mark.django_db

MY_ROLES = "/organisasjon/mine-roller/"


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_my_roles_shows_workplaces_led_units_with_qr_links_area_and_committees(client, org):
    """One person in every role: the primary workplace marked, each led unit with its
    level and a QR link (none for a specialist unit), the safety area and the committee."""
    person = org.leader
    org.specialist_unit.leader = person
    org.specialist_unit.save()
    MembershipFactory(user=person, unit=org.sibling_unit, is_primary=False)
    SafetyRepresentativeFactory(user=person, units=[org.sibling_unit])
    org.committee.members.add(person)
    client.force_login(person)

    html = client.get(MY_ROLES).content.decode()

    work = section(html, "h-work")
    primary = Membership.objects.get(user=person, is_primary=True).unit
    assert f'{primary.name} <span class="badge text-bg-secondary">hovedenhet</span>' in work
    assert f"{org.sibling_unit.name}</li>" in work
    led = section(html, "h-lead")
    assert f"{org.unit.name} <span" in led
    assert f'href="{reverse("cases:unit_qr", args=[org.unit.code])}"' in led
    assert f"{org.specialist_unit.name} <span" in led
    specialist_qr = reverse("cases:unit_qr", args=[org.specialist_unit.code])
    assert specialist_qr not in led, "no QR poster for a specialist unit"
    assert org.unit.level_name in led
    assert f"<li>{org.sibling_unit.name}</li>" in section(html, "h-safety")
    amu = section(html, "h-amu")
    assert f"{org.committee.name} – {org.kommune.name}" in amu


def test_my_roles_makes_as_many_queries_for_many_led_units_as_for_one(
    client, org, django_assert_num_queries
):
    client.force_login(org.leader)
    client.get(MY_ROLES)  # the session and the kept rows settle
    with django_assert_num_queries(4) as one:
        client.get(MY_ROLES)

    for number in range(15):
        unit = OrgUnitFactory(code=f"X{number}", name=f"Avdeling {number}", parent=org.sector)
        unit.leader = org.leader
        unit.save()
        MembershipFactory(user=org.leader, unit=unit, is_primary=False)
    with django_assert_num_queries(len(one.captured_queries)):
        html = client.get(MY_ROLES).content.decode()
    assert html.count("Avdeling ") >= 30, "every led unit and workplace is listed"
