"""`make bench`: every benchmark, against the database DATABASE_URL names (a throw-away
SQLite file when it is unset). BENCH_QUICK=1 runs them at a tenth of the size (the
pages benchmark at a fiftieth, in its own PostgreSQL database: see bench/pages.py).

    make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/avvik_bench make bench
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> int:
    env = dict(os.environ)
    tmp = None
    if not env.get("DATABASE_URL"):
        tmp = tempfile.TemporaryDirectory()
        env["DATABASE_URL"] = f"sqlite:///{tmp.name}/bench.sqlite3"
    quick = env.get("BENCH_QUICK") == "1"
    units, people = ("1000", "5000") if quick else ("10000", "50000")
    print(f"# database: {env['DATABASE_URL']}")
    steps = [
        [
            sys.executable,
            str(ROOT / "import_orgchart.py"),
            "--units",
            units,
            "--people",
            people,
            "--flush",
        ]
    ]
    for step in steps:
        result = subprocess.run(step, env=env)
        if result.returncode:
            return result.returncode
    # Page speed and the escalation sweep with a million deviations share one PostgreSQL
    # database, seeded once; the AMU summary and statistics seed their own.
    scale = ["--scale", "quick" if quick else "full"]
    own_env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    for script in ("pages.py", "escalation.py"):
        result = subprocess.run([sys.executable, str(ROOT / script), *scale], env=own_env)
        if result.returncode:
            return result.returncode
    reports = [sys.executable, str(ROOT / "reports.py")]
    if quick:
        reports += ["--units", "200", "--deviations", "20000"]
    return subprocess.run(reports, env=own_env).returncode


if __name__ == "__main__":
    sys.exit(main())
