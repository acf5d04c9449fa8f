"""The injury register (aml. § 5-1): who may read it, whose names they see, and a CSV
without medical details."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.cases.legal import INJURED, INJURY_KIND, injury_case
from tests.factories import MembershipFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/rapporter/skaderegister/"
CSV_URL = "/rapporter/skaderegister/csv/"
NEIGHBOUR = "Nils Naboskade"


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def injuries(org):
    """One injury in the reporter's department (Solsiden), one in Hjemmetjenesten."""
    ours = injury_case(org, harm="not_serious", treatment="doctor")
    theirs = injury_case(
        org,
        harm="not_serious",
        treatment="first_aid",
        absence=False,
        unit=org.sibling_unit,
        injured_person=NEIGHBOUR,
        injury_type="cut",
    )
    return ours, theirs


@pytest.fixture
def health_service_member(org):
    bht = OrgUnitFactory(
        code="BHT",
        name="Bedriftshelsetjenesten",
        parent=org.kommune,
        is_occupational_health_service=True,
    )
    person = UserFactory(username="bht", first_name="Berit", last_name="Bht")
    MembershipFactory(user=person, unit=bht)
    return person


# role: (references seen: "ours"/"theirs", names shown)
MATRIX = {
    "hms_admin": ({"ours", "theirs"}, {INJURED, NEIGHBOUR}),
    "top_leader": ({"ours", "theirs"}, {INJURED, NEIGHBOUR}),
    "higher_leader": ({"ours", "theirs"}, {INJURED, NEIGHBOUR}),
    "leader": ({"ours"}, {INJURED}),
    "sibling_leader": ({"theirs"}, {NEIGHBOUR}),
    "safety_rep": ({"ours"}, set()),
    "amu_member": ({"ours", "theirs"}, set()),
    "health_service": ({"ours", "theirs"}, set()),
}
REFUSED = ["reporter", "colleague", "specialist", "outsider"]


def person(org, role, health_service_member):
    return health_service_member if role == "health_service" else getattr(org, role)


@pytest.mark.parametrize("role", sorted(MATRIX))
def test_each_role_reads_its_part_of_the_register(
    client, org, injuries, health_service_member, role
):
    ours, theirs = injuries
    client.force_login(person(org, role, health_service_member))

    html = client.get(URL).content.decode()

    seen, names = MATRIX[role]
    refs = {"ours": ours.deviation.reference, "theirs": theirs.deviation.reference}
    assert {key for key, ref in refs.items() if ref in html} == seen
    assert {name for name in (INJURED, NEIGHBOUR) if name in html} == names
    assert INJURY_KIND not in html


@pytest.mark.parametrize("role", REFUSED)
def test_people_without_a_role_in_the_register_are_refused(client, org, injuries, role):
    client.force_login(getattr(org, role))
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_the_name_is_shown_once_the_injured_person_agrees(client, org, injuries):
    ours, _theirs = injuries
    client.force_login(org.safety_rep)
    assert INJURED not in client.get(URL).content.decode()

    client.force_login(org.reporter)
    page = client.get(f"/avvik/mine/{ours.pk}/").content.decode()
    assert "Name in the injury register" in page or "injury register" in page.lower()
    client.post(f"/avvik/mine/{ours.pk}/skaderegister/", {"name_in_register": "yes"})

    client.force_login(org.safety_rep)
    assert INJURED in client.get(URL).content.decode()

    client.force_login(org.reporter)
    client.post(f"/avvik/mine/{ours.pk}/skaderegister/", {"name_in_register": "no"})
    client.force_login(org.safety_rep)
    assert INJURED not in client.get(URL).content.decode()


def test_only_the_reporter_changes_the_consent(client, org, injuries):
    ours, _theirs = injuries
    client.force_login(org.colleague)
    assert (
        client.post(
            f"/avvik/mine/{ours.pk}/skaderegister/", {"name_in_register": "yes"}
        ).status_code
        == 404
    )
    ours.deviation.injury_details.refresh_from_db()
    assert not ours.deviation.injury_details.name_in_register


def test_the_csv_has_the_register_columns_and_no_medical_details(client, org, injuries):
    ours, theirs = injuries
    client.force_login(org.amu_member)

    response = client.get(CSV_URL)

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 3
    assert "Fracture" in text and "Cut or puncture wound" in text
    assert ours.deviation.reference in text and theirs.deviation.reference in text
    assert INJURY_KIND not in text
    assert INJURED not in text and NEIGHBOUR not in text
    # The leader's CSV names their own people.
    client.force_login(org.leader)
    assert INJURED in client.get(CSV_URL).content.decode("utf-8-sig")


def test_the_filters_narrow_the_register(client, org, injuries):
    ours, theirs = injuries
    client.force_login(org.hms_admin)

    html = client.get(URL, {"injury_type": "cut"}).content.decode()
    assert theirs.deviation.reference in html and ours.deviation.reference not in html

    html = client.get(URL, {"unit": org.unit.code}).content.decode()
    assert ours.deviation.reference in html and theirs.deviation.reference not in html

    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    html = client.get(URL, {"occurred_from": tomorrow}).content.decode()
    assert ours.deviation.reference not in html


@pytest.mark.parametrize("count", [1, 12])
def test_the_register_page_takes_a_fixed_number_of_queries(
    client, org, django_assert_max_num_queries, count
):
    for _n in range(count):
        injury_case(org, harm="not_serious")
    client.force_login(org.higher_leader)
    with django_assert_max_num_queries(12):
        assert client.get(URL).status_code == 200


def test_a_leader_enters_an_illness_from_the_work_in_the_register(client, org):
    from tests.cases.workflow import open_case

    case = open_case(org)
    client.force_login(org.leader)
    page = client.get(f"/avvik/saker/{case.pk}/").content.decode()
    assert "Enter in the injury register" in page

    url = f"/avvik/saker/{case.pk}/skaderegister/"
    data = {"injury_type": "illness", "treatment": "doctor", "absence": "on", "work_illness": "on"}
    refused = client.post(url, {**data, "injured_person": ""})
    assert refused.status_code == 200
    assert "Say who was hurt or fell ill." in refused.content.decode()

    assert client.post(url, {**data, "injured_person": "Kari Kollega"}).status_code == 302
    injury = case.deviation.injury_details
    assert injury.work_illness and injury.injury_type == "illness"
    client.force_login(org.hms_admin)
    html = client.get(URL).content.decode()
    assert case.deviation.reference in html and "Kari Kollega" in html

    client.force_login(org.safety_rep)
    assert client.post(url, {**data, "injured_person": "X"}).status_code == 403
