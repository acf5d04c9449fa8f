"""The escalation sweep over a million cases of which 10,000 are stale: wall time and
peak memory of one sweep, on PostgreSQL.

    .venv/bin/python bench/escalation.py                 # on bench/pages.py's full data set
    .venv/bin/python bench/escalation.py --scale quick   # on its quick one (1% stale too)

It reuses (or seeds) the database of bench/pages.py, makes 1% of the cases stale (every
other open case gets a deadline a month ahead), then runs ``escalate_stale_cases`` in a
fresh process, so that its peak memory is its own. Notices are queued to Redis as in
production, no worker takes them: to the database BENCH_REDIS_URL names (default
redis://127.0.0.1:6379/14), which must be empty to begin with (the sweep refuses one
holding keys it did not write) and is emptied afterwards. Targets at
1,000,000 cases with 10,000 stale: under 30 s and under 300 MB.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"


def _pages():
    spec = importlib.util.spec_from_file_location("bench_pages", HERE / "pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_stale(share: float) -> int:
    from django.db import connection
    from django.utils import timezone

    from cases.models import Case

    now = timezone.now()
    open_cases = Case.objects.exclude(status=Case.Status.CLOSED)
    open_cases.update(next_escalation_at=now + timedelta(days=30), on_hold_until=None)
    total = Case.objects.count()
    stale = int(total * share)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET next_escalation_at = %s WHERE id IN ("
            " SELECT id FROM cases_case WHERE status <> 'closed' ORDER BY random() LIMIT %s)",
            [now - timedelta(minutes=1), stale],
        )
        cursor.execute("ANALYZE cases_case")
    return stale


def sweep() -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from cases.services.escalation import escalate_stale_cases

    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        result = escalate_stale_cases()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "escalated": result.escalated,
        "reminded": result.reminded,
        "seconds": seconds,
        "peak_mb": peak_mb,
        "queries": len(queries),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["full", "quick"], default="full")
    parser.add_argument("--share", type=float, default=0.01, help="share of cases made stale")
    parser.add_argument("--sweep", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages = _pages()
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    os.environ["REDIS_URL"] = redis_url
    if args.sweep:
        pages.setup_django()
        print(json.dumps(sweep()))
        return 0

    import redis

    queue = redis.Redis.from_url(redis_url)
    if queue.dbsize():
        sys.exit(
            f"{redis_url} holds keys this benchmark did not write: name an empty Redis "
            "database with BENCH_REDIS_URL (it is emptied afterwards)."
        )
    pages.ensure_database(args.scale)
    pages.prepare(pages.SCALES[args.scale], flush=False)
    from cases.models import Case

    stale = make_stale(args.share)
    print(f"{Case.objects.count():,} cases, {stale:,} made stale", flush=True)
    try:
        child = subprocess.run(
            [sys.executable, __file__, "--sweep", "--scale", args.scale],
            capture_output=True,
            text=True,
            env=dict(os.environ),
        )
    finally:
        # Empty at the start, so everything in it now is the sweep's notices.
        queue.flushdb()
    if child.returncode:
        sys.exit(f"the sweep failed:\n{child.stderr[-5000:]}")
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    print(
        f"escalation sweep: {figures['escalated']:,} escalated, {figures['reminded']:,} "
        f"reminded at the top, {figures['seconds']:.1f} s, peak RSS {figures['peak_mb']:.0f} MB, "
        f"{figures['queries']:,} queries"
    )
    ok = figures["seconds"] < 30 and figures["peak_mb"] < 300
    print("targets (< 30 s, < 300 MB):", "met" if ok else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main())
