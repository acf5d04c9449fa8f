"""The HR import given what a real payroll export looks like: columns it does not have,
one name column, people in no unit, a footer, a leader named rather than numbered, an
address that is not one. Each imports with a warning instead of refusing the whole
organisation, and what the export does not say is kept as it was."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from cases.services import file_deviation
from orgchart.importing import parse
from orgchart.models import Membership
from tests.avvik.filing import ensure_categories
from tests.orgchart.test_import_orgchart import (
    PEOPLE,
    UNITS,
    active_units_of,
    database_state,
    person,
    run_failing_import,
    run_import,
    unit,
)

pytestmark = pytest.mark.django_db

# What a payroll system knows: no deputies, no specialist units, no phone numbers.
PAYROLL_UNITS = """\
Enhetskode;Enhetsnavn;Overordnet enhet;Leder
K;Eksempel kommune;;1001
HO;Helse og omsorg;K;1002
SOL;Solsiden sykehjem;HO;1003
SOL-SK;Skjermet avdeling;SOL;
HJT;Hjemmetjenesten;HO;1005
EIE;Eiendom;K;
"""
PAYROLL_PEOPLE = """\
Ansattnr;Navn;E-post;Enhet
1001;Rådmann, Rita;rita@kommune.example;K
1002;Sara Sektor;sara@kommune.example;HO
1003;Lars Leder;lars@kommune.example;SOL
1004;Dina Dahl;dina@kommune.example;SOL
1004;Dina Dahl;dina@kommune.example;SOL-SK
1005;Nina Nabo;nina@kommune.example;HJT
1006;Åse Marie Ansatt;ase@kommune.example;SOL-SK
1007;Per Vaktmester;per@kommune.example;EIE
"""


def test_columns_the_export_lacks_keep_what_the_database_has(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    people_without_phone = PAYROLL_PEOPLE.replace(";E-post;", ";Mail;")

    _out, err = run_import(tmp_path, PAYROLL_UNITS, people_without_phone)

    # Set by the first import (or by hand in the admin), not in the payroll files.
    assert unit("SOL").deputy == person("1004")
    assert unit("EIE").is_specialist_unit
    assert person("1001").phone == "90000001"
    assert "ukjent kolonne" not in err


def test_a_first_import_without_those_columns_starts_them_empty(tmp_path):
    run_import(tmp_path, PAYROLL_UNITS, PAYROLL_PEOPLE)

    assert unit("SOL").deputy is None
    assert not unit("EIE").is_specialist_unit
    assert person("1001").phone == ""
    assert unit("SOL").leader == person("1003")


def test_a_file_without_e_mail_column_keeps_the_addresses_and_does_not_warn_about_them(
    tmp_path,
):
    run_import(tmp_path, UNITS, PEOPLE)
    no_email = "\n".join(
        ";".join(field for index, field in enumerate(line.split(";")) if index != 2)
        for line in PAYROLL_PEOPLE.splitlines()
    )

    _out, err = run_import(tmp_path, PAYROLL_UNITS, no_email + "\n")

    assert person("1002").email == "sara@kommune.example"
    assert "e-postadresse" not in err


def test_one_name_column_is_split_into_first_and_last_name(tmp_path):
    _out, err = run_import(tmp_path, PAYROLL_UNITS, PAYROLL_PEOPLE)

    rita, ase = person("1001"), person("1006")
    assert (rita.first_name, rita.last_name) == ("Rita", "Rådmann")
    assert (ase.first_name, ase.last_name) == ("Åse Marie", "Ansatt")
    assert "people.csv: advarsel: for- og etternavn er delt fra den ene navnekolonnen" in err


def test_a_person_in_no_unit_is_imported_and_can_still_report(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    on_leave = PEOPLE.replace("1007,Per,Vaktmester,per@kommune.example,EIE,", "1007,Per,V,,,")

    _out, err = run_import(tmp_path, UNITS, on_leave)

    per = person("1007")
    assert per.is_active
    assert active_units_of("1007") == []
    assert Membership.objects.filter(user=per, unit__code="EIE", is_active=False).exists()
    assert "people.csv:10: advarsel: '1007' er ikke i noen enhet" in err
    filed = file_deviation(
        per,
        fields={
            "unit": unit("HJT"),
            "category": ensure_categories()["nestenulykke"],
            "severity": "low",
            "title": "Glatt trapp",
            "description": "Is på trappen",
            "occurred_at": timezone.now(),
        },
    )
    assert filed.case.responsible_leader == person("1005")


def test_a_row_without_a_unit_beside_one_with_a_unit_changes_nothing(tmp_path):
    people = PEOPLE + "1007,Per,Vaktmester,per@kommune.example,,\n"

    _out, err = run_import(tmp_path, UNITS, people)

    assert active_units_of("1007") == [("EIE", True)]
    assert "'1007'" not in err


@pytest.mark.parametrize("footer", ["Sum: 7,,,,,", "Antall rader 7", ",,Totalt 7,,,"])
def test_a_footer_at_the_end_of_either_file_is_skipped_with_a_warning(tmp_path, footer):
    _out, err = run_import(tmp_path, UNITS + footer + "\n", PEOPLE + footer + "\n\n")

    assert active_units_of("1007") == [("EIE", True)]
    text = footer.strip(",")
    assert (
        "units.csv:8: advarsel: en linje på slutten er ikke en rad (en sum eller bunntekst?) "
        f"og hoppes over: {text}"
    ) in err
    assert "people.csv:11: advarsel: en linje på slutten er ikke en rad" in err


def test_an_address_that_is_not_one_keeps_the_one_the_person_had(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    typo = PEOPLE.replace("sara@kommune.example", "sara(at)kommune").replace(
        "per@kommune.example", "pør.vaktmester@kommune.example"
    )
    new_person = typo + "1008,Ola,Ny,ola@kommune,HJT,\n"

    _out, err = run_import(tmp_path, UNITS, new_person)

    assert person("1002").email == "sara@kommune.example"
    assert person("1007").email == "per@kommune.example"
    assert person("1008").email == ""
    assert active_units_of("1008") == [("HJT", True)]
    assert (
        "people.csv:3: advarsel: 'sara(at)kommune' er ikke en e-postadresse; e-postadressen "
        "til '1002' blir stående som den var"
    ) in err


def test_a_leader_named_by_name_or_e_mail_is_found_by_it(tmp_path):
    units = PAYROLL_UNITS.replace(";K;1002", ";K;Sara Sektor").replace(
        ";HO;1005", ";HO;NINA@kommune.example"
    )
    units = units.replace(";;1001", ";;Rådmann, Rita")

    _out, err = run_import(tmp_path, units, PAYROLL_PEOPLE)

    assert unit("HO").leader == person("1002")
    assert unit("HJT").leader == person("1005")
    assert unit("K").leader == person("1001")
    assert (
        "units.csv: advarsel: 3 ledere og stedfortredere er oppgitt med e-postadresse eller "
        "navn, ikke ansattnummer; de ble funnet med det"
    ) in err


def test_a_leader_name_two_people_share_is_not_guessed(tmp_path):
    people = PAYROLL_PEOPLE + "1008;Sara Sektor;sara2@kommune.example;HJT\n"
    units = PAYROLL_UNITS.replace(";K;1002", ";K;Sara Sektor")

    err = run_failing_import(tmp_path, units, people)

    assert (
        "units.csv:3: lederen 'Sara Sektor' for 'HO': 2 personer i personfilen har det navnet "
        "(1002, 1008); oppgi ansattnummeret"
    ) in err


def test_many_people_without_e_mail_are_the_first_ten_and_how_many_more(tmp_path):
    people = PEOPLE + "".join(f"2{n:03d},Vikar,Nummer {n},,HJT,\n" for n in range(12))

    _out, err = run_import(tmp_path, UNITS, people)

    assert "people.csv:20: advarsel: '2009' har ingen e-postadresse" in err
    assert "'2010' har ingen e-postadresse" not in err
    assert "people.csv: advarsel: … og 2 linjer til av samme slag" in err


@pytest.mark.parametrize(
    "address",
    [
        "ola@kommune.example",
        "Ola.Nordmann+hms@Fjordvik.Kommune.NO",
        "ola@[10.0.0.1]",
        '"ola nordmann"@kommune.example',
        "pør@kommune.example",
        "ola@kommune",
        "ola(at)kommune.example",
        "-",
        "ola@@kommune.example",
        "ola@localhost",
    ],
)
def test_the_imports_e_mail_check_agrees_with_djangos(address):
    def accepts(validate) -> bool:
        try:
            validate(address)
        except ValidationError:
            return False
        return True

    assert accepts(parse.validate_email) == accepts(validate_email)


def test_the_leaders_employee_number_is_read_before_a_column_with_their_name(tmp_path):
    units = (
        "Enhetskode;Enhetsnavn;Overordnet enhet;Leder;Leders ansattnr\n"
        "K;Eksempel kommune;;Rita Rådmann;1001\n"
        "HO;Helse og omsorg;K;Nina Nabo;1002\n"
    )
    people = "\n".join(PAYROLL_PEOPLE.splitlines()[:3]) + "\n1005;Nina Nabo;;HO\n"

    _out, err = run_import(tmp_path, units, people)

    assert unit("HO").leader == person("1002")
    assert "units.csv:1: advarsel: ukjent kolonne 'Leder' blir ignorert" in err


def test_a_unit_that_is_its_own_parent_is_the_top_unit(tmp_path):
    units = PAYROLL_UNITS.replace("K;Eksempel kommune;;", "K;Eksempel kommune;K;")

    _out, err = run_import(tmp_path, units, PAYROLL_PEOPLE)

    assert unit("K").parent is None
    assert unit("HO").parent == unit("K")
    assert (
        "units.csv:2: advarsel: 'K' er sin egen overordnede enhet; den tas som toppenheten"
    ) in err


def test_an_export_with_department_headers_imports(tmp_path):
    units = PAYROLL_UNITS.replace(
        "Enhetskode;Enhetsnavn;Overordnet enhet;Leder",
        "Avdelingskode;Avdelingsnavn;Overordnet avdeling;Leder",
    )
    people = PAYROLL_PEOPLE.replace("Ansattnr;Navn;E-post;Enhet", "Personalnr;Navn;E-post;Avdeling")

    _out, err = run_import(tmp_path, units, people)

    assert unit("SOL-SK").parent == unit("SOL")
    assert active_units_of("1004") == [("SOL", True), ("SOL-SK", False)]
    assert "ukjent kolonne" not in err


def test_a_kept_deputy_who_left_is_no_longer_deputy(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    without_dina = "".join(
        line + "\n" for line in PAYROLL_PEOPLE.splitlines() if not line.startswith("1004;")
    )

    run_import(tmp_path, PAYROLL_UNITS, without_dina)

    assert not person("1004").is_active
    assert unit("SOL").deputy is None


def test_many_values_that_are_not_addresses_are_the_first_ten_and_how_many_more(tmp_path):
    people = PEOPLE + "".join(f"2{n:03d},Vikar,Nummer {n},-,HJT,\n" for n in range(11))

    _out, err = run_import(tmp_path, UNITS, people)

    assert person("2000").email == ""
    assert "people.csv:20: advarsel: '-' er ikke en e-postadresse; e-postadressen til '2009'" in err
    assert "people.csv: advarsel: … og 1 linje til av samme slag" in err


def test_ids_a_spreadsheet_stripped_of_their_leading_zeros_are_refused(tmp_path):
    units = UNITS.replace("1001", "01001").replace("SOL-SK", "0042")
    people = PEOPLE.replace("1001", "01001").replace("SOL-SK", "0042")
    run_import(tmp_path, units, people)
    before = database_state()
    # The same export after a round trip through Excel: the zeros are gone.
    err = run_failing_import(
        tmp_path, UNITS.replace("SOL-SK", "42"), PEOPLE.replace("SOL-SK", "42")
    )

    assert (
        "units.csv:5: enhetskoden '42' er '0042' uten de innledende nullene: filen kan være "
        "lagret av et regneark som fjernet dem; eksporter den på nytt eller behold nullene"
    ) in err
    assert "people.csv:2: ansattnummeret '1001' er '01001' uten de innledende nullene" in err
    assert database_state() == before


def test_units_without_a_leader_column_keep_their_leaders_and_the_file_says_so(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    no_leaders = "\n".join(line.rsplit(";", 1)[0] for line in PAYROLL_UNITS.splitlines())
    no_leaders += "\nNY;Ny enhet;HO\n"
    # Lars (1003), who led Solsiden, has left.
    people = "".join(line + "\n" for line in PAYROLL_PEOPLE.splitlines() if "1003;" not in line)

    _out, err = run_import(tmp_path, no_leaders, people)

    assert unit("HO").leader == person("1002")
    assert unit("SOL").leader is None
    assert unit("NY").leader is None
    assert (
        "units.csv:1: advarsel: filen oppgir ingen ledere (ingen kolonne leader_employee_id): "
        "hver enhet beholder lederen den har, og en ny enhet har ingen før den settes i "
        "administrasjonen"
    ) in err


def test_a_people_file_with_only_the_units_name_finds_the_unit_by_it(tmp_path):
    people = PAYROLL_PEOPLE.replace("Ansattnr;Navn;E-post;Enhet", "Ansattnr;Navn;E-post;Enhetsnavn")
    for code, name in (("SOL-SK", "Skjermet avdeling"), ("SOL", "Solsiden sykehjem")):
        people = people.replace(f";{code}\n", f";{name}\n")

    _out, err = run_import(tmp_path, PAYROLL_UNITS, people)

    assert active_units_of("1004") == [("SOL", True), ("SOL-SK", False)]
    assert "4 linjer oppgir enheten med navnet, ikke koden; de ble funnet på navnet" in err


def test_people_whose_position_has_ended_are_left_out(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    yesterday = (timezone.localdate() - timedelta(days=1)).strftime("%d.%m.%Y")
    today = timezone.localdate().isoformat()
    people = "Ansattnr;Navn;E-post;Enhet;Sluttdato\n" + "".join(
        line
        + {"1007": f";{yesterday}", "1006": f";{today}", "1005": ";snart"}.get(line[:4], ";Løpende")
        + "\n"
        for line in PAYROLL_PEOPLE.splitlines()[1:]
    )

    _out, err = run_import(tmp_path, PAYROLL_UNITS, people)

    assert not person("1007").is_active
    assert person("1006").is_active and person("1005").is_active
    assert f"people.csv:9: advarsel: stillingen til '1007' sluttet {yesterday}" in err
    assert "people.csv:7: advarsel: 'snart' i end_date er ikke en dato (dd.mm.åååå)" in err
    assert "Løpende" not in err
