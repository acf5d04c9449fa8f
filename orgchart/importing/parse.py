"""Checking each HR file's rows before anything is written.

The parsers are pure: they take what ``sources`` read and return the rows they accept
together with every error and warning found, so that the administrator sees all problems
of a file in one run instead of fixing them one at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from orgchart.importing.checks import check_tree
from orgchart.importing.sources import Problem, Source, listed, read_table
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
# One column with the whole name, which some exports give instead of first and last name.
FULL_NAME = "full_name"
# The day a position ends, which an export that also lists people who have left gives.
END_DATE = "end_date"
# How dates are written in Norwegian exports and in ISO form.
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y")
# What exports write for a position with no end.
NO_END = frozenset({"løpende", "lopende", "fast", "ingen", "-"})
# What an export may leave out: a column not there keeps what the database has (a new
# unit has no leader or deputy and is no specialist unit). An HR system knows nothing of
# specialist units, an organisation export may not name leaders (they are then set in
# the admin), and a payroll export often has neither phone nor e-mail. The first and
# last name may instead come in one column, as "Nordmann, Ola" or "Ola Nordmann".
UNIT_OPTIONAL = {"leader_employee_id": None, "deputy_employee_id": None, "is_specialist_unit": None}
PEOPLE_OPTIONAL = {
    "email": None,
    "phone": None,
    FULL_NAME: None,
    END_DATE: None,
    "first_name": FULL_NAME,
    "last_name": FULL_NAME,
}
# The names Norwegian HR systems and spreadsheets give the same columns, so that an export
# whose header is in Norwegian imports without renaming it (compared as ``header_key``
# does: case, spaces, "-" and "_" do not count), the surest first. "Enhet" alone is not
# one of the units file's: it is as often the unit's name as its code.
UNIT_ALIASES = {
    "unit_code": (
        "enhetskode",
        "orgenhet",
        "org.enhet",
        "enhetsnummer",
        "enhet id",
        "avdelingskode",
        "kode",
    ),
    "name": ("navn", "enhetsnavn", "avdelingsnavn"),
    "parent_code": (
        "overordnet",
        "overordnet enhet",
        "overordnet enhetskode",
        "overordnet kode",
        "overordnet avdeling",
    ),
    # The leader's employee number before the column that may hold their name.
    "leader_employee_id": (
        "leder ansattnr",
        "leders ansattnr",
        "leders ansattnummer",
        "leder ansattnummer",
        "leder",
    ),
    "deputy_employee_id": ("stedfortreder ansattnr", "stedfortreder", "nestleder"),
    "is_specialist_unit": ("faginstans",),
}
PEOPLE_ALIASES = {
    "employee_id": (
        "ansattnr",
        "ansattnummer",
        "ansatt id",
        "personalnummer",
        "personalnr",
        "ressursnummer",
        "ressursnr",
    ),
    "first_name": ("fornavn",),
    "last_name": ("etternavn",),
    "email": ("e-post", "epostadresse", "e-postadresse", "mail"),
    "unit_code": (
        "enhetskode",
        "enhet",
        "orgenhet",
        "org.enhet",
        "enhetsnummer",
        "avdelingskode",
        "avdeling",
        "organisasjonsenhet",
        "arbeidssted",
        # Names, last: ``units_named_by_name`` finds the unit a name belongs to.
        "enhetsnavn",
        "avdelingsnavn",
    ),
    "phone": ("telefon", "mobil", "mobilnummer", "tlf"),
    FULL_NAME: ("navn", "fullt navn", "name", "ansattnavn", "personnavn"),
    END_DATE: ("sluttdato", "til dato", "tildato", "fratredelsesdato", "stilling til"),
}


class EagerEmailValidator(EmailValidator):
    """Django's e-mail check with its patterns compiled once, not behind the lazy proxy
    that costs a lookup on every use: a third of reading 55,000 people's rows."""

    user_regex = re.compile(EmailValidator.user_regex.pattern, re.IGNORECASE)
    domain_regex = re.compile(EmailValidator.domain_regex.pattern, re.IGNORECASE)
    literal_regex = re.compile(EmailValidator.literal_regex.pattern, re.IGNORECASE)


validate_email = EagerEmailValidator()

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
    # None where the file has no such column: the database's value is kept.
    leader_id: str | None
    deputy_id: str | None
    is_specialist_unit: bool | None


@dataclass(frozen=True)
class PersonRow:
    line: int
    employee_id: str
    first_name: str
    last_name: str
    # None where the file has no such column (or, for the e-mail, an address that is
    # not one): the database's value is kept.
    email: str | None
    # Empty for a person HR has placed in no unit (on leave, between positions).
    unit_code: str
    phone: str | None


@dataclass
class Person:
    """A person with all the units they work in, the primary one first."""

    employee_id: str
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
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
    table = read_table(source, name, UNIT_COLUMNS, UNIT_ALIASES, UNIT_OPTIONAL)
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
        flag = values.get("is_specialist_unit")
        if flag is not None and flag.casefold() not in TRUE_WORDS | FALSE_WORDS:
            error(
                line,
                _("is_specialist_unit must be ja/nei or true/false, not '%(value)s'")
                % {"value": flag},
            )
        parent_code = values["parent_code"]
        if parent_code == code:
            # How some HR systems mark the top of the tree.
            warnings.append(
                Problem(
                    name,
                    line,
                    _("'%(code)s' is its own parent unit; it is taken as the top unit")
                    % {"code": code},
                )
            )
            parent_code = ""
        leader, deputy = values.get("leader_employee_id"), values.get("deputy_employee_id")
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
                parent_code=parent_code,
                leader_id=leader,
                deputy_id=deputy,
                is_specialist_unit=None if flag is None else flag.casefold() in TRUE_WORDS,
            )
        )
    if table.readable:
        errors.extend(check_tree(rows, name, table.header_line))
    if table.readable and "leader_employee_id" not in table.columns:
        warnings.append(
            Problem(
                name,
                table.header_line,
                _(
                    "the file names no leaders (no column leader_employee_id): each unit keeps "
                    "the leader it has, and a new unit has none until one is set in the admin"
                ),
            )
        )
    return Parsed(rows, errors, warnings, name, table.readable)


def parse_people(source: Source, name: str = "people.csv") -> Parsed:
    """Read the people file and check each row: employee ID, e-mail, lengths.

    Repeated rows for the same person and unit are dropped with a warning; the accepted
    ``PersonRow``s keep file order, so a person's first row is their primary unit. A
    person placed in no unit and an e-mail address that is not one are imported with a
    warning rather than stopping the whole organisation's import."""
    table = read_table(
        source, name, (*PEOPLE_COLUMNS, FULL_NAME, END_DATE), PEOPLE_ALIASES, PEOPLE_OPTIONAL
    )
    errors, warnings = table.errors, table.warnings
    name = table.name
    rows: list[PersonRow] = []
    seen: dict[tuple[str, str], int] = {}
    first_row: dict[str, PersonRow] = {}
    bad_addresses: list[Problem] = []
    split_names = not {"first_name", "last_name"} <= table.columns
    limits = {
        "employee_id": _max_length(User, "employee_id"),
        "first_name": _max_length(User, "first_name"),
        "last_name": _max_length(User, "last_name"),
        "email": _max_length(User, "email"),
        "phone": _max_length(User, "phone"),
    }

    today = timezone.localdate()
    ended: list[Problem] = []
    undated: list[Problem] = []
    for line, values in table.rows:
        employee_id = values["employee_id"]
        if not employee_id:
            errors.append(Problem(name, line, _("employee ID missing (employee_id)")))
            continue
        end = values.get(END_DATE) or ""
        if end and end.casefold() not in NO_END:
            last_day = _date(end)
            if last_day is None:
                undated.append(
                    Problem(
                        name,
                        line,
                        _("'%(value)s' in end_date is not a date (dd.mm.yyyy); the line is kept")
                        % {"value": end},
                    )
                )
            elif last_day < today:
                ended.append(
                    Problem(
                        name,
                        line,
                        _("the position of '%(id)s' ended on %(date)s; the line is left out")
                        % {"id": employee_id, "date": end},
                    )
                )
                continue
        if split_names:
            first_name, last_name = split_full_name(values[FULL_NAME])
        else:
            first_name, last_name = values["first_name"], values["last_name"]
        email = values.get("email")
        row = PersonRow(
            line=line,
            employee_id=employee_id,
            first_name=first_name,
            last_name=last_name,
            email=None if email is None else email.lower(),
            unit_code=values["unit_code"],
            phone=values.get("phone"),
        )
        errors.extend(
            Problem(
                name,
                line,
                _("%(column)s is longer than %(limit)d characters")
                % {"column": column, "limit": limit},
            )
            for column, limit in limits.items()
            if _too_long(getattr(row, column) or "", limit)
        )
        if row.email and not _too_long(row.email, limits["email"]):
            try:
                validate_email(row.email)
            except ValidationError:
                bad_addresses.append(
                    Problem(
                        name,
                        line,
                        _(
                            "'%(email)s' is not an e-mail address; the e-mail address of "
                            "'%(id)s' is left as it was"
                        )
                        % {"email": email, "id": employee_id},
                    )
                )
                row = replace(row, email=None)

        key = (employee_id, row.unit_code)
        if key in seen or (not row.unit_code and employee_id in first_row):
            # A row without a unit adds nothing to one the person already has.
            if row.unit_code:
                warnings.append(
                    Problem(
                        name,
                        line,
                        _(
                            "'%(id)s' in unit '%(unit)s' already appears on line %(first)d; "
                            "this line is ignored"
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

    if split_names and rows:
        warnings.append(
            Problem(
                name,
                None,
                _(
                    "first and last names are split from the one name column: the last name "
                    'is what comes before a comma ("Nordmann, Ola"), or else the last word'
                ),
            )
        )
    warnings.extend(listed(name, bad_addresses))
    warnings.extend(listed(name, ended))
    warnings.extend(listed(name, undated))
    warnings.extend(_email_warnings(first_row.values(), name))
    warnings.extend(_without_unit_warnings(rows, name))
    return Parsed(rows, errors, warnings, name, table.readable)


def _date(value: str) -> date | None:
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(value, form).date()
        except ValueError:
            continue
    return None


def split_full_name(full_name: str) -> tuple[str, str]:
    """First and last name from one column: "Nordmann, Ola" (as HR lists sort people)
    or "Ola Nordmann"; a single word is a first name."""
    if "," in full_name:
        last, _comma, first = full_name.partition(",")
        return first.strip(), last.strip()
    first, _space, last = full_name.strip().rpartition(" ")
    if not first:
        return last, ""
    return first.strip(), last


def _details(row: PersonRow) -> tuple:
    return (row.first_name, row.last_name, row.email, row.phone)


def _email_warnings(people: Iterable[PersonRow], name: str) -> list[Problem]:
    warnings: list[Problem] = []
    without: list[Problem] = []
    owner: dict[str, PersonRow] = {}
    for row in people:
        if row.email is None:
            continue
        if not row.email:
            without.append(
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
    return listed(name, without) + listed(name, warnings)


def _without_unit_warnings(rows: list[PersonRow], name: str) -> list[Problem]:
    """People HR has placed in no unit are imported: they can sign in and report (a
    report is then routed by where it happened), but no leader has them as staff."""
    placed = {row.employee_id for row in rows if row.unit_code}
    without = [
        Problem(
            name,
            row.line,
            _("'%(id)s' is in no unit: no leader has them as staff until HR places them in one")
            % {"id": row.employee_id},
        )
        for row in rows
        if row.employee_id not in placed
    ]
    return listed(name, without)


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
        if row.unit_code:
            person.unit_codes.append(row.unit_code)
    return people
