"""Checking each HR file's rows before anything is written.

The parsers are pure: they take what ``sources`` read and return the rows they accept
together with every error and warning found, so that the administrator sees all problems
of a file in one run instead of fixing them one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from orgchart.importing.checks import check_tree
from orgchart.importing.sources import Problem, Source, read_table
from orgchart.models import OrgUnit, User

UNIT_COLUMNS = (
    "unit_code",
    "name",
    "parent_code",
    "leader_employee_id",
    "deputy_employee_id",
    "is_specialist_unit",
)
PEOPLE_COLUMNS = ("employee_id", "first_name", "last_name", "email", "unit_code", "phone")
# The names Norwegian HR systems and spreadsheets give the same columns, so that an export
# whose header is in Norwegian imports without renaming it (compared as ``header_key``
# does: case, spaces, "-" and "_" do not count), the surest first. "Enhet" alone is not
# one of the units file's: it is as often the unit's name as its code.
UNIT_ALIASES = {
    "unit_code": ("enhetskode", "orgenhet", "org.enhet", "enhetsnummer", "kode"),
    "name": ("navn", "enhetsnavn"),
    "parent_code": ("overordnet", "overordnet enhet", "overordnet enhetskode", "overordnet kode"),
    "leader_employee_id": ("leder", "leder ansattnr", "leders ansattnummer", "leder ansattnummer"),
    "deputy_employee_id": ("stedfortreder", "stedfortreder ansattnr", "nestleder"),
    "is_specialist_unit": ("faginstans",),
}
PEOPLE_ALIASES = {
    "employee_id": ("ansattnr", "ansattnummer", "ansatt id", "personalnummer", "ressursnummer"),
    "first_name": ("fornavn",),
    "last_name": ("etternavn",),
    "email": ("e-post", "epostadresse", "e-postadresse", "mail"),
    "unit_code": ("enhetskode", "enhet", "orgenhet", "org.enhet", "enhetsnummer"),
    "phone": ("telefon", "mobil", "mobilnummer", "tlf"),
}

TRUE_WORDS = frozenset({"ja", "j", "true", "yes", "y", "1", "sann"})
FALSE_WORDS = frozenset({"nei", "n", "false", "no", "0", "usann", ""})


def _max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    name: str
    parent_code: str
    leader_id: str
    deputy_id: str
    is_specialist_unit: bool


@dataclass(frozen=True)
class PersonRow:
    line: int
    employee_id: str
    first_name: str
    last_name: str
    email: str
    unit_code: str
    phone: str


@dataclass
class Person:
    """A person with all the units they work in, the primary one first."""

    employee_id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    line: int
    unit_codes: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    """What a parser accepted and found; unpacks as ``rows, errors, warnings``."""

    rows: list
    errors: list[Problem]
    warnings: list[Problem]
    file: str
    # Whether the header matched: if not, the other file is not checked against this one.
    readable: bool = True

    def __iter__(self) -> Iterator:
        return iter((self.rows, self.errors, self.warnings))


def _too_long(value: str, limit: int) -> bool:
    return len(value) > limit


def parse_units(source: Source, name: str = "units.csv") -> Parsed:
    """Read the units file and check it on its own: required values, lengths, the
    specialist flag, duplicate codes, unknown parents, cycles, a single root and depth.
    Returns the accepted ``UnitRow``s (the first of any duplicate code)."""
    table = read_table(source, name, UNIT_COLUMNS, UNIT_ALIASES)
    errors, warnings = table.errors, table.warnings
    name = table.name
    rows: list[UnitRow] = []
    first_line: dict[str, int] = {}
    code_limit = _max_length(OrgUnit, "code")
    name_limit = _max_length(OrgUnit, "name")

    def error(line: int, message: str) -> None:
        errors.append(Problem(name, line, message))

    for line, values in table.rows:
        code = values["unit_code"]
        if not code:
            error(line, _("unit code missing (unit_code)"))
            continue
        if code in first_line:
            error(
                line,
                _("unit code '%(code)s' already appears on line %(first)d")
                % {"code": code, "first": first_line[code]},
            )
            continue
        first_line[code] = line
        if _too_long(code, code_limit):
            error(
                line, _("the unit code is longer than %(limit)d characters") % {"limit": code_limit}
            )
        if not values["name"]:
            error(line, _("unit '%(code)s' has no name") % {"code": code})
        elif _too_long(values["name"], name_limit):
            error(line, _("the name is longer than %(limit)d characters") % {"limit": name_limit})
        flag = values["is_specialist_unit"].casefold()
        if flag not in TRUE_WORDS | FALSE_WORDS:
            error(
                line,
                _("is_specialist_unit must be ja/nei or true/false, not '%(value)s'")
                % {"value": values["is_specialist_unit"]},
            )
        leader, deputy = values["leader_employee_id"], values["deputy_employee_id"]
        if leader and leader == deputy:
            warnings.append(
                Problem(
                    name,
                    line,
                    _("leader and deputy are the same person '%(id)s'") % {"id": leader},
                )
            )
        rows.append(
            UnitRow(
                line=line,
                code=code,
                name=values["name"],
                parent_code=values["parent_code"],
                leader_id=leader,
                deputy_id=deputy,
                is_specialist_unit=flag in TRUE_WORDS,
            )
        )
    if table.readable:
        errors.extend(check_tree(rows, name, table.header_line))
    return Parsed(rows, errors, warnings, name, table.readable)


def parse_people(source: Source, name: str = "people.csv") -> Parsed:
    """Read the people file and check each row: employee ID, e-mail, lengths, unit code.

    Repeated rows for the same person and unit are dropped with a warning; the accepted
    ``PersonRow``s keep file order, so a person's first row is their primary unit."""
    table = read_table(source, name, PEOPLE_COLUMNS, PEOPLE_ALIASES)
    errors, warnings = table.errors, table.warnings
    name = table.name
    rows: list[PersonRow] = []
    seen: dict[tuple[str, str], int] = {}
    first_row: dict[str, PersonRow] = {}
    limits = {
        "employee_id": _max_length(User, "employee_id"),
        "first_name": _max_length(User, "first_name"),
        "last_name": _max_length(User, "last_name"),
        "email": _max_length(User, "email"),
        "phone": _max_length(User, "phone"),
    }

    for line, values in table.rows:
        employee_id = values["employee_id"]
        if not employee_id:
            errors.append(Problem(name, line, _("employee ID missing (employee_id)")))
            continue
        row = PersonRow(
            line=line,
            employee_id=employee_id,
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"].lower(),
            unit_code=values["unit_code"],
            phone=values["phone"],
        )
        row_errors = [
            _("%(column)s is longer than %(limit)d characters") % {"column": column, "limit": limit}
            for column, limit in limits.items()
            if _too_long(values[column], limit)
        ]
        if row.email:
            try:
                validate_email(row.email)
            except ValidationError:
                row_errors.append(
                    _("invalid e-mail address '%(email)s'") % {"email": values["email"]}
                )
        if not row.unit_code:
            row_errors.append(_("unit code missing (unit_code)"))
        errors.extend(Problem(name, line, message) for message in row_errors)

        key = (employee_id, row.unit_code)
        if key in seen:
            warnings.append(
                Problem(
                    name,
                    line,
                    _(
                        "'%(id)s' in unit '%(unit)s' already appears on line %(first)d; this "
                        "line is ignored"
                    )
                    % {"id": employee_id, "unit": row.unit_code, "first": seen[key]},
                )
            )
            continue
        seen[key] = line
        first = first_row.setdefault(employee_id, row)
        if first is not row and _details(first) != _details(row):
            warnings.append(
                Problem(
                    name,
                    line,
                    _(
                        "the details for '%(id)s' differ from line %(first)d; using those from "
                        "line %(first)d"
                    )
                    % {"id": employee_id, "first": first.line},
                )
            )
        rows.append(row)

    warnings.extend(_email_warnings(first_row.values(), name))
    return Parsed(rows, errors, warnings, name, table.readable)


def _details(row: PersonRow) -> tuple[str, str, str, str]:
    return (row.first_name, row.last_name, row.email, row.phone)


def _email_warnings(people: Iterable[PersonRow], name: str) -> list[Problem]:
    warnings: list[Problem] = []
    owner: dict[str, PersonRow] = {}
    for row in people:
        if not row.email:
            warnings.append(
                Problem(
                    name,
                    row.line,
                    _("'%(id)s' has no e-mail address and cannot get notifications by e-mail")
                    % {"id": row.employee_id},
                )
            )
        elif row.email in owner:
            warnings.append(
                Problem(
                    name,
                    row.line,
                    _(
                        "the e-mail address '%(email)s' is also used by '%(other)s' (line "
                        "%(line)d); neither of them can log in with e-mail"
                    )
                    % {
                        "email": row.email,
                        "other": owner[row.email].employee_id,
                        "line": owner[row.email].line,
                    },
                )
            )
        else:
            owner[row.email] = row
    return warnings


def group_people(rows: Iterable[PersonRow]) -> dict[str, Person]:
    """One ``Person`` per employee ID, with details from their first row and their
    units in file order."""
    people: dict[str, Person] = {}
    for row in rows:
        person = people.get(row.employee_id)
        if person is None:
            person = people[row.employee_id] = Person(
                employee_id=row.employee_id,
                first_name=row.first_name,
                last_name=row.last_name,
                email=row.email,
                phone=row.phone,
                line=row.line,
            )
        person.unit_codes.append(row.unit_code)
    return people
