"""``manage.py import_orgchart``: the HR export into units, people and memberships."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from orgchart.importing import import_orgchart
from orgchart.models import Membership, OrgUnit, User, path_segment
from tests.concurrency import at_once, values_and_errors
from tests.factories import MembershipFactory, UserFactory

UNITS = """\
unit_code,name,parent_code,leader_employee_id,deputy_employee_id,is_specialist_unit
K,Eksempel kommune,,1001,,nei
HO,Helse og omsorg,K,1002,,nei
SOL,Solsiden sykehjem,HO,1003,1004,nei
SOL-SK,Skjermet avdeling,SOL,,,
HJT,Hjemmetjenesten,HO,1005,,false
EIE,Eiendom,K,,,ja
"""

PEOPLE = """\
employee_id,first_name,last_name,email,unit_code,phone
1001,Rita,Rådmann,rita@kommune.example,K,90000001
1002,Sara,Sektor,sara@kommune.example,HO,
1003,Lars,Leder,lars@kommune.example,SOL,
1004,Dina,Dahl,dina@kommune.example,SOL,
1004,Dina,Dahl,dina@kommune.example,SOL-SK,
1005,Nina,Nabo,nina@kommune.example,HJT,
1006,Åse,Ansatt,ase@kommune.example,SOL-SK,
1006,Åse,Ansatt,ase@kommune.example,EIE,
1007,Per,Vaktmester,per@kommune.example,EIE,
"""


def write(directory: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = directory / name
    path.write_bytes(text.encode(encoding))
    return path


def run_import(directory: Path, units: str, people: str, *args: str) -> tuple[str, str]:
    """Run the command on files with this content; return (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "import_orgchart",
        str(write(directory, "units.csv", units)),
        str(write(directory, "people.csv", people)),
        *args,
        stdout=out,
        stderr=err,
    )
    return out.getvalue(), err.getvalue()


def run_failing_import(directory: Path, units: str, people: str) -> str:
    """Run the command expecting it to refuse the files; return what it printed."""
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_orgchart",
            str(write(directory, "units.csv", units)),
            str(write(directory, "people.csv", people)),
            stdout=io.StringIO(),
            stderr=err,
        )
    return err.getvalue()


def database_state() -> tuple:
    """Everything the import may change, for comparing before and after."""
    return (
        sorted(
            OrgUnit.objects.values_list(
                "code", "name", "parent__code", "path", "depth", "leader__employee_id",
                "deputy__employee_id", "is_specialist_unit", "is_active",
            )
        ),
        sorted(
            User.objects.values_list(
                "username", "employee_id", "first_name", "last_name", "email", "phone",
                "is_active", "password",
            )
        ),
        sorted(
            Membership.objects.values_list(
                "user__username", "unit__code", "is_primary", "is_active"
            )
        ),
    )  # fmt: skip


def unit(code: str) -> OrgUnit:
    return OrgUnit.objects.get(code=code)


def person(employee_id: str) -> User:
    return User.objects.get(employee_id=employee_id)


def active_units_of(employee_id: str) -> list[tuple[str, bool]]:
    return sorted(
        Membership.objects.filter(user__employee_id=employee_id, is_active=True).values_list(
            "unit__code", "is_primary"
        )
    )


@pytest.mark.django_db
def test_good_files_import_the_tree_with_paths_that_answer_ancestors_and_descendants(tmp_path):
    out, _err = run_import(tmp_path, UNITS, PEOPLE)

    kommune, sector, home, ward = unit("K"), unit("HO"), unit("SOL"), unit("SOL-SK")
    assert ward.path == "".join(path_segment(u.pk) for u in (kommune, sector, home, ward))
    assert [kommune.depth, sector.depth, home.depth, ward.depth] == [0, 1, 2, 3]
    assert list(ward.ancestors()) == [kommune, sector, home]
    assert set(sector.descendants().values_list("code", flat=True)) == {
        "HO", "SOL", "SOL-SK", "HJT"
    }  # fmt: skip
    assert OrgUnit.objects.filter(path__startswith="import-").count() == 0
    assert unit("EIE").is_specialist_unit and not home.is_specialist_unit
    assert "Enheter: 6 opprettet, 0 endret, 0 deaktivert." in out
    assert "Personer: 7 opprettet, 0 endret, 0 deaktivert." in out


@pytest.mark.django_db
def test_good_files_import_people_leaders_and_memberships_with_one_primary(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)

    assert unit("K").leader == person("1001")
    assert unit("SOL").leader == person("1003")
    assert unit("SOL").deputy == person("1004")
    assert unit("SOL-SK").leader is None
    assert active_units_of("1004") == [("SOL", True), ("SOL-SK", False)]
    assert active_units_of("1006") == [("EIE", False), ("SOL-SK", True)]
    rita = person("1001")
    assert (rita.username, rita.first_name, rita.last_name) == ("1001", "Rita", "Rådmann")
    assert (rita.email, rita.phone) == ("rita@kommune.example", "90000001")
    assert not rita.has_usable_password()


BAD_FILES = {
    "unknown_parent": (
        UNITS.replace("HJT,Hjemmetjenesten,HO", "HJT,Hjemmetjenesten,X12"),
        PEOPLE,
        "units.csv:6: ukjent overordnet enhet 'X12'",
    ),
    "cycle": (
        UNITS.replace("HO,Helse og omsorg,K", "HO,Helse og omsorg,SOL"),
        PEOPLE,
        "units.csv:3: enhetene ligger under seg selv (sirkel): HO → SOL → HO",
    ),
    "two_roots": (
        UNITS.replace("EIE,Eiendom,K", "EIE,Eiendom,"),
        PEOPLE,
        "units.csv:7: 'EIE' er en rotenhet nummer to",
    ),
    "duplicate_codes": (
        UNITS + "HO,Helse igjen,K,,,\n",
        PEOPLE,
        "units.csv:8: enhetskoden 'HO' finnes allerede på linje 3",
    ),
    "unknown_unit_for_person": (
        UNITS,
        PEOPLE.replace("1007,Per,Vaktmester,per@kommune.example,EIE", "1007,Per,V,p@k.no,XYZ"),
        "people.csv:10: ukjent enhet 'XYZ' for '1007'",
    ),
    "leader_not_in_people_file": (
        UNITS.replace("HJT,Hjemmetjenesten,HO,1005", "HJT,Hjemmetjenesten,HO,9999"),
        PEOPLE,
        "units.csv:6: lederen '9999' for 'HJT' finnes ikke i personfilen",
    ),
    "deputy_not_in_people_file": (
        UNITS.replace("1003,1004", "1003,9999"),
        PEOPLE,
        "units.csv:4: stedfortrederen '9999' for 'SOL' finnes ikke i personfilen",
    ),
    "wrong_unit_columns": (
        "code,title,parent\nK,Kommune,\n",
        PEOPLE,
        "units.csv:1: mangler kolonne(r): unit_code, name, parent_code",
    ),
    "wrong_people_columns": (
        UNITS,
        PEOPLE.replace("employee_id,first_name", "person_id,first_name"),
        "people.csv:1: mangler kolonne(r): employee_id",
    ),
    "neither_first_and_last_name_nor_one_name_column": (
        UNITS,
        PEOPLE.replace("first_name,last_name", "display_name,surname"),
        "people.csv:1: mangler kolonne(r): first_name, last_name",
    ),
    # Only lines at the end are taken for a footer.
    "line_with_one_value_in_the_middle": (
        UNITS.replace("EIE,Eiendom,K,,,ja\n", "Sum: 7\nEIE,Eiendom,K,,,ja\n"),
        PEOPLE,
        "units.csv:7: linjen har 1 felt, men overskriften har 6",
    ),
    "row_with_too_many_fields": (
        UNITS + "X,Lager,K,,,nei,ekstra\n",
        PEOPLE,
        "units.csv:8: linjen har 7 felt, men overskriften har 6",
    ),
    "files_swapped": (PEOPLE, UNITS, "units.csv:1: mangler kolonne(r): name, parent_code"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("units, people, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_reports_file_and_line_and_writes_nothing(tmp_path, units, people, message):
    assert message in run_failing_import(tmp_path, units, people)
    assert database_state() == ([], [], [])

    run_import(tmp_path, UNITS, PEOPLE)
    before = database_state()
    assert message in run_failing_import(tmp_path, units, people)
    assert database_state() == before


@pytest.mark.django_db
def test_every_error_in_both_files_is_reported(tmp_path):
    units = UNITS.replace("HJT,Hjemmetjenesten,HO", "HJT,Hjemmetjenesten,X12").replace(
        "1003,1004", "1003,9999"
    )
    people = PEOPLE.replace("1001,Rita,", "1001,Rita" + "n" * 200 + ",").replace(
        "1007,Per,Vaktmester,per@kommune.example,EIE", "1007,Per,V,p@k.no,XYZ"
    )

    err = run_failing_import(tmp_path, units, people)

    assert "units.csv:6: ukjent overordnet enhet 'X12'" in err
    assert "units.csv:4: stedfortrederen '9999'" in err
    assert "people.csv:2: first_name er lengre enn 150 tegn" in err
    assert "people.csv:10: ukjent enhet 'XYZ'" in err


@pytest.mark.django_db
def test_line_numbers_count_the_lines_of_a_quoted_line_break(tmp_path):
    units = UNITS.replace("Skjermet avdeling", '"Skjermet\navdeling"') + "X,Lager,Y,,,\n"

    err = run_failing_import(tmp_path, units, PEOPLE)

    assert "units.csv:9: ukjent overordnet enhet 'Y'" in err


@pytest.mark.django_db
def test_semicolon_separated_files_import(tmp_path):
    run_import(tmp_path, UNITS.replace(",", ";"), PEOPLE.replace(",", ";"))

    assert unit("SOL").parent == unit("HO")
    assert active_units_of("1004") == [("SOL", True), ("SOL-SK", False)]


HR_UNITS = (
    "\ufeff Unit Code ; NAME;Parent Code;Is Specialist Unit;Leader Employee ID;"
    "Deputy Employee ID;Kostnadssted\r\n"
    'K;"Eksempel kommune";;Nei;00123;;100\r\n'
    "\r\n"
    ' HO ;"Helse; omsorg og ""velferd""";K; ;00124;;200\r\n'
    "EIE;Eiendom;K;  JA ;;;300\r\n"
)
HR_PEOPLE = (
    "\ufeffsep=;\r\n"
    "UNIT_CODE;Email;Employee_ID;First Name;Last Name;Phone\r\n"
    "K;Rita.Radmann@Kommune.EXAMPLE;00123;Rita;Rådmann;\r\n"
    '"HO";" sara@kommune.example ";00124;"Sara";"Sektor";"+47 900 00 002"\r\n'
    "HO;sara@kommune.example;00124;Sara;Sektor;+47 900 00 002\r\n"
    ";;;;;\r\n"
    'EIE;;="0125";Per;Vaktmester;\r\n'
    "EIE;rita.radmann@kommune.example;126;Rolf;Radmann;\r\n"
)


@pytest.mark.django_db
def test_hr_export_quirks_are_absorbed(tmp_path):
    _out, err = run_import(tmp_path, HR_UNITS, HR_PEOPLE)

    assert unit("HO").name == 'Helse; omsorg og "velferd"'
    assert unit("HO").leader == person("00124")
    assert unit("EIE").is_specialist_unit and not unit("HO").is_specialist_unit
    assert person("00123").email == "rita.radmann@kommune.example"
    assert person("00124").phone == "+47 900 00 002"
    assert person("0125").email == ""
    assert active_units_of("00124") == [("HO", True)]
    assert "units.csv:1: advarsel: ukjent kolonne 'Kostnadssted' blir ignorert" in err
    assert "people.csv:5: advarsel: '00124' i enhet 'HO' står allerede på linje 4" in err
    assert "people.csv:7: advarsel: '0125' har ingen e-postadresse" in err
    assert "people.csv:8: advarsel: e-postadressen 'rita.radmann@kommune.example'" in err


@pytest.mark.django_db
def test_windows_1252_file_is_read_with_a_warning(tmp_path):
    units = write(tmp_path, "units.csv", UNITS.replace("Helse og omsorg", "Helse og velferd Ø"))
    people = write(tmp_path, "people.csv", PEOPLE.replace("\n", "\r\n"), encoding="cp1252")
    err = io.StringIO()

    call_command("import_orgchart", str(units), str(people), stdout=io.StringIO(), stderr=err)

    assert person("1001").last_name == "Rådmann"
    assert person("1006").first_name == "Åse"
    assert "people.csv: advarsel: filen er ikke gyldig UTF-8" in err.getvalue()
    assert unit("HO").name == "Helse og velferd Ø"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "first_bytes", [b"PK\x03\x04\x14\x00\x06\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00"]
)
def test_a_workbook_instead_of_its_csv_is_refused_with_how_to_export_it(tmp_path, first_bytes):
    """An administrator who picks the .xlsx (or an old .xls) the HR system gave them is told
    to save it as CSV, not shown a header of binary noise."""
    units = tmp_path / "units.xlsx"
    units.write_bytes(first_bytes + bytes(range(256)) * 8)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_orgchart",
            str(units),
            str(write(tmp_path, "people.csv", PEOPLE)),
            stdout=io.StringIO(),
            stderr=err,
        )

    assert "units.xlsx: dette er et regneark (Excel), ikke CSV" in err.getvalue()
    assert "«CSV UTF-8" in err.getvalue()
    assert "mangler kolonne" not in err.getvalue()
    assert database_state() == ([], [], [])


def _norwegian_header(text: str, names: str) -> str:
    """The same file with its header in Norwegian and ";" between the fields, as Excel
    writes it here."""
    rows = text.splitlines()[1:]
    return ";".join(names.split(",")) + "\n" + "\n".join(row.replace(",", ";") for row in rows)


@pytest.mark.django_db
def test_an_export_with_norwegian_column_names_imports_as_the_english_ones(tmp_path):
    units = _norwegian_header(
        UNITS, "Enhetskode,Navn,Overordnet enhet,Leder,Stedfortreder,Faginstans"
    )
    people = _norwegian_header(PEOPLE, "Ansattnr,Fornavn,Etternavn,E-post,Enhet,Mobil")

    out, err = run_import(tmp_path, units, people)

    assert "ukjent kolonne" not in err
    assert unit("SOL").parent.code == "HO"
    assert unit("SOL").leader == person("1003")
    assert unit("SOL").deputy == person("1004")
    assert unit("EIE").is_specialist_unit
    assert person("1001").phone == "90000001"
    assert person("1006").email == "ase@kommune.example"
    assert list(
        person("1006").memberships.order_by("-is_primary").values_list("unit__code", flat=True)
    ) == ["SOL-SK", "EIE"]


@pytest.mark.django_db
def test_a_title_above_the_header_is_skipped_with_a_warning(tmp_path):
    """A report exported from an HR system may start with its title and date, then an
    empty spreadsheet row, before the header."""
    units = "Organisasjonsenheter\nEksportert 30.11.2026 kl. 06:00\n;;;;;\n" + UNITS.replace(
        ",", ";"
    )
    people = "Ansatte per 30.11.2026\n\n" + _norwegian_header(
        PEOPLE, "Ansattnr,Fornavn,Etternavn,E-post,Enhet,Mobil"
    )

    out, err = run_import(tmp_path, units, people)

    assert (
        "units.csv:1: advarsel: linjen over overskriften hoppes over: Organisasjonsenheter" in err
    )
    assert "units.csv:2: advarsel: linjen over overskriften hoppes over: Eksportert" in err
    assert "people.csv:1: advarsel: linjen over overskriften hoppes over: Ansatte per" in err
    assert unit("SOL-SK").parent.code == "SOL"
    assert person("1007").memberships.get().unit.code == "EIE"
    assert OrgUnit.objects.count() == 6
    assert User.objects.filter(employee_id__gt="").count() == 7


def _people_with_second_column(title: str) -> str:
    """PEOPLE with a column ``title`` after employee_id, holding "x" on every row."""
    header, *rows = PEOPLE.splitlines()
    header = header.replace("employee_id,", f"employee_id,{title},", 1)
    return "\n".join([header, *(row.replace(",", ",x,", 1) for row in rows)])


@pytest.mark.django_db
def test_a_column_named_in_both_languages_is_read_from_its_own_name(tmp_path):
    people = _people_with_second_column("Ansattnummer")
    units = UNITS.replace("unit_code,name", "Enhetskode,Enhet,name").replace(
        "SOL,Solsiden", "SOL,Solsiden sykehjem (kort),Solsiden"
    )
    units = "\n".join(
        line if index == 0 or "Solsiden" in line else line.replace(",", ",,", 1)
        for index, line in enumerate(units.splitlines())
    )

    out, err = run_import(tmp_path, units, people)

    assert "people.csv:1: advarsel: ukjent kolonne 'Ansattnummer' blir ignorert" in err
    assert "units.csv:1: advarsel: ukjent kolonne 'Enhet' blir ignorert" in err
    assert person("1003").memberships.get().unit == unit("SOL")
    assert unit("SOL").name == "Solsiden sykehjem"


@pytest.mark.django_db
def test_a_column_twice_under_the_same_name_is_an_error(tmp_path):
    people = _people_with_second_column("Employee ID")

    err = run_failing_import(tmp_path, UNITS, people)

    assert "people.csv:1: kolonnen 'employee_id' står to ganger i overskriften" in err
    assert database_state() == ([], [], [])


REIMPORT_UNITS = (
    UNITS.replace("Helse og omsorg", "Helse og velferd")  # renamed
    .replace("SOL,Solsiden sykehjem,HO", "SOL,Solsiden sykehjem,K")  # moved with its ward
    .replace("HJT,Hjemmetjenesten,HO,1005", "HJT,Hjemmetjenesten,HO,1006")  # new leader
    .replace("EIE,Eiendom,K,,,ja\n", "")  # gone
)
REIMPORT_PEOPLE = (
    PEOPLE.replace("1005,Nina,Nabo,nina@kommune.example,HJT,\n", "")  # gone
    .replace("ase@kommune.example,EIE,", "ase@kommune.example,HJT,")  # second unit changed
    .replace("per@kommune.example,EIE,", "per@kommune.example,K,")  # moved
)


@pytest.mark.django_db
def test_reimport_renames_moves_subtree_changes_leader_and_deactivates_the_missing(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    admin = UserFactory(username="admin", employee_id=None, is_superuser=True)
    MembershipFactory(user=admin, unit=unit("EIE"))
    admin_before = database_state()[1][0]
    property_unit_pk = unit("EIE").pk

    out, _err = run_import(tmp_path, REIMPORT_UNITS, REIMPORT_PEOPLE)

    kommune, sector, home, ward = unit("K"), unit("HO"), unit("SOL"), unit("SOL-SK")
    assert sector.name == "Helse og velferd"
    assert home.parent == kommune
    assert home.path == kommune.path + path_segment(home.pk) and home.depth == 1
    assert ward.path == home.path + path_segment(ward.pk) and ward.depth == 2
    assert list(ward.ancestors()) == [kommune, home]
    assert set(sector.descendants().values_list("code", flat=True)) == {"HO", "HJT"}
    assert unit("HJT").leader == person("1006")

    property_unit = OrgUnit.objects.get(pk=property_unit_pk)
    assert not property_unit.is_active
    gone = person("1005")
    assert not gone.is_active
    assert Membership.objects.filter(user=gone).count() == 1
    assert not Membership.objects.filter(user=gone, is_active=True).exists()
    assert active_units_of("1006") == [("HJT", False), ("SOL-SK", True)]
    assert active_units_of("1007") == [("K", True)]

    assert database_state()[1][0] == admin_before
    assert Membership.objects.get(user=admin).is_active
    assert "Enheter: 0 opprettet, 3 endret, 1 deaktivert." in out
    assert "Personer: 0 opprettet, 2 endret, 1 deaktivert." in out


@pytest.mark.django_db
def test_reappearing_unit_and_person_are_reactivated(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    run_import(tmp_path, REIMPORT_UNITS, REIMPORT_PEOPLE)

    out, _err = run_import(tmp_path, UNITS, PEOPLE)

    assert unit("EIE").is_active
    assert person("1005").is_active
    assert active_units_of("1005") == [("HJT", True)]
    assert unit("SOL-SK").path.startswith(unit("HO").path)
    assert "Enheter: 0 opprettet, 4 endret, 0 deaktivert." in out


@pytest.mark.django_db
def test_primary_unit_follows_the_first_row(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    swapped = PEOPLE.replace(
        "1004,Dina,Dahl,dina@kommune.example,SOL,\n1004,Dina,Dahl,dina@kommune.example,SOL-SK,",
        "1004,Dina,Dahl,dina@kommune.example,SOL-SK,\n1004,Dina,Dahl,dina@kommune.example,SOL,",
    )

    run_import(tmp_path, UNITS, swapped)

    assert active_units_of("1004") == [("SOL", False), ("SOL-SK", True)]


@pytest.mark.django_db
def test_importing_the_same_files_again_changes_nothing(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    before = database_state()

    out, _err = run_import(tmp_path, UNITS, PEOPLE)

    assert database_state() == before
    assert "Enheter: 0 opprettet, 0 endret, 0 deaktivert." in out
    assert "Personer: 0 opprettet, 0 endret, 0 deaktivert." in out


@pytest.mark.django_db
def test_employee_id_taken_as_username_by_a_hand_made_account_is_an_error(tmp_path):
    UserFactory(username="1007", employee_id=None)

    err = run_failing_import(tmp_path, UNITS, PEOPLE)

    assert "people.csv:10: brukernavnet '1007' er allerede tatt" in err
    assert OrgUnit.objects.count() == 0


@pytest.mark.django_db
def test_dry_run_checks_and_counts_but_saves_nothing(tmp_path):
    out, _err = run_import(tmp_path, UNITS, PEOPLE, "--dry-run")

    assert "Enheter: 6 opprettet" in out
    assert database_state() == ([], [], [])


@pytest.mark.django_db
def test_import_orgchart_accepts_text_and_open_files():
    result = import_orgchart(io.StringIO(UNITS), PEOPLE.encode())

    assert (result.units_created, result.people_created, result.memberships_created) == (6, 7, 9)
    assert unit("SOL-SK").ancestors().count() == 3


@pytest.mark.django_db
def test_missing_file_is_reported(tmp_path):
    people = write(tmp_path, "people.csv", PEOPLE)
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_orgchart", str(tmp_path / "nope.csv"), str(people), stderr=err)

    assert "nope.csv: kan ikke lese filen" in err.getvalue()


def test_people_single_sign_on_created_stay_until_the_hr_file_has_them_then_are_taken_over(
    db, tmp_path
):
    run_import(tmp_path, UNITS, PEOPLE)
    temp = UserFactory(
        username="7001", employee_id="7001", first_name="Vilde", provisioned_by_sso=True
    )
    MembershipFactory(user=temp, unit=OrgUnit.objects.get(code="HJT"), is_primary=True)

    # Not in the HR file yet: the import leaves the temporary worker alone.
    run_import(tmp_path, UNITS, PEOPLE)
    temp.refresh_from_db()
    assert temp.is_active and temp.provisioned_by_sso

    # The HR file has them now: the same account, owned by the import from here on.
    run_import(tmp_path, UNITS, PEOPLE + "7001,Vilde,Olsen,vilde@kommune.example,SOL,\n")
    temp.refresh_from_db()
    assert (temp.is_active, temp.provisioned_by_sso, temp.last_name) == (True, False, "Olsen")
    assert User.objects.filter(employee_id="7001").count() == 1
    assert temp.memberships.get(is_primary=True, is_active=True).unit.code == "SOL"

    # And like everyone the import owns, leaving the file deactivates them.
    run_import(tmp_path, UNITS, PEOPLE)
    temp.refresh_from_db()
    assert not temp.is_active


def test_a_person_single_sign_on_created_without_employee_id_is_taken_over_by_email(db, tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)
    temp = UserFactory(
        username="vilde@kommune.example",
        employee_id=None,
        email="Vilde@kommune.example",
        provisioned_by_sso=True,
    )

    run_import(tmp_path, UNITS, PEOPLE + "7002,Vilde,Olsen,vilde@kommune.example,SOL,\n")

    temp.refresh_from_db()
    assert (temp.employee_id, temp.provisioned_by_sso, temp.is_active) == ("7002", False, True)
    assert User.objects.filter(email__iexact="vilde@kommune.example").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, message",
    [
        ("nb", "units.csv:1: mangler kolonne(r): unit_code, name, parent_code"),
        ("nn", "units.csv:1: manglar kolonne(r): unit_code, name, parent_code"),
        ("en", "units.csv:1: missing column(s): unit_code, name, parent_code"),
    ],
)
def test_the_import_reports_in_the_language_it_runs_in(tmp_path, language, message):
    with translation.override(language):
        assert message in run_failing_import(tmp_path, "code,title,parent\nK,Kommune,\n", PEOPLE)


@pytest.mark.django_db
def test_a_file_leaving_out_most_of_the_organisation_is_warned_about_first(tmp_path):
    extra = "".join(f"2{n:03d},Vikar,Nummer {n},v{n}@kommune.example,SOL-SK,\n" for n in range(20))
    run_import(tmp_path, UNITS, PEOPLE + extra)

    out, err = run_import(tmp_path, UNITS, PEOPLE)

    first_warning = err.splitlines()[0]
    assert "people.csv: advarsel: dette deaktiverer 20 av de 27 personene" in first_warning
    assert "(74 %)" in first_warning
    assert "units.csv: advarsel: dette deaktiverer" not in err
    assert User.objects.filter(employee_id__startswith="2", is_active=False).count() == 20


@pytest.mark.django_db
def test_an_ordinary_reimport_has_no_warning_about_deactivating(tmp_path):
    run_import(tmp_path, UNITS, PEOPLE)

    out, err = run_import(tmp_path, REIMPORT_UNITS, REIMPORT_PEOPLE)

    assert "deaktiverer" not in err
    assert "Personer: 0 opprettet" in out


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_at_once_both_succeed_and_the_second_finds_nothing_to_do():
    """A double click on "Import": the second waits for the first instead of failing on
    the people the first has just created."""

    def run():
        return import_orgchart(io.StringIO(UNITS), io.StringIO(PEOPLE))

    results, errors = values_and_errors(at_once(run, run))

    assert errors == []
    assert sorted(result.people_created for result in results) == [0, 7]
    assert User.objects.filter(employee_id__in=["1001", "1007"]).count() == 2


@pytest.mark.django_db
def test_a_unit_named_by_its_name_in_the_people_file_is_found_by_it(tmp_path):
    """Some HR exports put the unit's name beside a person, not its code."""
    people = (
        PEOPLE.replace(
            "1003,Lars,Leder,lars@kommune.example,SOL,",
            "1003,Lars,Leder,lars@kommune.example,solsiden sykehjem,",
        ).replace(",EIE,\n", ",Eiendom,\n")
        + "1004,Dina,Dahl,dina@kommune.example,Solsiden sykehjem,\n"
    )

    out, err = run_import(tmp_path, UNITS, people)

    assert "people.csv: advarsel: 4 linjer oppgir enheten med navnet" in err
    assert person("1003").memberships.get().unit.code == "SOL"
    assert person("1007").memberships.get().unit.code == "EIE"
    assert sorted(person("1004").memberships.values_list("unit__code", flat=True)) == [
        "SOL",
        "SOL-SK",
    ]


@pytest.mark.django_db
def test_a_name_several_units_share_is_not_guessed(tmp_path):
    units = UNITS + "SOL2,Skjermet avdeling,HJT,,,nei\n"
    people = PEOPLE.replace(",SOL-SK,\n", ",Skjermet avdeling,\n", 1)

    err = run_failing_import(tmp_path, units, people)

    assert "people.csv:6: ukjent enhet 'Skjermet avdeling' for '1004'" in err
