"""How long the AMU summary takes to build, and how fast the statistics page answers.

    .venv/bin/python bench/reports.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/reports.py

It migrates the database DATABASE_URL names, or else its own PostgreSQL database on
127.0.0.1 (``avvik_bench_reports``, or one named after the size for other sizes), which
it creates if need be (and may empty: it is the benchmark's own). It seeds an
organisation of ``--units`` units (kommune → 8 sectors → units → departments) and
``--deviations`` deviations spread evenly over ``--years`` years up to today, each with
its case, most acknowledged, most of the older ones closed. Seeding uses COPY on
PostgreSQL (bulk_create elsewhere) and is skipped when the database already holds exactly
that data set, so measurements can be repeated.

Then, each in a fresh process so its peak memory is its own:

* the AMU summary of the last whole year for a committee covering the whole municipality
  (with the defaults: 100,000 deviations in that year), through ``build_report``: the
  figures, WeasyPrint, the stored file; wall time and peak RSS;
* the statistics page through the whole URL and middleware stack (Django's test Client,
  logged in), p50/p95 over ``--requests`` requests, for a unit leader, a sector leader and
  the top leader (default period: the last 12 months): as served (figures kept in the
  cache), behind the data (kept figures shown while a refresh is queued) and computed
  afresh on each request (10 requests): wall time and the process's own CPU time per
  request, against the floor of bench/pages.py (a bare login-required page rendering a
  three-line template), with "My roles" and the home page beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_ENV = {
    # The test Client talks plain HTTP to "testserver".
    "HTTPS": "false",
    "ALLOWED_HOSTS": "testserver,localhost",
    "DEBUG": "false",
    "LOG_LEVEL": "WARNING",
}
SECTORS = 8
CHUNK = 50_000


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    for name, value in BENCH_ENV.items():
        os.environ.setdefault(name, value)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avvik.settings")
    import django

    django.setup()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# -- seeding -------------------------------------------------------------------------------


def ensure_postgres_database() -> None:
    """CREATE DATABASE for a PostgreSQL URL whose database does not exist yet."""
    import environ
    import psycopg

    config = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    if "postgresql" not in config["ENGINE"]:
        return
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


@contextmanager
def auto_now_add_off(*fields):
    """Seeded rows carry their own past times, which auto_now_add would overwrite."""
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


def seed(n_units: int, n_deviations: int, years: int, rng: random.Random) -> dict:
    from django.db import transaction
    from django.utils import timezone

    from avvik.default_categories import ensure_default_categories
    from avvik.models import Category, Deviation
    from bench.copying import write_rows
    from cases.models import Case, CaseEvent
    from orgchart.models import Committee, OrgUnit, User

    people = {
        name: User.objects.create_user(
            username=f"bench-{name}", email=f"{name}@bench.example", password="bench-password"
        )
        for name in ("reporter", "top", "sector", "unit", "amu")
    }
    with transaction.atomic():
        kommune = OrgUnit.objects.create(code="K", name="Benchmark kommune", leader=people["top"])
        sectors = [
            OrgUnit.objects.create(code=f"S{i}", name=f"Sektor {i}", parent=kommune)
            for i in range(1, SECTORS + 1)
        ]
        remaining = n_units - 1 - SECTORS
        n_middle = max(1, remaining // 8)
        middles = [
            OrgUnit.objects.create(code=f"E{i:05d}", name=f"Enhet {i}", parent=sectors[i % SECTORS])
            for i in range(n_middle)
        ]
        leaves = [
            OrgUnit.objects.create(
                code=f"A{i:06d}", name=f"Avdeling {i}", parent=middles[i % n_middle]
            )
            for i in range(remaining - n_middle)
        ]
        OrgUnit.objects.filter(pk=sectors[0].pk).update(leader=people["sector"])
        OrgUnit.objects.filter(pk=middles[0].pk).update(leader=people["unit"])
        committee = Committee.objects.create(name="Benchmark AMU", unit=kommune, period="year")
        committee.members.add(people["amu"])

    # A flush empties what the data migrations seeded.
    ensure_default_categories()
    categories = list(Category.objects.values_list("pk", flat=True))
    severities = ["low", "medium", "high", "critical"]
    places = [u.pk for u in middles] + [u.pk for u in leaves]
    now = timezone.now()
    span = timedelta(days=365 * years).total_seconds()
    reporter = people["reporter"].pk
    first_id = (Deviation.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_case = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    started = time.perf_counter()
    with auto_now_add_off(
        Deviation._meta.get_field("reported_at"), Case._meta.get_field("opened_at")
    ):
        for chunk_start in range(0, n_deviations, CHUNK):
            chunk = range(chunk_start, min(chunk_start + CHUNK, n_deviations))
            deviations, cases, events = [], [], []
            for i in chunk:
                reported = now - timedelta(seconds=rng.uniform(60, span))
                unit = rng.choice(places)
                deviations.append(
                    (first_id + i, f"B-{i:010d}", reporter, unit, reported - timedelta(minutes=30),
                     rng.choice(categories), rng.choices(severities, (5, 4, 2, 1))[0],
                     "Benchmark", "Benchmark", reported)
                )  # fmt: skip
                age_days = (now - reported).days
                acknowledged = rng.random() < 0.9
                closed = acknowledged and rng.random() < min(0.95, 0.2 + age_days / 120)
                closed_at = reported + timedelta(days=rng.uniform(1, 60)) if closed else None
                if closed_at and closed_at > now:
                    closed_at, closed = None, False
                status = "closed" if closed else ("in_progress" if acknowledged else "reported")
                received_at = reported + timedelta(hours=rng.uniform(0.2, 120))
                cases.append(
                    (first_case + i, first_id + i, unit, status, unit,
                     rng.choice([0, 0, 0, 0, 1, 2]), reported, reported + timedelta(days=30),
                     received_at if acknowledged else None, closed_at, "resolved" if closed else "")
                )  # fmt: skip
                if acknowledged:
                    events.append((first_case + i, "acknowledged", received_at))
            with transaction.atomic():
                write_rows(
                    Deviation,
                    ["id", "reference", "reporter_id", "unit_id", "occurred_at", "category_id",
                     "severity", "title", "description", "reported_at"],
                    deviations,
                )  # fmt: skip
                write_rows(
                    Case,
                    ["id", "deviation_id", "deviation_unit_id", "status", "responsible_unit_id",
                     "escalation_level", "opened_at", "closure_due", "received_at", "closed_at",
                     "closed_as"],
                    cases,
                )  # fmt: skip
                write_rows(CaseEvent, ["case_id", "kind", "at"], events)
            print(
                f"  seeded {chunk.stop:>9,} deviations ({time.perf_counter() - started:5.0f} s)",
                flush=True,
            )
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"units": OrgUnit.objects.count(), "deviations": Deviation.objects.count()}


def prepare(args) -> None:
    ensure_postgres_database()
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from avvik.models import Deviation
    from orgchart.models import OrgUnit

    call_command("migrate", verbosity=0)
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, {os.cpu_count()} CPUs",
        flush=True,
    )
    if (OrgUnit.objects.count(), Deviation.objects.count()) == (args.units, args.deviations):
        print(f"reusing {args.units:,} units and {args.deviations:,} deviations", flush=True)
        vacuum()
        return
    if OrgUnit.objects.exists() or Deviation.objects.exists():
        if not args.flush:
            sys.exit("The database holds other data; use a fresh one or pass --flush.")
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    counts = seed(args.units, args.deviations, args.years, random.Random(args.seed))
    vacuum()
    print(
        f"seeded {counts['units']:,} units and {counts['deviations']:,} deviations "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def vacuum() -> None:
    """As autovacuum would have by now: index-only scans need a current visibility map,
    the planner current statistics."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


# -- measurements (each in its own process) --------------------------------------------------


def measure_summary() -> dict:
    setup_django()
    from django.conf import settings

    settings.MEDIA_ROOT = Path(os.environ.get("BENCH_MEDIA_ROOT", "/tmp/avvik-bench-media"))
    from avvik.models import Deviation
    from orgchart.models import Committee
    from reports.models import AmuReport
    from reports.periods import calendar_period, oslo_today
    from reports.services import build_report

    committee = Committee.objects.get(name="Benchmark AMU")
    period = calendar_period("year", oslo_today().year - 1)
    start, end = period.bounds()
    in_period = Deviation.objects.filter(reported_at__gte=start, reported_at__lt=end).count()
    report = AmuReport.objects.create(
        committee=committee, period_start=period.start, period_end=period.end, language="nb"
    )
    baseline = peak_rss_mb()
    started = time.perf_counter()
    build_report(report.pk)
    seconds = time.perf_counter() - started
    report.refresh_from_db()
    size = report.file.size if report.file else 0
    from pypdf import PdfReader

    pages = len(PdfReader(report.file.path).pages) if report.file else 0
    report.file.delete(save=False)
    AmuReport.objects.filter(pk=report.pk).delete()
    return {
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "baseline_rss_mb": baseline,
        "status": report.status,
        "deviations_in_period": in_period,
        "period": period.label(),
        "pdf_kb": size / 1024,
        "pages": pages,
    }


def _pages_module():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent / "pages.py"
    spec = importlib.util.spec_from_file_location("bench_pages", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_page(requests: int) -> dict:
    setup_django()
    import types

    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client
    from django.urls import path, reverse

    from avvik.urls import urlpatterns
    from orgchart.models import User

    # The project's URLs plus one bare view, behind the same middleware and login.
    urls = types.ModuleType("bench_reports_urls")
    bench_pages = _pages_module()
    urls.urlpatterns = [path("bench-floor/", bench_pages._bare_view), *urlpatterns]
    settings.ROOT_URLCONF = urls
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        sys.exit("bench/reports.py empties its cache: run it without REDIS_URL")
    cache.clear()

    def timings(client, url: str, n: int, warm_up: int = 3) -> dict:
        for _ in range(warm_up):
            assert client.get(url).status_code == 200, url
        samples, cpu = [], []
        for _ in range(n):
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            cpu.append((time.process_time() - cpu_started) * 1000)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        cuts = statistics.quantiles(samples, n=20)
        return {"p50": statistics.median(samples), "p95": cuts[18], "cpu": statistics.mean(cpu)}

    statistics_url = reverse("reports:statistics")
    people = {"unit": "bench-unit", "sector": "bench-sector", "top": "bench-top"}
    result = {}
    for label, username, url in [
        (bench_pages.FLOOR, "bench-unit", "/bench-floor/"),
        ("My roles", "bench-unit", reverse("orgchart:my_roles")),
        ("home page", "bench-unit", "/"),
    ]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        # The first pages of a fresh process also warm up what every page uses.
        result[label] = timings(client, url, requests, warm_up=30)
    # As served: the figures kept in the cache (the first request computes them).
    for who, username in people.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        result[f"statistics, {who} (kept)"] = timings(client, statistics_url, requests)
    # Behind the data: the kept figures shown, marked as being updated (one background
    # refresh queued), as on every request after a change until the worker is done.
    settings.STATISTICS_FRESH_SECONDS = 0
    for who, username in people.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        result[f"statistics, {who} (behind)"] = timings(client, statistics_url, requests)
    # A period nobody asked for before (each request another one): a unit's figures are
    # computed on the spot, a large subtree's are queued for the worker and the page says
    # they are coming (the queue here is the embedded one, with no worker reading it).
    from datetime import timedelta

    from reports.periods import oslo_today

    today = oslo_today()
    for who, username in people.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        urls = iter(
            f"{statistics_url}?start={today - timedelta(days=400 + n)}&end={today}"
            for n in range(requests + 10)
        )
        samples, cpu = [], []
        for n in range(requests + 3):
            url = next(urls)
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, url
            if n >= 3:
                samples.append(elapsed)
                cpu.append((time.process_time() - cpu_started) * 1000)
            if who == "unit" and n >= 12:
                break  # computed each time: a dozen is enough
        result[f"statistics, {who} (new period)"] = {
            "p50": statistics.median(samples),
            "p95": statistics.quantiles(samples, n=20)[18],
            "cpu": statistics.mean(cpu),
        }
    # Computed afresh on every request: what the worker (or the page, for a unit) spends.
    settings.STATISTICS_CACHE_SECONDS = 0
    for who, username in people.items():
        client = Client()
        client.force_login(User.objects.get(username=username))
        result[f"statistics, {who} (computed)"] = timings(client, statistics_url, 10)
    return result


def run_child(kind: str, args) -> dict:
    """Run one measurement in a fresh process. Its cache (which the page benchmark
    empties) and task queue are files in a directory of its own, never a Redis database
    REDIS_URL may name."""
    command = [sys.executable, __file__, "--child", kind, "--requests", str(args.requests)]
    env = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    # The collected static files stay where `make static` put them.
    var_dir = Path(os.environ.get("AVVIK_VAR_DIR", ROOT / "var"))
    env.setdefault("STATIC_ROOT", str(var_dir / "staticfiles"))
    with tempfile.TemporaryDirectory(prefix="avvik-bench-reports-") as own:
        env["AVVIK_VAR_DIR"] = own
        child = subprocess.run(command, capture_output=True, text=True, env=env)
    if child.returncode:
        sys.exit(f"{kind} failed:\n{child.stderr[-5000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=2_000)
    parser.add_argument("--deviations", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--flush", action="store_true", help="empty the database first")
    parser.add_argument("--child", choices=["summary", "page"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    for name, value in BENCH_ENV.items():
        os.environ.setdefault(name, value)
    if args.child == "summary":
        print(json.dumps(measure_summary()))
        return
    if args.child == "page":
        print(json.dumps(measure_page(args.requests)))
        return

    if not os.environ.get("DATABASE_URL"):
        default = (args.units, args.deviations) == (2_000, 1_000_000)
        name = "avvik_bench_reports" + ("" if default else f"_{args.units}u_{args.deviations}d")
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
        args.flush = True
    prepare(args)
    summary = run_child("summary", args)
    print(
        f"AMU summary {summary['period']} ({summary['deviations_in_period']:,} deviations): "
        f"{summary['seconds']:.1f} s, peak RSS {summary['peak_rss_mb']:.0f} MB "
        f"(before building {summary['baseline_rss_mb']:.0f} MB), {summary['status']}, "
        f"{summary['pages']} pages, {summary['pdf_kb']:.0f} KB",
        flush=True,
    )
    pages = run_child("page", args)
    floor = next(numbers for who, numbers in pages.items() if who.startswith("floor"))
    print(
        f"{'page':34} {'p50 ms':>7} {'p95 ms':>7} {'CPU ms':>7} {'CPU/floor':>9} {'p95/floor':>9}"
    )
    for who, numbers in pages.items():
        verdict = ""
        cpu_ratio, p95_ratio = numbers["cpu"] / floor["cpu"], numbers["p95"] / floor["p95"]
        if who.startswith("statistics") and "(computed)" not in who and "unit (new" not in who:
            ok = cpu_ratio <= 3 and p95_ratio <= 3 and numbers["p95"] <= 150
            verdict = "  ok" if ok else "  MISSED"
        print(
            f"{who:34} {numbers['p50']:7.1f} {numbers['p95']:7.1f} {numbers['cpu']:7.1f} "
            f"{cpu_ratio:8.1f}x {p95_ratio:8.1f}x{verdict}",
            flush=True,
        )
    print(
        "target: the statistics page's CPU per request and p95 within 3x the bare "
        "login-required page's, p95 under 150 ms; the (computed) lines are the computation "
        "alone, the worker's part for a large subtree"
    )


if __name__ == "__main__":
    main()
