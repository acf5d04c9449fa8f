"""Checks that look beyond a single row: the shape of the unit tree, what one file names
that the other lacks, and (read-only) clashes with accounts already in the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orgchart.importing.sources import Problem, listed
from orgchart.models import PATH_SEGMENT_WIDTH, OrgUnit, User

if TYPE_CHECKING:
    from orgchart.importing.parse import Parsed, Person, PersonRow, UnitRow

# ``OrgUnit.path`` holds one fixed-width segment (digits and "/") per level.
MAX_LEVELS = OrgUnit._meta.get_field("path").max_length // (PATH_SEGMENT_WIDTH + 1)


class Suggestions:
    """Hints for the usual slips in a spreadsheet: case, and leading zeros that Excel
    drops from numbers."""

    def __init__(self, known: Iterable[str]) -> None:
        self._by_key = {self._key(value): value for value in known}

    @staticmethod
    def _key(value: str) -> str:
        return value.casefold().lstrip("0")

    def hint(self, value: str) -> str:
        candidate = self._by_key.get(self._key(value))
        if candidate is None:
            return ""
        return _(" (did you mean '%(candidate)s'?)") % {"candidate": candidate}


def check_tree(rows: list[UnitRow], name: str, header_line: int) -> list[Problem]:
    """Unknown parents, units under themselves, no root or several, and a tree deeper
    than a unit's path can hold."""
    errors: list[Problem] = []
    by_code = {row.code: row for row in rows}
    suggestions = Suggestions(by_code)
    roots = [row for row in rows if not row.parent_code]
    for row in rows:
        if row.parent_code and row.parent_code not in by_code:
            errors.append(
                Problem(
                    name,
                    row.line,
                    _("unknown parent unit '%(parent)s'") % {"parent": row.parent_code}
                    + suggestions.hint(row.parent_code),
                )
            )
    if not roots and rows:
        errors.append(
            Problem(name, header_line, _("no root unit: one unit must have an empty parent_code"))
        )
    for extra in roots[1:]:
        errors.append(
            Problem(
                name,
                extra.line,
                _(
                    "'%(code)s' is a second root unit (empty parent_code); '%(root)s' on line "
                    "%(line)d is already the root"
                )
                % {"code": extra.code, "root": roots[0].code, "line": roots[0].line},
            )
        )

    # Walk up from every unit, remembering how far each one is from the root; a walk that
    # meets itself has found a cycle, reported once at its first line.
    depth: dict[str, int] = {row.code: 0 for row in roots}
    in_cycle: set[str] = set()
    for row in rows:
        chain: list[str] = []
        on_chain: set[str] = set()
        code = row.code
        while code in by_code and code not in depth and code not in in_cycle:
            if code in on_chain:
                cycle = chain[chain.index(code) :]
                in_cycle.update(cycle)
                first = min((by_code[c] for c in cycle), key=lambda r: r.line)
                start = cycle.index(first.code)
                loop = cycle[start:] + cycle[:start] + [first.code]
                errors.append(
                    Problem(
                        name,
                        first.line,
                        _("the units lie under themselves (a loop): %(loop)s")
                        % {"loop": " → ".join(loop)},
                    )
                )
                break
            chain.append(code)
            on_chain.add(code)
            code = by_code[code].parent_code
        if code in depth:
            base = depth[code]
            for offset, member in enumerate(reversed(chain), start=1):
                depth[member] = base + offset
    for row in rows:
        if depth.get(row.code, 0) >= MAX_LEVELS:
            errors.append(
                Problem(
                    name,
                    row.line,
                    _("'%(code)s' is at level %(level)d; the tree can have at most %(max)d levels")
                    % {"code": row.code, "level": depth[row.code] + 1, "max": MAX_LEVELS},
                )
            )
    return errors


def units_named_by_name(units: Parsed, people: Parsed) -> list[Problem]:
    """Let the people file name a person's unit by its name where it has no such code:
    some HR exports list the unit's name beside the person. A name that several units
    share is left alone (and reported as an unknown unit). The rows are rewritten with
    the code; one warning says how many were matched so."""
    if not (units.readable and people.readable):
        return []
    codes = {row.code for row in units.rows}
    by_name: dict[str, list[str]] = {}
    for row in units.rows:
        by_name.setdefault(row.name.casefold(), []).append(row.code)
    matched = 0
    for index, row in enumerate(people.rows):
        found = by_name.get(row.unit_code.casefold(), [])
        if row.unit_code and row.unit_code not in codes and len(found) == 1:
            people.rows[index] = replace(row, unit_code=found[0])
            matched += 1
    if not matched:
        return []
    # A person listed under a unit's code and again under its name is in it once.
    seen: set[tuple[str, str]] = set()
    people.rows[:] = [
        row
        for row in people.rows
        if (row.employee_id, row.unit_code) not in seen
        and not seen.add((row.employee_id, row.unit_code))
    ]
    message = ngettext(
        "%(count)d row names its unit by the unit's name, not its code; it was matched by name",
        "%(count)d rows name their unit by the unit's name, not its code; they were matched "
        "by name",
        matched,
    )
    return [Problem(people.file, None, message % {"count": matched})]


class PeopleByName:
    """Who in the people file goes by a full name or an e-mail address: "Ola Nordmann",
    "Nordmann, Ola", "Nordmann Ola" or ola.nordmann@…, compared without case or extra
    spaces."""

    def __init__(self, rows: Iterable[PersonRow]) -> None:
        self._ids: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            first, last = row.first_name.casefold(), row.last_name.casefold()
            for name in (row.email or "", f"{first} {last}", f"{last}, {first}", f"{last} {first}"):
                if name.strip(" ,"):
                    self._ids[name].add(row.employee_id)

    def ids(self, value: str) -> list[str]:
        return sorted(self._ids.get(" ".join(value.casefold().split()), ()))


def _some_leader_not_by_employee_id(units: Parsed, employee_ids: set[str]) -> bool:
    named = {row.leader_id for row in units.rows} | {row.deputy_id for row in units.rows}
    return bool(named - employee_ids - {"", None})


def leaders_named_otherwise(units: Parsed, people: Parsed) -> list[Problem]:
    """Let the units file name a leader or deputy by their e-mail address or full name
    where it has no such employee ID: some HR exports give the leader's name in the
    "Leder" column. Only someone the people file has exactly once is taken; a name
    several people share is left for ``check_references`` to report. One warning says
    how many were found so."""
    if not (units.readable and people.readable):
        return []
    employee_ids = {row.employee_id for row in people.rows}
    if not _some_leader_not_by_employee_id(units, employee_ids):
        return []
    by_name = PeopleByName(people.rows)

    def found(value: str | None) -> str | None:
        if not value or value in employee_ids:
            return None
        ids = by_name.ids(value)
        return ids[0] if len(ids) == 1 else None

    matched = 0
    for index, row in enumerate(units.rows):
        leader, deputy = found(row.leader_id), found(row.deputy_id)
        if leader or deputy:
            units.rows[index] = replace(
                row, leader_id=leader or row.leader_id, deputy_id=deputy or row.deputy_id
            )
            matched += bool(leader) + bool(deputy)
    if not matched:
        return []
    message = ngettext(
        "%(count)d leader or deputy is named by e-mail address or name, not employee ID; "
        "they were found by it",
        "%(count)d leaders and deputies are named by e-mail address or name, not employee ID; "
        "they were found by it",
        matched,
    )
    return [Problem(units.file, None, message % {"count": matched})]


def check_references(units: Parsed, people: Parsed) -> list[Problem]:
    """Errors where one file names what the other lacks: a person's unit that is not in
    the units file, a leader or deputy who is not in the people file."""
    errors: list[Problem] = []
    if units.readable:
        codes = {row.code for row in units.rows}
        suggestions = Suggestions(codes)
        for row in people.rows:
            if row.unit_code and row.unit_code not in codes:
                errors.append(
                    Problem(
                        people.file,
                        row.line,
                        _("unknown unit '%(unit)s' for '%(id)s'")
                        % {"unit": row.unit_code, "id": row.employee_id}
                        + suggestions.hint(row.unit_code),
                    )
                )
    if people.readable:
        employee_ids = {row.employee_id for row in people.rows}
        if not _some_leader_not_by_employee_id(units, employee_ids):
            return errors
        suggestions = Suggestions(employee_ids)
        by_name = PeopleByName(people.rows)
        for row in units.rows:
            for employee_id, missing, shared in (
                (
                    row.leader_id,
                    _("leader '%(id)s' of '%(code)s' is not in the people file"),
                    _(
                        "leader '%(id)s' of '%(code)s': %(count)d people in the people file "
                        "have that name (%(ids)s); give the employee ID"
                    ),
                ),
                (
                    row.deputy_id,
                    _("deputy '%(id)s' of '%(code)s' is not in the people file"),
                    _(
                        "deputy '%(id)s' of '%(code)s': %(count)d people in the people file "
                        "have that name (%(ids)s); give the employee ID"
                    ),
                ),
            ):
                if not employee_id or employee_id in employee_ids:
                    continue
                namesakes = by_name.ids(employee_id)
                values = {"id": employee_id, "code": row.code}
                if len(namesakes) > 1:
                    message = shared % {
                        **values,
                        "count": len(namesakes),
                        "ids": ", ".join(namesakes),
                    }
                else:
                    message = missing % values + suggestions.hint(employee_id)
                errors.append(Problem(units.file, row.line, message))
    return errors


def employee_ids_in_database() -> set[str]:
    """Every employee ID the database has, read once for the checks below."""
    return set(User.objects.filter(employee_id__isnull=False).values_list("employee_id", flat=True))


def check_against_database(
    people: dict[str, Person], name: str, known_ids: set[str]
) -> tuple[list[Problem], list[Problem]]:
    """Read-only checks against people already in the database.

    A new employee gets their employee ID as username, so that name must be free; and an
    e-mail address shared with a hand-made account makes e-mail login ambiguous."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    new_ids = [employee_id for employee_id in people if employee_id not in known_ids]
    # Chunks keep each query under SQLite's limit on parameters.
    for start in range(0, len(new_ids), 900):
        taken = User.objects.filter(username__in=new_ids[start : start + 900]).values_list(
            "username", flat=True
        )
        for username in taken:
            errors.append(
                Problem(
                    name,
                    people[username].line,
                    _(
                        "the username '%(id)s' is already taken by another user; give that user "
                        "another username or set the employee ID on it"
                    )
                    % {"id": username},
                )
            )
    hand_made = dict(
        User.objects.filter(Q(employee_id__isnull=True) | Q(employee_id=""))
        .exclude(email="")
        .values_list("email", "username")
    )
    hand_made = {email.lower(): username for email, username in hand_made.items()}
    for person in people.values():
        if person.email in hand_made:
            warnings.append(
                Problem(
                    name,
                    person.line,
                    _(
                        "the e-mail address '%(email)s' is also used by the user '%(user)s' (who "
                        "has no employee ID)"
                    )
                    % {"email": person.email, "user": hand_made[person.email]},
                )
            )
    return errors, warnings


def check_lost_zeros(
    unit_rows: list[UnitRow],
    units_file: str,
    people: dict[str, Person],
    people_file: str,
    known_people: set[str],
) -> list[Problem]:
    """Errors for codes and employee IDs that differ from ones already imported only by
    their leading zeros, where the old one is not in the files: a spreadsheet program
    that opened and saved the export has most likely dropped them ("00123" → "123").
    Imported so, every such person and unit would be created again and the old ones,
    with their cases, deactivated."""
    errors: list[Problem] = []
    known_units = set(OrgUnit.objects.values_list("code", flat=True))
    for file, known, given, message in (
        (
            units_file,
            known_units,
            {row.code: row.line for row in unit_rows},
            _(
                "the unit code '%(new)s' is '%(old)s' without its leading zeros: the file "
                "may have been saved by a spreadsheet program that dropped them; export it "
                "again or keep the zeros"
            ),
        ),
        (
            people_file,
            known_people,
            {employee_id: person.line for employee_id, person in people.items()},
            _(
                "the employee ID '%(new)s' is '%(old)s' without its leading zeros: the file "
                "may have been saved by a spreadsheet program that dropped them; export it "
                "again or keep the zeros"
            ),
        ),
    ):
        gone = {value.lstrip("0"): value for value in known - given.keys() if value[:1] == "0"}
        stripped = []
        for value, line in given.items():
            old = gone.get(value.lstrip("0")) if value not in known else None
            if old is not None:
                stripped.append(Problem(file, line, message % {"new": value, "old": old}))
        errors += listed(file, stripped)
    return errors
