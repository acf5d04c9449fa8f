"""Reads behind the dashboard ("Saker"): the scopes a person may list cases in, how
urgent a case is, and the counts per status.

Every scope is a part of ``Case.objects.visible_to(user)`` and the filters only narrow
it, so nothing on the dashboard is a case the person could not open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from avvik.models import Severity
from cases.models import AssistanceRequest, Case, CaseQuerySet
from orgchart.access import access_for, led_unit_ids
from orgchart.models import OrgUnit, ids_in_path, is_top

OPEN_STATUSES = (Case.Status.REPORTED, Case.Status.IN_PROGRESS, Case.Status.EVALUATING)
MOST_SEVERE_FIRST = (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)


class Scope(models.TextChoices):
    MINE = "mine", _("My cases")
    SUBTREE = "subtree", _("Units I lead")
    AREA = "area", _("My safety area")
    ASKED = "asked", _("Asked to help")
    ALL = "all", _("All cases")


def scopes_for(user) -> list[Scope]:
    """The scopes offered to this person, the default first. "My cases" is offered to
    leaders, and to anyone else still responsible for an open case (a leader who has
    since left the role)."""
    access = access_for(user)
    if access.user_id is None:
        return []
    scopes = []
    if access.is_leader or (
        Case.objects.filter(responsible_leader_id=access.user_id, status__in=OPEN_STATUSES)
        .only("pk")
        .exists()
    ):
        scopes.append(Scope.MINE)
    if access.is_leader:
        scopes.append(Scope.SUBTREE)
    if access.is_safety_representative:
        scopes.append(Scope.AREA)
    if access.is_specialist:
        scopes.append(Scope.ASKED)
    if access.is_hms_admin:
        scopes.append(Scope.ALL)
    return scopes


def _under(paths) -> Q:
    """Deviations that happened in the subtrees with these root paths (an indexed prefix
    match on the unit's path)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(deviation_unit__path__startswith=path)
    return condition


# Past this many units, the planner is better served by not seeing the ids.
def _handled_or_happened_in(ids: list[int]) -> Q:
    """Cases handled in one of the units or that happened in one. On PostgreSQL each
    condition is ``column = ANY(array)`` on the case's own column, so that the planner
    combines the two unit indexes (an OR of two ``IN`` subqueries, or of two joins through
    the unit table, loses the indexes at a million cases). The ids are given as a literal
    array, whose size the planner weighs: given as ``ARRAY(subquery)`` it guessed a few
    dozen cases for a sector's 626 units and sorted all 4,261 open ones for the first
    page (35 ms against 0.5 ms; for the whole municipality's 5,000 units 290 ms against
    0.6 ms, and its counts 148 ms against 57 ms)."""
    if connection.vendor != "postgresql":
        return Q(responsible_unit_id__in=ids) | Q(deviation_unit_id__in=ids)
    # One text parameter ('{1,2,…}'::bigint[]) rather than a list: Django prepares a
    # list's values one by one for every query that uses it (4 ms for 5,000 units).
    listed = ",".join(str(pk) for pk in ids)
    array = RawSQL("%s::bigint[]", (f"{{{listed}}}",), output_field=ArrayField(BigIntegerField()))
    return Q(_EqualsAny(F("responsible_unit_id"), array)) | Q(
        _EqualsAny(F("deviation_unit_id"), array)
    )


class _EqualsAny(Func):
    """``column = ANY(array)``."""

    arg_joiner = " = ANY("
    template = "%(expressions)s)"
    output_field = BooleanField()


def cases_in_scope(user, scope: str) -> CaseQuerySet:
    """The cases of one scope. Each scope is one branch of ``Case.objects.visible_to``
    (the responsible leader; the subtrees led; the safety area; the cases a specialist
    unit the person works in was asked to help on; everything for HMS administrators),
    written on its own rather than as visible_to's OR of all of them, so that PostgreSQL
    answers it from one index. tests/cases/test_dashboard_scopes.py holds every scope to
    being part of what visible_to lets the person open."""
    access = access_for(user)
    cases = Case.objects.all()
    if access.user_id is None:
        return cases.none()
    if scope == Scope.MINE:
        return cases.filter(responsible_leader_id=access.user_id)
    if scope == Scope.SUBTREE:
        if OrgUnit.objects.all_under(access.led_roots):
            # The top leader: every case is handled in or happened in one of their units.
            # Naming all the units costs PostgreSQL more to plan than the query itself
            # (8 ms for each of three queries at 5,000 units), and this process 3 ms.
            return cases
        # The cases the units handle (reported by their people, or handed, forwarded or
        # escalated to them) and those that happened there.
        return cases.filter(_handled_or_happened_in(led_unit_ids(user)))
    if scope == Scope.AREA:
        return cases.filter(_under(access.safety_roots))
    if scope == Scope.ASKED:
        asked = AssistanceRequest.objects.filter(specialist_unit_id__in=access.specialist_unit_ids)
        return cases.filter(pk__in=asked.values("case_id"))
    if scope == Scope.ALL and access.is_hms_admin:
        return cases
    return cases.none()


def scope_roots(user, scope: str) -> tuple[str, ...]:
    """The paths of the subtrees a scope covers; empty when it is not bounded by units
    (then the unit filter offers the top of the organisation)."""
    access = access_for(user)
    if scope in (Scope.MINE, Scope.SUBTREE):
        return access.led_roots
    if scope == Scope.AREA:
        return access.safety_roots
    return ()


# -- urgency ---------------------------------------------------------------------------


def overdue(now: datetime) -> Q:
    """Open, and past the closure deadline, or still unacknowledged past the receipt
    deadline."""
    return ~Q(status=Case.Status.CLOSED) & (
        Q(closure_due__lt=now) | Q(status=Case.Status.REPORTED, receipt_due__lt=now)
    )


def with_urgency(cases: CaseQuerySet, now: datetime) -> CaseQuerySet:
    """``is_overdue`` and ``severity_rank`` (0 for critical), for the row and the order.
    CASE … WHEN rather than the bare condition, so that a missing deadline counts as not
    overdue instead of NULL (which PostgreSQL would sort first)."""
    return cases.annotate(
        is_overdue=models.Case(
            When(overdue(now), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        severity_rank=models.Case(
            *[
                When(deviation__severity=severity, then=Value(rank))
                for rank, severity in enumerate(MOST_SEVERE_FIRST)
            ],
            default=Value(len(MOST_SEVERE_FIRST)),
            output_field=IntegerField(),
        ),
    )


# The sort orders a person may choose (see default_ordering). Each ends with the primary
# key so that pages never overlap.
ORDERINGS = {
    "urgency": (
        _("Most urgent first"),
        ("-is_overdue", "severity_rank", "deviation__reported_at", "pk"),
    ),
    "newest": (_("Newest first"), ("-deviation__reported_at", "-pk")),
    "oldest": (_("Oldest first"), ("deviation__reported_at", "pk")),
    "deadline": (
        _("Earliest deadline first"),
        (Coalesce("closure_due", "receipt_due").asc(nulls_last=True), "pk"),
    ),
    "severity": (_("Most severe first"), ("severity_rank", "-deviation__reported_at", "-pk")),
}
DEFAULT_ORDERING = "urgency"


def default_ordering(scope: str, status: str) -> str:
    """Most urgent first for the leader's own cases. Ranking by severity means reading
    every case of the selection, so the wide scopes (a sector, the whole organisation)
    put the earliest deadline first instead, which an index returns in order; and with
    closed cases in the list, which have no deadline left, the newest come first."""
    if status in ("all", Case.Status.CLOSED):
        return "newest"
    if scope == Scope.MINE:
        return "urgency"
    return "deadline"


# The orders by the date of the report, which an index of every deviation holds.
BY_DATE = ("newest", "oldest")
# A selection bounded by this many units is sorted whole rather than found by walking the
# index of every deviation by date (see ordered).
FEW_UNITS = 50


def is_bounded(user, scope: str) -> bool:
    """Whether a scope holds few enough cases to sort them all: the leader's own, or
    those of a subtree led, or a safety area, of at most FEW_UNITS units. (A chief safety
    representative's area may be the whole organisation; a specialist unit may have been
    asked on a fifth of all cases.)"""
    access = access_for(user)
    if scope == Scope.MINE:
        return True
    if scope == Scope.SUBTREE:
        if any(is_top(root) for root in access.led_roots):
            return False  # a top of the tree (cases_in_scope then reads no unit ids)
        return len(led_unit_ids(user)) <= FEW_UNITS
    if scope == Scope.AREA:
        return access.safety_area().order_by()[: FEW_UNITS + 1].count() <= FEW_UNITS
    return False


def ordered(cases: CaseQuerySet, key: str, *, bounded: bool = False) -> CaseQuerySet:
    """``cases`` in the order ``key`` names. By date, PostgreSQL walks the index of every
    deviation by date until it has a page of the selection's: quick for a wide one,
    unbounded for a unit whose cases are few or old (148 ms for a unit leader's
    "all statuses" at a million, a whole walk for a unit with none). A ``bounded``
    selection is sorted whole instead (20 ms): the date plus nothing is no column an
    index holds."""
    order = ORDERINGS.get(key, ORDERINGS[DEFAULT_ORDERING])[1]
    if bounded and key in BY_DATE:
        unindexed = ExpressionWrapper(
            F("deviation__reported_at") + Value(timedelta(0)), output_field=DateTimeField()
        )
        order = (unindexed.desc(), "-pk") if key == "newest" else (unindexed.asc(), "pk")
    return cases.order_by(*order)


# What a row of the list shows (cases/case_rows.py), and no more: the cases with their
# deviation, unit, category and leader as model instances, every column of five tables
# read and converted, cost six times the query itself to build, for 25 rows.
LISTED_VALUES = (
    "pk",
    "status",
    "arrived_via",
    "receipt_due",
    "closure_due",
    "is_overdue",
    "deviation__reference",
    "deviation__title",
    "deviation__unit__name",
    "deviation__category_id",
    "deviation__reported_at",
    "deviation__severity",
    "responsible_leader__first_name",
    "responsible_leader__last_name",
    "responsible_leader__username",
)


def for_listing(cases: CaseQuerySet) -> CaseQuerySet:
    """Everything a row shows, in the same query, as a dict per case (after
    ``with_urgency``, whose ``is_overdue`` it reads)."""
    return cases.values(*LISTED_VALUES)


# -- counts ----------------------------------------------------------------------------


# Closed cases pile up over the years: past this many the count says "more than".
CLOSED_COUNT_CAP = 1000


@dataclass(frozen=True)
class StatusCounts:
    by_status: dict[str, int]
    overdue: int
    # by_status["closed"] stopped at CLOSED_COUNT_CAP + 1.
    closed_capped: bool = False

    @property
    def open(self) -> int:
        return sum(self.by_status[status] for status in OPEN_STATUSES)

    def matching(self, status: str) -> int:
        """How many cases a status filter value ("open", "all" or one status) lists, the
        closed ones counted up to the cap."""
        closed = min(self.by_status[Case.Status.CLOSED], CLOSED_COUNT_CAP)
        if status == "all":
            return self.open + closed
        if status == "open":
            return self.open
        if status == Case.Status.CLOSED:
            return closed
        return self.by_status.get(status, 0)

    def is_capped(self, status: str) -> bool:
        return self.closed_capped and status in ("all", Case.Status.CLOSED)

    def items(self) -> list[tuple[str, str, str]]:
        """(value, label, count as shown) per status, in the workflow's order."""
        return [
            (
                value,
                label,
                f"{CLOSED_COUNT_CAP}+"
                if value == Case.Status.CLOSED and self.closed_capped
                else str(self.by_status[value]),
            )
            for value, label in Case.Status.choices
        ]


def status_counts(cases: CaseQuerySet, now: datetime) -> StatusCounts:
    """The open cases per status and how many of them are overdue, in one query; and the
    closed ones in a second, which stops counting past CLOSED_COUNT_CAP so that a subtree
    with years of history costs no more than a small one."""
    figures = cases.filter(status__in=OPEN_STATUSES).aggregate(
        **{f"status_{status}": Count("pk", filter=Q(status=status)) for status in OPEN_STATUSES},
        overdue=Count("pk", filter=overdue(now)),
    )
    closed = cases.filter(status=Case.Status.CLOSED).values("pk")[: CLOSED_COUNT_CAP + 1].count()
    by_status = {status.value: figures[f"status_{status}"] for status in OPEN_STATUSES}
    by_status[Case.Status.CLOSED.value] = closed
    return StatusCounts(
        by_status=by_status,
        overdue=figures["overdue"],
        closed_capped=closed > CLOSED_COUNT_CAP,
    )


# -- the unit filter -------------------------------------------------------------------


@dataclass(frozen=True)
class UnitChoices:
    choices: list[tuple[str, str]]
    paths: dict[str, str]


def unit_choices(roots: tuple[str, ...], selected: str = "") -> UnitChoices:
    """(code, label) for the unit filter: the roots of the scope (or the top of the
    organisation), the units right under them, and the chosen unit with its line up to
    them, indented by depth. Deeper units are reached one level at a time, which keeps the
    list short at any size of organisation; the chosen one's line shows where it sits."""
    if roots:
        # A root's own id ends its path: no join needed to find the units under it.
        near = Q(path__in=roots) | Q(parent_id__in=[ids_in_path(root)[-1] for root in roots])
    else:
        near = Q(depth__lte=1)
    line = Q(pk__in=[])
    if selected:
        chosen = OrgUnit.objects.filter(code=selected).values_list("path", flat=True).first()
        if chosen and (not roots or any(chosen.startswith(root) for root in roots)):
            line = Q(pk__in=ids_in_path(chosen))
    units = list(
        OrgUnit.objects.filter(near | line)
        .exclude(Q(is_active=False) & ~Q(code=selected))
        .order_by("path")
        .values_list("code", "name", "path", "depth")
    )
    if roots:
        # The line above a root lies outside the scope.
        units = [unit for unit in units if any(unit[2].startswith(root) for root in roots)]
    base = min((depth for _code, _name, _path, depth in units), default=0)
    return UnitChoices(
        choices=[(code, "\u2003" * (depth - base) + name) for code, name, _path, depth in units],
        paths={code: path for code, _name, path, _depth in units},
    )
