"""The HR import from the admin: an HMS administrator checks and imports the two files
without the command line, and sees what the command would print."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from orgchart.models import OrgUnit, User
from tests.factories import UserFactory, make_hms_admin
from tests.orgchart.test_import_orgchart import PEOPLE, UNITS, database_state

URL = "admin:orgchart_orgunit_import"


def files(units: str = UNITS, people: str = PEOPLE) -> dict:
    return {
        "units_file": SimpleUploadedFile("enheter.csv", units.encode("utf-8")),
        "people_file": SimpleUploadedFile("ansatte.csv", people.encode("utf-8")),
    }


@pytest.fixture
def administrator(db, client):
    """An HMS administrator made by hand (no employee ID), whom no import changes."""
    person = make_hms_admin(UserFactory(username="hmsadmin", employee_id=None))
    client.force_login(person)
    return person


def test_the_checked_files_are_imported_without_choosing_them_again(client, administrator):
    checked = client.post(reverse(URL), {**files(), "check": "1"})
    token = checked.context["outcome"].token
    assert f'value="{token}"' in checked.content.decode()

    response = client.post(reverse(URL), {"checked": token})

    assert "Filene er importert" in response.content.decode()
    assert "Enheter: 6 opprettet" in response.content.decode()
    assert OrgUnit.objects.get(code="HJT").leader.employee_id == "1005"
    again = client.post(reverse(URL), {"checked": token})
    assert "ikke lenger tatt vare på" in again.content.decode()


def test_files_checked_by_one_administrator_cannot_be_imported_by_another(client, administrator):
    token = client.post(reverse(URL), {**files(), "check": "1"}).context["outcome"].token
    other = make_hms_admin(UserFactory(username="annen", employee_id=None))
    client.force_login(other)

    response = client.post(reverse(URL), {"checked": token})

    assert "ikke lenger tatt vare på" in response.content.decode()
    assert OrgUnit.objects.count() == 0


def test_files_with_errors_are_not_kept_for_importing(client, administrator):
    bad = UNITS.replace("HJT,Hjemmetjenesten,HO", "HJT,Hjemmetjenesten,X12")

    response = client.post(reverse(URL), {**files(units=bad), "check": "1"})

    assert response.context["outcome"].token == ""
    assert 'name="checked"' not in response.content.decode()


def test_importing_the_files_saves_them_and_keeps_the_administrator(client, administrator):
    response = client.post(reverse(URL), {**files(), "import": "1"})

    assert response.status_code == 200
    assert "Filene er importert" in response.content.decode()
    assert OrgUnit.objects.get(code="SOL").leader.employee_id == "1003"
    assert User.objects.filter(employee_id="1006").get().memberships.count() == 2
    administrator.refresh_from_db()
    assert administrator.is_active and administrator.is_staff


BAD_UNITS = UNITS.replace("HJT,Hjemmetjenesten,HO", "HJT,Hjemmetjenesten,X12")
BAD_PEOPLE = PEOPLE.replace("per@kommune.example,EIE", "per@kommune.example,XYZ")
RUNS = {
    "a_check_saves_nothing": (
        files,
        "check",
        200,
        [
            "Filene kan importeres",
            "Enheter: 6 opprettet, 0 endret, 0 deaktivert.",
            "Personer: 7 opprettet, 0 endret, 0 deaktivert.",
            "Dette var en kontroll: ingenting er lagret ennå.",
        ],
    ),
    "errors_are_listed_by_file_and_line": (
        lambda: files(BAD_UNITS, BAD_PEOPLE),
        "import",
        400,
        [
            "Filene ble ikke importert",
            "enheter.csv:6: ukjent overordnet enhet &#x27;X12&#x27;",
            "ansatte.csv:10: ukjent enhet &#x27;XYZ&#x27; for &#x27;1007&#x27;",
            "2 feil i filene; ingenting er endret.",
        ],
    ),
}


@pytest.mark.parametrize("upload, button, status, lines", RUNS.values(), ids=RUNS.keys())
def test_the_page_says_what_the_run_found_and_saves_nothing(
    client, administrator, upload, button, status, lines
):
    before = database_state()

    response = client.post(reverse(URL), {**upload(), button: "1"})

    page = response.content.decode()
    assert response.status_code == status
    for line in lines:
        assert line in page
    assert database_state() == before


def test_warnings_are_shown_beside_the_summary(client, administrator):
    people = PEOPLE.replace("1005,Nina,Nabo,nina@kommune.example", "1005,Nina,Nabo,")

    response = client.post(reverse(URL), {**files(people=people), "check": "1"})

    page = response.content.decode()
    assert "1 advarsel" in page
    assert "ansatte.csv:7: &#x27;1005&#x27; har ingen e-postadresse" in page


def test_a_missing_file_is_named_next_to_its_field_and_nothing_runs(client, administrator):
    only_units = {"units_file": files()["units_file"], "import": "1"}

    response = client.post(reverse(URL), only_units)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="errorlist') == 1
    assert "Feltet er påkrevet." in page
    assert OrgUnit.objects.count() == 0


def test_the_page_speaks_the_administrators_language(client, administrator):
    administrator.language = "nn"
    administrator.save(update_fields=["language"])
    client.force_login(administrator)

    response = client.post(reverse(URL), {**files(), "check": "1"})

    assert "Einingar: 6 oppretta" in response.content.decode()


def test_the_unit_list_links_to_the_import(client, administrator):
    page = client.get(reverse("admin:orgchart_orgunit_changelist")).content.decode()
    assert f'href="{reverse(URL)}"' in page
    assert "Importer fra HR" in page
    assert "Avvik: administrasjon" in page
    assert "Django" not in page.split("<body")[1]


def test_staff_without_the_rights_to_change_the_organisation_are_refused(client, db):
    clerk = UserFactory(is_staff=True)
    client.force_login(clerk)

    response = client.post(reverse(URL), {**files(), "import": "1"})

    assert response.status_code == 403
    assert OrgUnit.objects.count() == 0


def test_an_employee_is_sent_to_the_admin_login(client, db):
    client.force_login(UserFactory())

    response = client.post(reverse(URL), {**files(), "import": "1"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert OrgUnit.objects.count() == 0


def test_each_file_field_says_which_columns_may_be_left_out(client, administrator):
    page = client.get(reverse(URL)).content.decode()

    assert (
        "Kan utelates (det som er satt her, blir da stående): leader_employee_id, "
        "deputy_employee_id, is_specialist_unit."
    ) in page
    assert "Kan utelates (det som er satt her, blir da stående): email, phone." in page
    assert "I stedet for first_name og last_name kan én navnekolonne brukes" in page
