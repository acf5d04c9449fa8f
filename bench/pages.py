"""How fast the pages answer with a million deviations: the dashboard, a case page,
"Mine avvik", the filing form and the statistics, against a bare login-required page.

    .venv/bin/python bench/pages.py                  # 5,000 units, 50,000 people, 1,000,000
    .venv/bin/python bench/pages.py --scale quick    # a fiftieth of that
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/pages.py

It needs PostgreSQL: DATABASE_URL, or else the database ``avvik_bench_cases`` (quick:
``avvik_bench_cases_quick``) on 127.0.0.1, which it creates. The organisation comes from
the real HR import (``import_orgchart`` with the files bench/import_orgchart.py writes);
the deviations, spread over five years with their cases in the states their age gives
them (most old ones closed with an action, a risk assessment and an evaluation; some
stale, overdue, escalated or forwarded), are written with COPY. Seeding is skipped when
the database already holds the same data set.

Then, in a fresh process with DEBUG off, each page is requested ``--requests`` times,
the pages in turn, through Django's test Client (URL resolution, every middleware, the
session, templates) by a logged-in person, after a few warm-up requests, and so is the
filing itself (a POST of the report form: routing, reference number, event and the queued
notice; the filed reports are deleted again afterwards). For each: p50 and p95 wall time,
the process's own CPU milliseconds per request (``time.process_time`` around the request:
steady on a busy machine, where wall time is not), the queries per request (the page's
own: BEGIN, COMMIT and savepoints not counted, nor the session's refresh for the idle
timeout, which comes at most once a minute on whatever page, and is counted apart), and
the CPU and p95 against the floor's. The floor is a bare login-required page: a view
behind the same middleware that renders a three-line template, measured in the same run.
Targets: CPU per request and p95 within 3x the floor's, p95 under 150 ms, at most 12
queries.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# One database per scale, so that switching between them does not seed again.
DEFAULT_DATABASES = {
    "full": "postgres://postgres@127.0.0.1:5432/avvik_bench_cases",
    "quick": "postgres://postgres@127.0.0.1:5432/avvik_bench_cases_quick",
}
BENCH_ENV = {
    "HTTPS": "false",  # the test Client speaks plain HTTP to "testserver"
    "ALLOWED_HOSTS": "testserver,localhost",
    "DEBUG": "false",
    "LOG_LEVEL": "WARNING",
}
SCALES = {
    "full": {"units": 5_000, "people": 50_000, "deviations": 1_000_000},
    "quick": {"units": 100, "people": 1_000, "deviations": 20_000},
}
YEARS = 5
CHUNK = 50_000
PROLIFIC_REPORTS = 150
# Raised whenever the seeded data changes, so that an older data set is not reused.
SEED_VERSION = 3
PASSWORD = "bench-password"
TARGET_RATIO, TARGET_MS, TARGET_QUERIES = 3.0, 150.0, 12
# The title of the reports the benchmark files, so that they can be found and deleted.
BENCH_FILING_TITLE = "Benchmark: filed by bench/pages.py"
FLOOR = "floor: bare login-required page"
# Not targets: what the floor grows to with the parts every real page has, to read the
# pages' figures against (the report marks them as references).
REFERENCE_READS = "ref.: floor + 10 ORM reads by id"
REFERENCE_RAW_READS = "ref.: floor + 10 raw SQL reads"
REFERENCE_FRAME = "ref.: empty page in base.html"
REFERENCES = (REFERENCE_READS, REFERENCE_RAW_READS, REFERENCE_FRAME)
TITLES = [
    "Glatt gulv ved inngangen", "Stikkskade ved blodprøvetaking", "Fall i dusjen",
    "Brannalarm utløst av matlaging", "Manglende verneutstyr", "Truende pasient",
    "Lekkasje fra taket", "Defekt heis", "Kjemikalier oppbevart feil", "Nødutgang sperret",
    "Vold mot ansatt", "Løftet pasient alene", "Strømbrudd i fløyen", "Ødelagt gelender",
    "Vannlekkasje på kjøkkenet", "Mangelfull opplæring", "Rømningsvei blokkert",
    "Is på parkeringsplassen", "Dieselsøl ved verkstedet", "Medisin gitt til feil person",
]  # fmt: skip
SEVERITIES = ["low", "medium", "high", "critical"]
SEVERITY_WEIGHTS = [45, 35, 15, 5]
CLOSURE_DAYS = {"critical": 14, "high": 30, "medium": 45, "low": 60}
# Of the cases younger than so many days: the share not yet acknowledged, and the share
# of the acknowledged ones that are closed.
UNACKNOWLEDGED_SHARE = [(1, 0.6), (3, 0.25), (14, 0.05), (90, 0.01), (10**6, 0.001)]
CLOSED_SHARE = [(7, 0.1), (30, 0.4), (90, 0.75), (365, 0.95), (10**6, 0.995)]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    for name, value in BENCH_ENV.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avvik.settings")
    import django

    django.setup()


def ensure_database(scale: str) -> None:
    """Use DATABASE_URL, or the scale's own benchmark database, created if need be."""
    import environ
    import psycopg

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASES[scale])
    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        sys.exit("bench/pages.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    params = {key.lower(): config.get(key) or None for key in ("HOST", "PORT", "USER", "PASSWORD")}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


# -- seeding ---------------------------------------------------------------------------


def import_organisation(n_units: int, n_people: int) -> None:
    """Units, people and memberships through the real HR import, from the files the
    org chart benchmark writes (sectors, units, departments; some vacant, deputies,
    specialist units, people in two units)."""
    path = ROOT / "bench" / "import_orgchart.py"
    spec = importlib.util.spec_from_file_location("bench_import_orgchart", path)
    files = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(files)
    from orgchart.importing import import_orgchart

    units, people = files.make_org(n_units, n_people, random.Random(1))
    with tempfile.TemporaryDirectory() as folder:
        import_orgchart(
            files.write_csv(Path(folder) / "units.csv", files.UNIT_HEADER, units),
            files.write_csv(Path(folder) / "people.csv", files.PEOPLE_HEADER, people),
        )


class Organisation:
    """The imported organisation as the seeder needs it: who handles each unit's cases,
    who is next up the line, and who works where."""

    def __init__(self, rng: random.Random):
        from orgchart.models import Membership, OrgUnit

        self.units = {
            pk: (parent, leader)
            for pk, parent, leader in OrgUnit.objects.values_list("pk", "parent_id", "leader_id")
        }
        self.responsible = {pk: self._nearest_leader(pk) for pk in self.units}
        self.above = {pk: self._nearest_leader(self.units[pk][0]) for pk in self.units}
        self.members: dict[int, list[int]] = {}
        memberships = Membership.objects.filter(is_active=True, unit__is_specialist_unit=False)
        for user, unit in memberships.values_list("user_id", "unit_id").order_by("pk"):
            self.members.setdefault(unit, []).append(user)
        self.places = sorted(self.members)
        # Bigger units report more, and some kinds more than others (a nursing home more
        # than a library).
        self.weights = [len(self.members[pk]) * rng.lognormvariate(0, 0.5) for pk in self.places]
        self.categories = _categories()
        self.category_weights = [10, 30, 3, 15, 10, 2, 5, 20, 5][: len(self.categories)]

    def _nearest_leader(self, pk):
        while pk is not None:
            parent, leader = self.units[pk]
            if leader:
                return pk, leader
            pk = parent
        return None, None


def _categories() -> list[int]:
    """The routine's categories, as the data migrations seed them (a flush empties them)."""
    from avvik.default_categories import ensure_default_categories

    return [category.pk for category in sorted(
        ensure_default_categories().values(), key=lambda category: category.sort_order
    )]  # fmt: skip


@contextmanager
def indexes_set_aside(models):
    """Drop the tables' plain indexes (not those behind primary keys and unique
    constraints) for the bulk load and build each again afterwards, which is several
    times faster than keeping them up to date row by row. Inside the caller's
    transaction, so a failed load leaves them as they were."""
    from django.db import connection

    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
            " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
            " WHERE t.relname = ANY(%s) AND NOT EXISTS"
            " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [tables],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
        # Foreign keys checked after each COPY rather than all at commit: a table cannot
        # be indexed while checks on it are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)


class Rows:
    """One chunk of rows per table, ids counted across chunks."""

    COLUMNS = {
        "Deviation": ["id", "reference", "reporter_id", "unit_id", "occurred_at",
                      "category_id", "severity", "title", "description", "reported_at"],
        "Case": ["id", "deviation_id", "deviation_unit_id", "status", "responsible_unit_id",
                 "responsible_leader_id", "escalation_level", "arrived_via", "opened_at",
                 "receipt_due", "closure_due", "received_at", "closed_at", "outcome_summary",
                 "closed_as",
                 "routines_reviewed"],
        "CaseEvent": ["id", "case_id", "kind", "actor_id", "at", "message",
                      "visible_to_reporter"],
        "Action": ["id", "case_id", "kind", "description", "assignee_id", "due_date",
                   "created_by_id", "created_at", "done_at", "done_by_id"],
        "RiskAssessment": ["id", "case_id", "assessed_by_id", "assessed_at", "probability",
                           "consequence", "probability_after", "consequence_after"],
        "EffectEvaluation": ["id", "case_id", "evaluated_by_id", "evaluated_at", "effective"],
    }  # fmt: skip

    def __init__(self):
        self.ids = {name: itertools.count(1) for name in self.COLUMNS}
        self.rows: dict[str, list[tuple]] = {name: [] for name in self.COLUMNS}

    def add(self, table: str, *values) -> None:
        self.rows[table].append((next(self.ids[table]), *values))

    def write(self) -> None:
        from django.apps import apps
        from django.db import transaction

        from bench.copying import write_rows

        with transaction.atomic():
            for name, rows in self.rows.items():
                model = apps.get_model("avvik" if name == "Deviation" else "cases", name)
                write_rows(model, self.COLUMNS[name], rows)
                rows.clear()


def add_deviation(rows: Rows, org: Organisation, rng, *, reported, unit, reporter, now, refs):
    """One deviation and its case, in the state its age makes likely, with its events,
    and for a resolved case its action, risk assessment and evaluation."""
    severity = rng.choices(SEVERITIES, SEVERITY_WEIGHTS)[0]
    title = rng.choice(TITLES)
    refs[reported.year] = refs.get(reported.year, 0) + 1
    reference = f"AV-{reported.year}-{refs[reported.year]:06d}"
    rows.add("Deviation", reference, reporter, unit, reported - timedelta(minutes=30),
             rng.choices(org.categories, org.category_weights)[0], severity, title,
             f"{title}. Beskrevet av melder.", reported)  # fmt: skip
    pk = rows.rows["Deviation"][-1][0]

    age = (now - reported).days
    acknowledged = rng.random() >= next(s for days, s in UNACKNOWLEDGED_SHARE if age < days)
    closed = acknowledged and rng.random() < next(s for days, s in CLOSED_SHARE if age < days)
    if closed:
        status = "closed"
    elif acknowledged:
        status = "evaluating" if rng.random() < 0.15 else "in_progress"
    else:
        status = "reported"
    handler_unit, leader = org.responsible[unit]
    closure_due = reported + timedelta(days=CLOSURE_DAYS[severity])
    arrived, level = "routing", 0
    up_unit, up_leader = org.above.get(handler_unit, (None, None))
    if up_leader and rng.random() < 0.03:
        handler_unit, leader, arrived = up_unit, up_leader, "forwarded"
    elif up_leader and not closed and closure_due < now and rng.random() < 0.5:
        handler_unit, leader, arrived, level = up_unit, up_leader, "escalated", 1
    acknowledged_at = reported + timedelta(hours=rng.uniform(0.5, 72))
    closed_at = None
    if closed:
        closed_at = min(now, reported + timedelta(days=rng.uniform(3, CLOSURE_DAYS[severity])))
    resolved = closed and rng.random() < 0.93
    rows.add("Case", pk, unit, status, handler_unit or unit, leader, level, arrived, reported,
             reported + timedelta(days=3), closure_due if acknowledged else None,
             acknowledged_at if acknowledged else None, closed_at,
             "Tiltakene virker." if closed else "",
             ("resolved" if resolved else "not_a_deviation") if closed else "",
             True if resolved else None)  # fmt: skip

    actor = leader or reporter
    rows.add("CaseEvent", pk, "reported", reporter, reported, "Meldt til leder.", True)
    if acknowledged:
        rows.add("CaseEvent", pk, "acknowledged", actor, acknowledged_at, "Mottatt.", True)
    if arrived != "routing":
        rows.add("CaseEvent", pk, arrived, actor, acknowledged_at, "Sendt opp i linjen.", False)
    if closed:
        rows.add("CaseEvent", pk, "closed", actor, closed_at, "Lukket.", True)
    if resolved or (acknowledged and not closed and rng.random() < 0.5):
        done_at = closed_at or (acknowledged_at if status == "evaluating" else None)
        rows.add("Action", pk, "corrective", "Rutinen er gjennomgått med de ansatte.", actor,
                 closure_due.date(), actor, acknowledged_at, done_at,
                 actor if done_at else None)  # fmt: skip
    if resolved:
        rows.add("RiskAssessment", pk, actor, closed_at, 3, 3, 1, 2)
        rows.add("EffectEvaluation", pk, actor, closed_at, True)


def seed(scale: dict, rng: random.Random) -> None:
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management.color import no_style
    from django.db import connection, transaction
    from django.utils import timezone

    from avvik.models import Deviation, ReferenceCounter
    from cases.models import Action, Case, CaseEvent, EffectEvaluation, RiskAssessment
    from orgchart.access import HMS_ADMIN_GROUP
    from orgchart.models import User

    started = time.perf_counter()
    import_organisation(scale["units"], scale["people"])
    # One password for everyone, hashed once (50,000 hashes would take hours).
    User.objects.update(password=make_password(PASSWORD))
    admin = User.objects.create_superuser(
        "bench-admin", "admin@bench.example", PASSWORD, last_name=f"seed {SEED_VERSION}"
    )
    admin.groups.add(Group.objects.get_or_create(name=HMS_ADMIN_GROUP)[0])
    print(f"  organisation imported ({time.perf_counter() - started:.0f} s)", flush=True)

    org = Organisation(rng)
    prolific_unit = org.places[0]
    prolific = org.members[prolific_unit][0]
    now = timezone.now()
    n = scale["deviations"]
    span = timedelta(days=365 * YEARS).total_seconds()
    reported = sorted(now - timedelta(seconds=rng.uniform(600, span)) for _ in range(n))
    places = rng.choices(org.places, org.weights, k=n)
    rows, refs = Rows(), {}
    models = [Deviation, Case, CaseEvent, Action, RiskAssessment, EffectEvaluation]
    with transaction.atomic(), indexes_set_aside(models):
        for i in range(n):
            if i % (n // PROLIFIC_REPORTS) == 0:
                unit, reporter = prolific_unit, prolific
            else:
                unit = places[i]
                reporter = rng.choice(org.members[unit])
                if reporter == prolific:  # their reports are the ones above, no more
                    reporter = rng.choice(org.members[org.places[-1]])
            add_deviation(rows, org, rng, reported=reported[i], unit=unit, reporter=reporter,
                          now=now, refs=refs)  # fmt: skip
            if (i + 1) % CHUNK == 0 or i + 1 == n:
                rows.write()
                elapsed = time.perf_counter() - started
                print(f"  {i + 1:>9,} deviations ({elapsed:.0f} s)", flush=True)
        print("  indexes built again", end="", flush=True)
    print(f" ({time.perf_counter() - started:.0f} s)", flush=True)
    ReferenceCounter.objects.bulk_create(
        ReferenceCounter(year=year, last_number=last) for year, last in refs.items()
    )
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
        cursor.execute("VACUUM ANALYZE")
    print(f"  seeded in {time.perf_counter() - started:.0f} s", flush=True)


def prepare(scale: dict, *, flush: bool) -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from avvik.models import Deviation
    from orgchart.models import OrgUnit, User

    call_command("migrate", verbosity=0)
    print(
        f"database: {connection.settings_dict['NAME']} (PostgreSQL "
        f"{connection.pg_version // 10000}), {os.cpu_count()} CPUs",
        flush=True,
    )
    # Reports a benchmark filed and, interrupted, did not delete, are not the data set's.
    delete_bench_filings()
    wanted = (scale["units"], scale["deviations"], True)
    held = (
        OrgUnit.objects.count(),
        Deviation.objects.count(),
        User.objects.filter(username="bench-admin", last_name=f"seed {SEED_VERSION}").exists(),
    )
    if held == wanted:
        print(f"reusing {scale['units']:,} units and {scale['deviations']:,} deviations")
        # As autovacuum would have by now after a migration or another benchmark's writes:
        # index-only scans need a current visibility map, the planner current statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        return
    if held[0] or held[1]:
        if not (flush or os.environ["DATABASE_URL"] in DEFAULT_DATABASES.values()):
            sys.exit("The database holds other data: use a fresh one or pass --flush.")
        print("emptying the database for a new data set", flush=True)
        call_command("flush", interactive=False, verbosity=0)
    print(
        f"seeding {scale['units']:,} units, {scale['people']:,} people and "
        f"{scale['deviations']:,} deviations",
        flush=True,
    )
    seed(scale, random.Random(4))


# -- measuring (in a fresh process) ------------------------------------------------------

# The floor: a view that only requires login (LoginRequiredMiddleware, as every page) and
# renders a three-line template.
FLOOR_TEMPLATE = """<!doctype html>
<title>Avvik</title>
<p>{{ user.get_username }}</p>"""


def _bare_view(request):
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(FLOOR_TEMPLATE)
    return HttpResponse(template.render({"user": request.user}))


def _reads_view(request):
    """The bare page after ten reads of a unit by its primary key through the ORM: what
    a page's queries cost before it draws anything."""
    from orgchart.models import OrgUnit

    for pk in range(1, 11):
        OrgUnit.objects.filter(pk=pk).first()
    return _bare_view(request)


def _raw_reads_view(request):
    """The same ten reads through a cursor: what PostgreSQL and the driver cost of them."""
    from django.db import connection

    with connection.cursor() as cursor:
        for pk in range(1, 11):
            cursor.execute("SELECT * FROM orgchart_orgunit WHERE id = %s LIMIT 1", [pk])
            cursor.fetchone()
    return _bare_view(request)


def _frame_view(request):
    """A page with nothing in it but the site's frame (base.html: the navigation, the
    language menu, the footer), as every real page has."""
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string('{% extends "base.html" %}')
    return HttpResponse(template.render({}, request))


def bench_urlpatterns() -> list:
    """The project's URLs, and beside them the floor and the references, behind the same
    middleware and login."""
    from django.urls import path

    from avvik.urls import urlpatterns

    return [
        path("bench-floor/", _bare_view),
        path("bench-reads/", _reads_view),
        path("bench-raw-reads/", _raw_reads_view),
        path("bench-frame/", _frame_view),
        *urlpatterns,
    ]


def who_and_what() -> list[tuple[str, str, str, object]]:
    """(label, username, URL, POST data maker or None) of every page measured, for people
    chosen from the data: a busy unit leader (90th percentile of open cases among leaders
    of units with departments), the sector leader above the most deviations, the top
    leader, the most prolific reporter and an HMS administrator; the filing by someone in
    the leader's department."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from avvik.models import Deviation
    from cases.models import Case
    from orgchart.models import Membership, OrgUnit, User

    with_departments = OrgUnit.objects.filter(depth=2, children__isnull=False)
    open_cases = Count("responsible_cases", filter=~Q(responsible_cases__status="closed"))
    leaders = list(
        User.objects.filter(pk__in=with_departments.values("leader"))
        .annotate(open_cases=open_cases)
        .order_by("open_cases", "pk")
    )
    leader = leaders[int(len(leaders) * 0.9)]
    unit = OrgUnit.objects.filter(leader=leader, depth=2).first()
    department = (
        OrgUnit.objects.filter(parent=unit)
        .annotate(n=Count("deviations"))
        .order_by("-n", "pk")
        .first()
    )
    sector = (
        OrgUnit.objects.filter(depth=1, leader__isnull=False)
        .annotate(n=Count("children__deviations"))
        .order_by("-n", "pk")
        .first()
    )
    top = OrgUnit.objects.filter(depth=0, leader__isnull=False).order_by("pk").first()
    reporter = (
        Deviation.objects.values("reporter__username")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    case = (
        Case.objects.filter(responsible_leader=leader, status="in_progress")
        .annotate(n=Count("actions"))
        .order_by("-n", "-pk")
        .first()
    ) or Case.objects.filter(responsible_leader=leader).order_by("-pk").first()
    filer = (
        Membership.objects.filter(unit=department, is_active=True)
        .exclude(user=leader)
        .order_by("pk")
        .values_list("user__username", flat=True)
        .first()
    )
    dashboard = reverse("cases:dashboard")
    filtered = f"{dashboard}?scope=subtree&severity=high&unit={department.code}&q=gulv&status=all"
    return [
        (FLOOR, leader.username, "/bench-floor/", None),
        (REFERENCE_READS, leader.username, "/bench-reads/", None),
        (REFERENCE_RAW_READS, leader.username, "/bench-raw-reads/", None),
        (REFERENCE_FRAME, leader.username, "/bench-frame/", None),
        ("My roles", leader.username, reverse("orgchart:my_roles"), None),
        (f"dashboard, default ({leader.open_cases} open)", leader.username, dashboard, None),
        ("dashboard, filtered", leader.username, filtered, None),
        # Open and closed, newest first: years of a unit's cases.
        ("dashboard, all statuses", leader.username, f"{dashboard}?scope=subtree&status=all",
         None),
        ("case page", leader.username, reverse("cases:detail", args=[case.pk]), None),
        (f"Mine avvik ({reporter['n']} reports)", reporter["reporter__username"],
         reverse("cases:my_reports"), None),
        ("filing form", reporter["reporter__username"], reverse("cases:report"), None),
        ("filing (POST)", filer, reverse("cases:report"), filing_data(department)),
        ("dashboard, sector subtree", sector.leader.username, f"{dashboard}?scope=subtree",
         None),
        ("dashboard, whole municipality", top.leader.username, f"{dashboard}?scope=subtree",
         None),
        ("dashboard, HMS admin: all", "bench-admin", dashboard, None),
        # The sector's figures, kept in the cache after the first (warm-up) request.
        ("statistics, sector (figures kept)", sector.leader.username,
         reverse("reports:statistics"), None),
    ]  # fmt: skip


def filing_data(unit):
    """A maker of report form submissions for ``unit``, each with its own token."""
    import uuid

    from django.utils import timezone

    from avvik.models import Category

    # A category without health data: the filing most reports are.
    categories = Category.objects.filter(is_active=True, involves_health_data=False)
    category = categories.order_by("sort_order").first()

    def make() -> dict:
        occurred = timezone.localtime() - timedelta(hours=1)
        return {
            "submission_token": str(uuid.uuid4()),
            "category": category.pk,
            "severity": "medium",
            "title": BENCH_FILING_TITLE,
            "description": "Vann på gulvet ved hovedinngangen, ingen skilt satt ut.",
            "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
            "unit": unit.pk,
            "location": "",
            "immediate_action": "",
            "suggested_measure": "",
            "injured_person": "",
            "injury_kind": "",
            "treatment": "none",
            "submit_report": "",
        }

    return make


def delete_with_dependents(model, pks: list, seen: frozenset = frozenset()) -> None:
    """Delete the rows and, first, every row that protects them (events, readers, ...)."""
    if not pks or model in seen:
        return
    for relation in model._meta.related_objects:
        if relation.many_to_many or relation.on_delete.__name__ not in ("PROTECT", "RESTRICT"):
            continue
        dependents = relation.related_model._base_manager.filter(
            **{f"{relation.field.name}__in": pks}
        )
        delete_with_dependents(
            relation.related_model, list(dependents.values_list("pk", flat=True)), seen | {model}
        )
    model._base_manager.filter(pk__in=pks).delete()


def delete_bench_filings() -> int:
    from django.db import connection, transaction

    from avvik.models import Deviation

    filed = list(Deviation.objects.filter(title=BENCH_FILING_TITLE).values_list("pk", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        # The timeline is append-only (a trigger refuses deletes); in the benchmark's own
        # database, for its own reports, the triggers are set aside for this transaction.
        cursor.execute("SET LOCAL session_replication_role = replica")
        delete_with_dependents(Deviation, filed)
    return len(filed)


# Statements that are not the page's own queries.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


# The session's refresh for the idle timeout (avvik.middleware.session_write_due): at
# most once a minute per session, whatever the page, so not a page's own query.
SESSION_REFRESH = 'UPDATE "DJANGO_SESSION"'


class QueryCounter:
    """A database execute wrapper that counts the statements of a request, leaving out
    transaction control and, counted apart, the session's refresh."""

    def __init__(self):
        self.count = 0
        self.session_refreshes = 0

    def __call__(self, execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(SESSION_REFRESH):
            self.session_refreshes += 1
        elif not statement.startswith(TRANSACTION_CONTROL):
            self.count += 1
        return execute(sql, params, many, context)


def measure(requests: int) -> dict:
    setup_django()
    import types

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches

    from orgchart.models import User

    urls = types.ModuleType("bench_pages_urls")
    urls.urlpatterns = bench_urlpatterns()
    settings.ROOT_URLCONF = urls
    clear_url_caches()
    # As the web process does when it has loaded the application (avvik/wsgi.py).
    from avvik.long_lived import freeze_startup_objects

    freeze_startup_objects()
    # The filings' notices go to a queue of the benchmark's own, which nobody reads.
    queue = tempfile.TemporaryDirectory()
    if settings.CELERY_BROKER_URL.startswith("filesystem"):
        for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
            settings.CELERY_BROKER_TRANSPORT_OPTIONS[key] = queue.name
    else:
        sys.exit("bench/pages.py queues the filings' notices on the filesystem: unset REDIS_URL")

    pages = []
    for label, username, url, data in who_and_what():
        client = Client()
        client.force_login(User.objects.get(username=username))

        def request(client=client, url=url, data=data):
            if data is None:
                return client.get(url)
            return client.post(url, data())

        for _ in range(5):
            response = request()
            if response.status_code != (200 if data is None else 302):
                errors = re.findall(
                    r"(?:invalid-feedback|alert-danger)[^>]*>(.*?)</div", response.text, re.S
                )
                sys.exit(f"{label}: {url} gave {response.status_code} {errors}")
        pages.append((label, url, request, {"wall": [], "cpu": [], "queries": [], "refreshes": []}))
    try:
        # Round after round of one request to each page, so that whatever else the machine
        # is doing meanwhile weighs on every page alike.
        for _ in range(requests):
            for _label, _url, request, samples in pages:
                counter = QueryCounter()
                with connection.execute_wrapper(counter):
                    wall, cpu = time.perf_counter(), time.process_time()
                    request()
                    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
                samples["wall"].append(wall * 1000)
                samples["cpu"].append(cpu * 1000)
                samples["queries"].append(counter.count)
                samples["refreshes"].append(counter.session_refreshes)
    finally:
        delete_bench_filings()
        queue.cleanup()
    return {
        label: {
            "url": url,
            "p50": statistics.median(samples["wall"]),
            "p95": statistics.quantiles(samples["wall"], n=20)[18],
            "cpu": statistics.mean(samples["cpu"]),
            "queries": max(samples["queries"]),
            "session_refreshes": sum(samples["refreshes"]),
            "requests": len(samples["queries"]),
        }
        for label, url, _request, samples in pages
    }


def report(pages: dict) -> bool:
    floor = pages[FLOOR]
    print(
        f"{'page':34} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7} {'queries':>7} "
        f"{'CPU/floor':>9} {'p95/floor':>9}"
    )
    met = True
    for label, figures in pages.items():
        cpu_ratio = figures["cpu"] / floor["cpu"]
        p95_ratio = figures["p95"] / floor["p95"]
        verdict = "  (reference)" if label in REFERENCES else ""
        if label != FLOOR and label not in REFERENCES:
            ok = (
                cpu_ratio <= TARGET_RATIO
                and p95_ratio <= TARGET_RATIO
                and figures["p95"] <= TARGET_MS
                and figures["queries"] <= TARGET_QUERIES
            )
            met &= ok
            verdict = "  ok" if ok else "  MISSED"
        print(
            f"{label:34} {figures['p50']:7.1f} {figures['p95']:7.1f} {figures['cpu']:7.1f} "
            f"{figures['queries']:7d} {cpu_ratio:8.1f}x {p95_ratio:8.1f}x{verdict}"
        )
    print(
        f"targets: CPU per request and p95 within {TARGET_RATIO:.0f}x the bare login-required "
        f"page's, p95 under {TARGET_MS:.0f} ms, at most {TARGET_QUERIES} queries "
        "(BEGIN/COMMIT/savepoints not counted); CPU is the mean of the process's own CPU "
        "time per request"
    )
    refreshes = sum(figures["session_refreshes"] for figures in pages.values())
    requests = sum(figures["requests"] for figures in pages.values())
    print(
        f"not counted either: the session's refresh for the idle timeout (at most once a "
        f"minute per session, on whatever page comes then), in {refreshes} of {requests} "
        "requests"
    )
    return met


def show_plans() -> None:
    """EXPLAIN ANALYZE of "Units I lead" for the busy unit leader and the sector leader:
    the open cases counted, and the first page of the list, open and all."""
    from django.db import connection
    from django.http import QueryDict

    from cases.dashboard import OPEN_STATUSES, cases_in_scope
    from cases.filters import CaseFilter
    from orgchart.models import User

    people = {label.split(" (")[0]: username for label, username, _u, _d in who_and_what()}
    for label in (
        "dashboard, default",
        "dashboard, sector subtree",
        "dashboard, whole municipality",
    ):
        user = User.objects.get(username=people[label])
        queries = {
            "open cases counted": cases_in_scope(user, "subtree")
            .filter(status__in=OPEN_STATUSES)
            .values("status"),
            "list, open": CaseFilter(QueryDict("scope=subtree"), user=user).qs[:25],
            "list, all": CaseFilter(QueryDict("scope=subtree&status=all"), user=user).qs[:25],
        }
        for name, queryset in queries.items():
            sql, params = queryset.query.sql_with_params()
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            # The subtree's unit ids make long lines: cut them.
            plan = re.sub(r"'\{[0-9,]{60,}\}'", "'{…}'", plan)
            print(f"--- {label} ({user.username}), units I lead: {name}\n{plan}\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--flush", action="store_true", help="empty a non-default database")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--plans", action="store_true", help="show the dashboard scopes' query plans, then stop"
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.requests)))
        return 0

    ensure_database(args.scale)
    prepare(SCALES[args.scale], flush=args.flush)
    if args.plans:
        show_plans()
        return 0
    command = [sys.executable, __file__, "--measure", "--requests", str(args.requests)]
    # The filings' notices are queued on the filesystem, in a folder of the benchmark's own.
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    child = subprocess.run(command, capture_output=True, text=True, env=env)
    if child.returncode:
        sys.exit(f"measuring failed:\n{child.stderr[-5000:]}")
    print(f"{args.requests} requests per page, in turn, after 5 warm-up requests each")
    report(json.loads(child.stdout.strip().splitlines()[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
