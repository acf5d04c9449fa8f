"""Writing a checked org chart to the database.

Everything happens in one transaction with a fixed number of bulk statements per table,
so that a municipality of 10,000 units and 50,000 people imports in seconds, and an
import that fails half-way leaves nothing behind. Nothing is ever deleted: what is
missing from the files is deactivated, so cases keep their history.
"""

from __future__ import annotations

import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from orgchart.importing.checks import (
    check_against_database,
    check_lost_zeros,
    check_references,
    employee_ids_in_database,
    leaders_named_otherwise,
    units_named_by_name,
)
from orgchart.importing.parse import Person, UnitRow, group_people, parse_people, parse_units
from orgchart.importing.sources import Problem, Source
from orgchart.models import Membership, OrgUnit, User, path_segment

BATCH_SIZE = 1000
# The advisory lock that lets one import run at a time on PostgreSQL (any fixed number).
IMPORT_LOCK = 0x4F524743  # "ORGC"
# Leaving out more than this share of what is active now (and more than this many) earns
# a warning: a re-import normally deactivates a few people, not a quarter of them.
MASS_DEACTIVATION_SHARE = 0.25
MASS_DEACTIVATION_COUNT = 10

# People the import owns. Accounts without an employee ID (administrators made by hand)
# are never changed.
IMPORTED_PEOPLE = Q(employee_id__isnull=False) & ~Q(employee_id="")

PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "is_active")
UNIT_FIELDS = ("name", "parent", "leader", "deputy", "is_specialist_unit", "is_active")


@dataclass
class ImportResult:
    """What an import changed, and the warnings to show the administrator."""

    units_created: int = 0
    units_updated: int = 0
    units_deactivated: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_deactivated: int = 0
    memberships_created: int = 0
    memberships_deactivated: int = 0
    warnings: list[Problem] = field(default_factory=list)


class InvalidOrgchart(Exception):
    """The files have errors; nothing was written."""

    def __init__(self, errors: list[Problem], warnings: list[Problem]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors
        self.warnings = warnings


def import_orgchart(
    units_file: Source, people_file: Source, *, dry_run: bool = False
) -> ImportResult:
    """Bring units, people and memberships in line with two HR files.

    ``units_file`` and ``people_file`` are paths, open files (text or binary) or CSV text.
    Both files are checked completely first; if anything is wrong, ``InvalidOrgchart``
    carries every error and the database is untouched. Otherwise the import runs in one
    transaction (rolled back at the end when ``dry_run``).
    """
    units = parse_units(units_file)
    people = parse_people(people_file)
    named = units_named_by_name(units, people) + leaders_named_otherwise(units, people)
    # In file and line order, the way the administrator will go through them.
    order = {units.file: 0, people.file: 1}
    errors = sorted(
        units.errors + people.errors + check_references(units, people),
        key=lambda problem: (order.get(problem.file, 2), problem.line or 0),
    )
    warnings = units.warnings + people.warnings + named
    if errors:
        raise InvalidOrgchart(errors, warnings)
    persons = group_people(people.rows)

    with transaction.atomic():
        _one_import_at_a_time()
        known_ids = employee_ids_in_database()
        db_errors, db_warnings = check_against_database(persons, people.file, known_ids)
        db_errors += check_lost_zeros(units.rows, units.file, persons, people.file, known_ids)
        warnings += db_warnings
        if db_errors:
            raise InvalidOrgchart(db_errors, warnings)
        result = ImportResult(warnings=warnings)
        active_before = (
            User.objects.filter(IMPORTED_PEOPLE, is_active=True).count(),
            OrgUnit.objects.filter(is_active=True).count(),
        )
        user_ids, created, changed = _write_people(persons, result)
        leaving = {pk for employee_id, pk in user_ids.items() if employee_id not in persons}
        unit_ids = _write_units(units.rows, user_ids, leaving, units.file, result)
        changed |= _write_memberships(persons, user_ids, unit_ids, result)
        result.people_updated = len(changed - created)
        result.warnings[:0] = _mass_deactivation(result, *active_before, people.file, units.file)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _one_import_at_a_time() -> None:
    """Hold the import lock until the transaction ends. Two imports at once (a double
    click on "Import", the command beside the page) would otherwise both insert the same
    new people, and the second would fail on the unique employee ID. Waiting, it reads
    what the first wrote and finds nothing left to do. SQLite's immediate transactions
    already let one writer in at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK])


def _mass_deactivation(
    result: ImportResult, people_before: int, units_before: int, people_file: str, units_file: str
) -> list[Problem]:
    """A warning, first in the list, when the files leave out a large part of what is
    active now: most likely a file of one sector, or an export cut short, rather than an
    organisation that shrank. Importing the whole files again brings everyone back."""
    warnings = []
    for file, gone, before, message in (
        (
            units_file,
            result.units_deactivated,
            units_before,
            _(
                "this deactivates %(gone)d of the %(before)d units active now "
                "(%(share)d %%): check that the file holds the whole organisation"
            ),
        ),
        (
            people_file,
            result.people_deactivated,
            people_before,
            _(
                "this deactivates %(gone)d of the %(before)d people active now "
                "(%(share)d %%): check that the file holds the whole organisation"
            ),
        ),
    ):
        if gone > MASS_DEACTIVATION_COUNT and gone > before * MASS_DEACTIVATION_SHARE:
            share = round(100 * gone / before)
            warnings.append(
                Problem(file, None, message % {"gone": gone, "before": before, "share": share})
            )
    return warnings


def _unusable_password() -> str:
    # What make_password(None) stores, without its per-call cost at 50,000 people.
    return UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)


def _adopt_provisioned_by_email(persons: dict[str, Person], existing: dict) -> None:
    """People single sign-on created without an employee ID (the provider sent none) are
    taken over by the HR file's row with their e-mail address, instead of being doubled."""
    waiting = {
        values[PERSON_FIELDS.index("email")].lower(): (pk, list(values))
        for pk, *values in User.objects.filter(provisioned_by_sso=True, employee_id__isnull=True)
        .exclude(email="")
        .values_list("pk", *PERSON_FIELDS)
    }
    for employee_id, person in persons.items():
        found = (
            waiting.pop((person.email or "").lower(), None) if employee_id not in existing else None
        )
        if found is not None:
            User.objects.filter(pk=found[0]).update(employee_id=employee_id)
            existing[employee_id] = found  # details updated below


def _write_people(
    persons: dict[str, Person], result: ImportResult
) -> tuple[dict[str, int], set[int], set[int]]:
    """Create, update, reactivate and deactivate accounts. Return the user id by employee
    ID of everyone the import owns, the ids of the accounts created and of those whose
    details changed."""
    existing = {
        employee_id: (pk, values)
        for employee_id, pk, *values in User.objects.filter(IMPORTED_PEOPLE).values_list(
            "employee_id", "pk", *PERSON_FIELDS
        )
    }
    _adopt_provisioned_by_email(persons, existing)
    to_create: list[User] = []
    to_update: list[User] = []
    for employee_id, person in persons.items():
        current = existing.get(employee_id)
        # A column the file does not have (None) keeps what the database has.
        email, phone = current[1][2:4] if current else ("", "")
        wanted = [
            person.first_name,
            person.last_name,
            email if person.email is None else person.email,
            phone if person.phone is None else person.phone,
            True,
        ]
        if current is None:
            to_create.append(
                User(
                    username=employee_id,
                    employee_id=employee_id,
                    password=_unusable_password(),
                    **dict(zip(PERSON_FIELDS, wanted, strict=True)),
                )
            )
        elif current[1] != wanted:
            to_update.append(User(pk=current[0], **dict(zip(PERSON_FIELDS, wanted, strict=True))))
    User.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    User.objects.bulk_update(to_update, PERSON_FIELDS, batch_size=BATCH_SIZE)

    # People single sign-on created for want of an HR record (temporary staff) stay until
    # the HR file has them; then the import owns them like everyone else.
    provisioned = set(
        User.objects.filter(IMPORTED_PEOPLE, provisioned_by_sso=True).values_list("pk", flat=True)
    )
    if provisioned:
        taken_over = [
            pk
            for employee_id, (pk, _v) in existing.items()
            if pk in provisioned and employee_id in persons
        ]
        User.objects.filter(pk__in=taken_over).update(provisioned_by_sso=False)
    gone = [
        pk
        for employee_id, (pk, values) in existing.items()
        if employee_id not in persons and values[-1] and pk not in provisioned
    ]
    for start in range(0, len(gone), BATCH_SIZE):
        User.objects.filter(pk__in=gone[start : start + BATCH_SIZE]).update(is_active=False)

    result.people_created = len(to_create)
    result.people_deactivated = len(gone)
    user_ids = {employee_id: pk for employee_id, (pk, _values) in existing.items()}
    user_ids.update((user.employee_id, user.pk) for user in to_create)
    if any(user.pk is None for user in to_create):
        # Databases that cannot return ids from a bulk insert.
        user_ids.update(User.objects.filter(IMPORTED_PEOPLE).values_list("employee_id", "pk"))
    created = {user_ids[user.employee_id] for user in to_create}
    return user_ids, created, {user.pk for user in to_update}


def _write_units(
    rows: list[UnitRow],
    user_ids: dict[str, int],
    leaving: set[int],
    file_name: str,
    result: ImportResult,
) -> dict[str, int]:
    """Create and update the units in the file, deactivate the others, and rewrite the
    path and depth of every unit whose place in the tree changed. Return unit ids by code.

    Where the file has no leader or deputy column, each unit keeps its own, unless the
    import is deactivating them (``leaving``)."""
    existing = {
        code: (pk, values, path)
        for code, pk, path, *values in OrgUnit.objects.values_list(
            "code", "pk", "path", "name", "parent_id", "leader_id", "deputy_id",
            "is_specialist_unit", "is_active",
        )
    }  # fmt: skip
    unit_ids = {code: pk for code, (pk, _values, _path) in existing.items()}
    created = _create_units(rows, existing, user_ids, unit_ids)

    # The whole tree, including units not in the file: they keep their parent, but their
    # paths follow when an ancestor moves.
    parent_of = {pk: values[1] for pk, values, _path in existing.values()}
    wanted: dict[int, list] = {}
    for row in rows:
        pk = unit_ids[row.code]
        parent_of[pk] = unit_ids[row.parent_code] if row.parent_code else None
        # A column the file does not have (None) keeps what the database has.
        current = existing[row.code][1] if row.code in existing else [None] * 5
        wanted[pk] = [
            row.name,
            parent_of[pk],
            _given_or_kept(row.leader_id, current[2], user_ids, leaving),
            _given_or_kept(row.deputy_id, current[3], user_ids, leaving),
            bool(current[4]) if row.is_specialist_unit is None else row.is_specialist_unit,
            True,
        ]
    paths = _paths(parent_of)
    limit = OrgUnit._meta.get_field("path").max_length
    too_deep = [code for code, pk in unit_ids.items() if len(paths[pk]) > limit]
    if too_deep:
        message = _("unit '%(code)s' would lie too deep in the tree (the path gets too long)")
        problems = [Problem(file_name, None, message % {"code": code}) for code in too_deep]
        raise InvalidOrgchart(problems, result.warnings)

    changed: list[OrgUnit] = []
    moved: list[OrgUnit] = []
    for pk, current, path in existing.values():
        fields = wanted.get(pk) or [*current[:5], False]
        if fields != current:
            if pk in wanted:
                result.units_updated += 1
            else:
                result.units_deactivated += 1
            changed.append(_unit(pk, fields, paths[pk]))
        elif paths[pk] != path:
            moved.append(_unit(pk, fields, paths[pk]))
    OrgUnit.objects.bulk_update(changed, [*UNIT_FIELDS, "path", "depth"], batch_size=BATCH_SIZE)
    OrgUnit.objects.bulk_update(moved, ["path", "depth"], batch_size=BATCH_SIZE)
    # Only the path: new units were inserted with everything else, depth included.
    new_paths = [OrgUnit(pk=pk, path=paths[pk]) for pk in created]
    OrgUnit.objects.bulk_update(new_paths, ["path"], batch_size=BATCH_SIZE)
    result.units_created = len(created)
    return unit_ids


def _given_or_kept(
    employee_id: str | None, current: int | None, user_ids: dict[str, int], leaving: set[int]
) -> int | None:
    """The leader or deputy the file names, or, where it has no such column (None), the
    one the unit has, unless the import is deactivating them: one who left leads nothing."""
    if employee_id is not None:
        return user_ids.get(employee_id)
    return current if current not in leaving else None


def _create_units(
    rows: list[UnitRow],
    existing: dict[str, tuple],
    user_ids: dict[str, int],
    unit_ids: dict[str, int],
) -> list[int]:
    """Insert the units that are new, one tree level at a time so that each one's parent
    already has an id; add them to ``unit_ids`` and return their ids.

    A unit's path is built from its own id, which the database hands out on insert, so
    new units first get a unique placeholder path, replaced once all ids are known."""
    placeholder = f"import-{uuid.uuid4().hex}-"
    children: dict[str, list[UnitRow]] = defaultdict(list)
    for row in rows:
        children[row.parent_code].append(row)
    created: list[int] = []
    level, depth = children[""], 0
    while level:
        new_units = [
            OrgUnit(
                code=row.code,
                name=row.name,
                parent_id=unit_ids.get(row.parent_code),
                leader_id=user_ids.get(row.leader_id),
                deputy_id=user_ids.get(row.deputy_id),
                is_specialist_unit=bool(row.is_specialist_unit),
                path=placeholder + row.code,
                depth=depth,
            )
            for row in level
            if row.code not in existing
        ]
        OrgUnit.objects.bulk_create(new_units, batch_size=BATCH_SIZE)
        if any(unit.pk is None for unit in new_units):
            # Databases that cannot return ids from a bulk insert.
            new_ids = OrgUnit.objects.filter(path__startswith=placeholder).values_list("code", "pk")
            unit_ids.update(new_ids)
        else:
            unit_ids.update((unit.code, unit.pk) for unit in new_units)
        created.extend(unit_ids[unit.code] for unit in new_units)
        level = [child for row in level for child in children[row.code]]
        depth += 1
    return created


def _unit(pk: int, fields: list, path: str) -> OrgUnit:
    name, parent_id, leader_id, deputy_id, is_specialist_unit, is_active = fields
    return OrgUnit(
        pk=pk,
        name=name,
        parent_id=parent_id,
        leader_id=leader_id,
        deputy_id=deputy_id,
        is_specialist_unit=is_specialist_unit,
        is_active=is_active,
        path=path,
        depth=path.count("/") - 1,
    )


def _paths(parent_of: dict[int, int | None]) -> dict[int, str]:
    """Every unit's materialized path, built from the parent map the way
    ``OrgUnit.save`` builds it: the parent's path followed by the unit's own segment."""
    paths: dict[int, str] = {}
    for pk in parent_of:
        chain: list[int] = []
        node = pk
        while node is not None and node not in paths:
            chain.append(node)
            if len(chain) > len(parent_of):
                raise RuntimeError(f"org unit {pk} lies under itself in the database")
            node = parent_of[node]
        prefix = paths[node] if node is not None else ""
        for member in reversed(chain):
            prefix += path_segment(member)
            paths[member] = prefix
    return paths


def _write_memberships(
    persons: dict[str, Person],
    user_ids: dict[str, int],
    unit_ids: dict[str, int],
    result: ImportResult,
) -> set[int]:
    """Make each employee's active memberships exactly their rows in the file, the first
    one primary; return the ids of people in the file whose memberships changed."""
    in_file = {user_ids[employee_id] for employee_id in persons}
    wanted: dict[tuple[int, int], bool] = {}
    for person in persons.values():
        user_id = user_ids[person.employee_id]
        for index, code in enumerate(person.unit_codes):
            wanted[(user_id, unit_ids[code])] = index == 0

    # A person may have only one active primary membership, and the database checks that
    # row by row: memberships that lose that status are written before those that gain it.
    losing: list[Membership] = []
    gaining: list[Membership] = []
    changed_people: set[int] = set()
    current = Membership.objects.filter(user__in=User.objects.filter(IMPORTED_PEOPLE))
    for pk, user_id, unit_id, is_primary, is_active in current.values_list(
        "pk", "user_id", "unit_id", "is_primary", "is_active"
    ):
        primary = wanted.pop((user_id, unit_id), None)
        # A membership no longer in the file keeps its primary flag as history.
        new = (primary, True) if primary is not None else (is_primary, False)
        if new == (is_primary, is_active):
            continue
        membership = Membership(pk=pk, is_primary=new[0], is_active=new[1])
        (losing if is_primary and is_active else gaining).append(membership)
        if is_active and not new[1]:
            result.memberships_deactivated += 1
        if user_id in in_file:
            changed_people.add(user_id)
    for memberships in (losing, gaining):
        Membership.objects.bulk_update(
            memberships, ["is_primary", "is_active"], batch_size=BATCH_SIZE
        )

    new_memberships = [
        Membership(user_id=user_id, unit_id=unit_id, is_primary=primary)
        for (user_id, unit_id), primary in wanted.items()
    ]
    Membership.objects.bulk_create(new_memberships, batch_size=BATCH_SIZE)
    result.memberships_created = len(new_memberships)
    changed_people.update(user_id for user_id, _unit_id in wanted)
    return changed_people
