"""What a person may see and do by virtue of their place in the organisation.

Every permission check in the project starts here: the units a person leads (directly,
or above them in the line), the area they cover as safety representative, the committees
they sit on and the specialist units they belong to. ``access_for`` reads all of it in a
handful of queries and keeps the answer on the user object for the rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import BooleanField, Expression, F, Subquery, Value
from django.db.models.functions import Coalesce

from orgchart.models import (
    Committee,
    Membership,
    OrgUnit,
    OrgUnitQuerySet,
    SafetyRepresentative,
    User,
    path_segment,
)

HMS_ADMIN_GROUP = "HMS-administrator"


def _minimal_roots(paths) -> tuple[str, ...]:
    """Drop every path that lies under another one in the set."""
    roots: list[str] = []
    for path in sorted(set(paths)):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return tuple(roots)


def path_is_under(path: str, roots) -> bool:
    return any(path.startswith(root) for root in roots)


@dataclass(frozen=True)
class Access:
    user_id: int | None
    # Subtrees the person leads, as leader or deputy, each given by its root's path.
    led_roots: tuple[str, ...] = ()
    # Subtrees the person covers as safety representative.
    safety_roots: tuple[str, ...] = ()
    committee_ids: frozenset[int] = frozenset()
    # Subtrees covered by the committees the person sits on.
    committee_roots: tuple[str, ...] = ()
    specialist_unit_ids: frozenset[int] = frozenset()
    is_hms_admin: bool = False
    # A member of a unit marked as the occupational health service (bedriftshelsetjeneste).
    is_occupational_health: bool = False

    @property
    def is_leader(self) -> bool:
        return bool(self.led_roots)

    @property
    def is_safety_representative(self) -> bool:
        return bool(self.safety_roots)

    @property
    def is_committee_member(self) -> bool:
        return bool(self.committee_ids)

    @property
    def is_specialist(self) -> bool:
        return bool(self.specialist_unit_ids)

    @property
    def role_names(self) -> str:
        """The kinds of role the person has, in one word each: all the menu depends on
        (templates/_navigation.html draws it once per language and set of roles)."""
        roles = {
            "leader": self.is_leader,
            "safety_representative": self.is_safety_representative,
            "specialist": self.is_specialist,
            "committee_member": self.is_committee_member,
            "occupational_health": self.is_occupational_health,
            "hms_admin": self.is_hms_admin,
        }
        return " ".join(name for name, held in roles.items() if held) or "employee"

    def leads(self, unit: OrgUnit) -> bool:
        """Whether the unit lies in a subtree this person leads."""
        return self.is_hms_admin or path_is_under(unit.path, self.led_roots)

    def covers_as_safety_representative(self, unit: OrgUnit) -> bool:
        return path_is_under(unit.path, self.safety_roots)

    def led_units(self) -> OrgUnitQuerySet:
        if self.is_hms_admin:
            return OrgUnit.objects.all()
        return OrgUnit.objects.under_paths(self.led_roots)

    def safety_area(self) -> OrgUnitQuerySet:
        return OrgUnit.objects.under_paths(self.safety_roots)

    def committee_area(self) -> OrgUnitQuerySet:
        return OrgUnit.objects.under_paths(self.committee_roots)


ANONYMOUS_ACCESS = Access(user_id=None)


def is_hms_admin(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.groups.filter(name=HMS_ADMIN_GROUP).exists())
    )


def access_for(user) -> Access:
    """The person's roles, read once per request and cached on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS_ACCESS
    cached = getattr(user, "_avvik_access", None)
    if cached is not None:
        return cached

    user._avvik_access = _access_from_rows(user, _role_rows(user))
    return user._avvik_access


def _access_from_rows(user, rows) -> Access:
    return Access(
        user_id=user.pk,
        led_roots=_minimal_roots(path for kind, _pk, path in rows if kind == "led"),
        safety_roots=_minimal_roots(path for kind, _pk, path in rows if kind == "safety"),
        committee_ids=frozenset(pk for kind, pk, _path in rows if kind == "committee"),
        committee_roots=_minimal_roots(
            path for kind, _pk, path in rows if kind == "committee" and path is not None
        ),
        specialist_unit_ids=frozenset(pk for kind, pk, _path in rows if kind == "specialist"),
        is_hms_admin=user.is_superuser or any(kind == "admin" for kind, _pk, _path in rows),
        is_occupational_health=any(kind == "health_service" for kind, _pk, _path in rows),
    )


def user_with_access(user_id) -> User | None:
    """The signed-in person, with their roles (``access_for``) read in the same query:
    the authentication backends read the session's user this way, on every page."""
    try:
        user_id = User._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a session naming no valid id names no one
        return None
    q = connection.ops.quote_name
    fields = User._meta.concrete_fields
    columns = ", ".join(f"person.{q(field.column)}" for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, roles.kind, roles.role_id, roles.path"
            f" FROM {q(User._meta.db_table)} person"
            f" LEFT JOIN ({_role_rows_sql()}) roles ON 1 = 1"
            " WHERE person.id = %s",
            [user_id] * 7 + [HMS_ADMIN_GROUP, user_id],
        )
        rows = cursor.fetchall()
    if not rows:
        return None
    width = len(fields)
    values = list(rows[0][:width])
    for index, field in enumerate(fields):
        for converter in field.get_db_converters(connection):
            values[index] = converter(values[index], field, connection)
    user = User.from_db(connection.alias, [field.attname for field in fields], values)
    if user.is_active:
        user._avvik_access = _access_from_rows(
            user, [row[width:] for row in rows if row[width] is not None]
        )
    return user


def _role_rows(user) -> list[tuple[str, int, str | None]]:
    """Every role the person holds, as (kind, id, path) rows of one query: the units they
    lead or stand in for, the units of their safety area, their committees and the
    subtrees these cover, their specialist units, the occupational health service, and the
    HMS administrator group.

    Written out in SQL because it runs on every page: building the same query with the
    ORM cost more CPU than the rest of a small page (see bench/profile_page.py)."""
    with connection.cursor() as cursor:
        cursor.execute(_role_rows_sql(), [user.pk] * 7 + [HMS_ADMIN_GROUP])
        return cursor.fetchall()


@cache
def _role_rows_sql() -> str:
    from django.contrib.auth.models import Group

    q = connection.ops.quote_name

    def table(model) -> str:
        return q(model._meta.db_table)

    safety_units = SafetyRepresentative._meta.get_field("units")
    members = Committee._meta.get_field("members")
    user_groups = User._meta.get_field("groups")
    unit = table(OrgUnit)
    return f"""
        SELECT 'led' AS kind, u.id AS role_id, u.path AS path FROM {unit} u
         WHERE u.is_active AND (u.leader_id = %s OR u.deputy_id = %s)
        UNION ALL
        SELECT 'safety', u.id, u.path FROM {table(SafetyRepresentative)} s
          JOIN {q(safety_units.m2m_db_table())} su
            ON su.{q(safety_units.m2m_column_name())} = s.id
          JOIN {unit} u ON u.id = su.{q(safety_units.m2m_reverse_name())}
         WHERE s.user_id = %s AND s.is_active AND u.is_active
        UNION ALL
        SELECT 'committee', c.id, u.path FROM {table(Committee)} c
          JOIN {q(members.m2m_db_table())} cm ON cm.{q(members.m2m_column_name())} = c.id
          LEFT JOIN {unit} u ON u.id = c.unit_id
         WHERE cm.{q(members.m2m_reverse_name())} = %s AND c.is_active
        UNION ALL
        SELECT 'specialist', m.unit_id, NULL FROM {table(Membership)} m
          JOIN {unit} u ON u.id = m.unit_id
         WHERE m.user_id = %s AND m.is_active AND u.is_specialist_unit AND u.is_active
        UNION ALL
        SELECT 'health_service', m.unit_id, NULL FROM {table(Membership)} m
          JOIN {unit} u ON u.id = m.unit_id
         WHERE m.user_id = %s AND m.is_active AND u.is_occupational_health_service
           AND u.is_active
        UNION ALL
        SELECT 'admin', ug.{q(user_groups.m2m_reverse_name())}, NULL
          FROM {q(user_groups.m2m_db_table())} ug
          JOIN {table(Group)} g ON g.id = ug.{q(user_groups.m2m_reverse_name())}
         WHERE ug.{q(user_groups.m2m_column_name())} = %s AND g.name = %s
    """


def responsible_leader(unit: OrgUnit) -> tuple[User | None, OrgUnit | None]:
    """The leader who handles cases of ``unit``: its own leader, or when the unit is
    vacant, the leader of the nearest unit above it that has one."""
    holder = _nearest_led(OrgUnit.objects.ancestors_of(unit, include_self=True))
    return (holder.leader, holder) if holder else (None, None)


def primary_unit(user) -> OrgUnit | None:
    """The person's primary workplace (or, without one marked, the first active one)."""
    membership = (
        Membership.objects.filter(user=user, is_active=True, unit__is_active=True)
        .select_related("unit")
        .order_by("-is_primary", "pk")
        .first()
    )
    return membership.unit if membership else None


def workplaces(user) -> OrgUnitQuerySet:
    """The active units a person works in, the primary one first."""
    return (
        OrgUnit.objects.active()
        .filter(memberships__user=user, memberships__is_active=True, is_specialist_unit=False)
        .order_by("-memberships__is_primary", "name")
    )


def workplace_list(user) -> list[OrgUnit]:
    """``workplaces`` read once per request: kept on the user object, which the report
    form and the filing both ask."""
    if user is None:
        return []  # reporting from a poster without an account
    if not hasattr(user, "_workplace_list"):
        user._workplace_list = list(workplaces(user))
    return user._workplace_list


def led_unit_ids(user) -> list[int]:
    """The ids of every unit in the subtrees the person leads, read once per request:
    kept on the user object, which the dashboard's scope and its ordering both ask."""
    if not hasattr(user, "_led_unit_ids"):
        led = OrgUnit.objects.under_paths(access_for(user).led_roots).order_by()
        user._led_unit_ids = list(led.values_list("pk", flat=True))
    return user._led_unit_ids


def own_leader(person: User | int, unit: OrgUnit) -> tuple[User | None, OrgUnit | None]:
    """The nearest leader of ``unit`` (a workplace of ``person``, a user or their id) who
    is not the person themselves: a leader's own report, or their own injury, goes to
    the leader above."""
    person_id = getattr(person, "pk", person)
    units = OrgUnit.objects.ancestors_of(unit, include_self=True).exclude(leader_id=person_id)
    holder = _nearest_led(units)
    return (holder.leader, holder) if holder else (None, None)


def own_leader_id(person, unit_path) -> Subquery:
    """``own_leader`` as a subquery, for a query that has the person's id and the unit's
    path (``OuterRef``s): the id of the nearest active leader of the unit or a unit
    above it who is not the person, or NULL."""
    return Subquery(
        OrgUnit.objects.filter(leader__isnull=False, leader__is_active=True)
        .exclude(leader_id=Coalesce(person, Value(0)))
        .filter(_OnPathOf(F("path"), unit_path))
        .order_by("-depth")
        .values("leader_id")[:1]
    )


class _OnPathOf(Expression):
    """``path`` is the path of the unit whose path is ``unit_path``, or of one of its
    ancestors: ``path IN (SUBSTR(unit_path, 1, 9), SUBSTR(unit_path, 1, 18), …)``, each
    ancestor's path being a prefix of whole segments. The unique index on ``path`` finds
    those few rows; "``unit_path`` starts with ``path``" would read the whole table."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, path, unit_path):
        super().__init__()
        self.path, self.unit_path = path, unit_path

    def get_source_expressions(self):
        return [self.path, self.unit_path]

    def set_source_expressions(self, expressions):
        self.path, self.unit_path = expressions

    def as_sql(self, compiler, connection):
        path_sql, path_params = compiler.compile(self.path)
        unit_sql, unit_params = compiler.compile(self.unit_path)
        width = len(path_segment(0))
        longest = OrgUnit._meta.get_field("path").max_length
        lengths = range(width, longest + 1, width)
        prefixes = ", ".join(f"SUBSTR({unit_sql}, 1, {length})" for length in lengths)
        return f"{path_sql} IN ({prefixes})", (*path_params, *unit_params * len(lengths))


def next_leader_up(
    unit: OrgUnit, *, other_than: User | None = None
) -> tuple[User | None, OrgUnit | None]:
    """The next leader in the service line above ``unit`` (vacant levels skipped, and
    levels led by ``other_than``, when one person leads two levels)."""
    units = OrgUnit.objects.ancestors_of(unit, include_self=False)
    if other_than is not None:
        units = units.exclude(leader=other_than)
    holder = _nearest_led(units)
    return (holder.leader, holder) if holder else (None, None)


def _nearest_led(units: OrgUnitQuerySet) -> OrgUnit | None:
    return (
        units.filter(leader__isnull=False, leader__is_active=True)
        .select_related("leader")
        .order_by("-depth")
        .first()
    )
