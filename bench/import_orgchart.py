"""How long the org chart import takes, and how much memory it needs, at a given size.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/import_orgchart.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/avvik_bench \\
        .venv/bin/python bench/import_orgchart.py --units 10000 --people 50000 --flush

It migrates the database DATABASE_URL names, writes an HR export of a municipality
(kommune → sectors → units → departments) the way HR systems write it (";" separator,
BOM, CRLF, leading zeros, some empty and mixed-case e-mail addresses, people in several
units), imports it, then imports a month later's export (renames, moved units, removed
units and people, new people and leaders). Each import runs in a fresh process so that
its peak memory is its own; the time is the wall time of ``import_orgchart`` alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SECTORS = [
    ("Helse og omsorg", ["sykehjem", "hjemmetjeneste", "bofellesskap", "legekontor"]),
    ("Oppvekst", ["skole", "barnehage", "SFO", "PPT"]),
    ("Kultur og fritid", ["bibliotek", "kulturskole", "fritidsklubb", "idrettshall"]),
    ("Teknisk drift", ["vannverk", "renseanlegg", "veidrift", "park"]),
    ("Velferd", ["NAV-kontor", "flyktningtjeneste", "boligkontor", "rustjeneste"]),
    ("Samfunnsutvikling", ["plankontor", "byggesak", "landbruk", "næring"]),
    ("Økonomi og personal", ["lønn", "regnskap", "innkjøp", "HR"]),
    ("Fellestjenester", ["Eiendom", "Brannvesen", "Bedriftshelsetjeneste", "IT"]),
]
DEPARTMENTS = ["avdeling A", "avdeling B", "skjermet avdeling", "natt", "kjøkken", "team"]
PLACES = ["Solsiden", "Fjellvang", "Åsen", "Bryggen", "Nordre", "Søndre", "Løkka", "Vika"]
FIRST = ["Åse", "Ørjan", "Kari", "Ola", "Nina", "Per", "Sigrid", "Håkon", "Ingrid", "Lars"]
LAST = ["Hansen", "Johansen", "Ødegård", "Bråten", "Nilsen", "Berg", "Hågensen", "Dahl"]
# Mailboxes are ASCII: Åse Ødegård is aase.odegard@...
ASCII_MAIL = str.maketrans({"å": "aa", "Å": "Aa", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae"})
UNIT_HEADER = [
    "unit_code", "name", "parent_code", "leader_employee_id", "deputy_employee_id",
    "is_specialist_unit",
]  # fmt: skip
PEOPLE_HEADER = ["employee_id", "first_name", "last_name", "email", "unit_code", "phone"]


def make_org(n_units: int, n_people: int, rng: random.Random) -> tuple[list[list], list[list]]:
    """Rows of a units file and a people file (header excluded)."""
    units: list[list] = [["K", "Eksempel kommune", "", "", "", "nei"]]
    sectors = []
    for index, (name, _kinds) in enumerate(SECTORS[: max(1, min(8, n_units - 1))], start=1):
        sectors.append(f"S{index:02d}")
        units.append([f"S{index:02d}", name, "K", "", "", "nei"])
    remaining = max(0, n_units - len(units))
    n_middle = max(1, remaining // 8) if remaining else 0
    middles = []
    for index in range(n_middle):
        sector = index % len(sectors)
        kinds = SECTORS[sector][1]
        kind = kinds[index // len(sectors) % len(kinds)]
        code = f"E{index:05d}"
        middles.append(code)
        specialist = "ja" if SECTORS[sector][0] == "Fellestjenester" else "nei"
        place = PLACES[index % len(PLACES)]
        units.append([code, f"{place} {kind} {index}", sectors[sector], "", "", specialist])
    for index in range(remaining - n_middle):
        parent = middles[index % len(middles)]
        name = f"{DEPARTMENTS[index % len(DEPARTMENTS)].capitalize()} {index}"
        units.append([f"A{index:06d}", name, parent, "", "", ""])

    people: list[list] = []
    for index in range(n_people):
        employee_id = f"{index + 1:06d}"  # leading zeros, as HR systems write them
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first}.{last}{index}@kommune.example".translate(ASCII_MAIL)
        if rng.random() < 0.01:
            email = ""
        elif rng.random() < 0.5:
            email = email.lower()
        # The first people staff one unit each, so every unit has someone to lead it.
        home = units[index][0] if index < len(units) else rng.choice(units[1 + len(sectors) :])[0]
        phone = f"+47 9{rng.randrange(10**7):07d}"
        people.append([employee_id, first, last, email, home, phone])
        if rng.random() < 0.1:
            people.append([employee_id, first, last, email, rng.choice(units)[0], phone])
    for index, unit in enumerate(units):
        if index < n_people and rng.random() > 0.05:  # about one in twenty is vacant
            unit[3] = people_id(index)
        if rng.random() < 0.3 and n_people:
            unit[4] = people_id(rng.randrange(n_people))
    return units, people


def people_id(index: int) -> str:
    return f"{index + 1:06d}"


def a_month_later(
    units: list[list], people: list[list], rng: random.Random
) -> tuple[list[list], list[list]]:
    """The same organisation after renames, moves, closures, hires and departures."""
    units = [list(row) for row in units]
    people = [list(row) for row in people]
    codes = [row[0] for row in units]
    sectors = [row[0] for row in units if row[2] == "K"]
    for row in rng.sample(units[1:], len(units) // 50):
        row[1] += " (nytt navn)"
    for row in [row for row in units if row[0].startswith("E")][: len(units) // 100]:
        row[2] = rng.choice(sectors)  # moves with its departments
    for row in rng.sample(units[1:], len(units) // 33):
        row[3] = people_id(rng.randrange(len(people) // 2))
    leaders = {row[3] for row in units} | {row[4] for row in units}
    closed = {row[0] for row in units if row[0].startswith("A")}
    closed = set(rng.sample(sorted(closed), min(len(closed), len(units) // 100)))
    parent_of = {row[0]: row[2] for row in units}
    units = [row for row in units if row[0] not in closed]
    departed = {row[0] for row in rng.sample(people, len(people) // 50) if row[0] not in leaders}
    kept = []
    for row in people:
        if row[0] in departed:
            continue
        if row[4] in closed:
            row[4] = parent_of[row[4]]
        elif rng.random() < 0.05:
            row[4] = rng.choice(codes[1:])
            row[4] = parent_of.get(row[4], row[4]) if row[4] in closed else row[4]
        if rng.random() < 0.02:
            row[5] = f"+47 4{rng.randrange(10**7):07d}"
        kept.append(row)
    next_id = len(people) + 1
    for _index in range(len(people) // 50):
        kept.append(
            [f"{next_id:06d}", "Ny", "Ansatt", f"ny{next_id}@kommune.example",
             rng.choice([row[0] for row in units]), ""]
        )  # fmt: skip
        next_id += 1
    # Drop rows that now repeat a person's unit (a move onto a second membership).
    seen = set()
    people = []
    for row in kept:
        if (row[0], row[4]) not in seen:
            seen.add((row[0], row[4]))
            people.append(row)
    return units, people


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "avvik.settings")
    import django

    django.setup()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_one(units: str, people: str, trace: bool) -> None:
    """In the child process: one import, reported as JSON on stdout."""
    setup_django()
    from orgchart.importing import InvalidOrgchart, import_orgchart

    baseline = peak_rss_mb()
    if trace:
        import tracemalloc

        tracemalloc.start()
    started = time.perf_counter()
    try:
        result = import_orgchart(Path(units), Path(people))
    except InvalidOrgchart as invalid:
        sys.exit("\n".join(str(error) for error in invalid.errors[:50]))
    seconds = time.perf_counter() - started
    report = {
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "baseline_rss_mb": baseline,
        "warnings": len(result.warnings),
        "units": [result.units_created, result.units_updated, result.units_deactivated],
        "people": [result.people_created, result.people_updated, result.people_deactivated],
    }
    if trace:
        report["tracemalloc_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    print(json.dumps(report))


def check_tree() -> list[str]:
    """The invariants an import must keep, checked on the whole database."""
    from django.db.models import Count, Q

    from orgchart.models import Membership, OrgUnit, User, path_segment

    problems = []
    units = {pk: (parent, path, depth) for pk, parent, path, depth in
             OrgUnit.objects.values_list("pk", "parent_id", "path", "depth")}  # fmt: skip
    for pk, (parent, path, depth) in units.items():
        expected = (units[parent][1] if parent else "") + path_segment(pk)
        if path != expected or depth != path.count("/") - 1:
            problems.append(f"unit {pk}: path {path!r} depth {depth}, expected {expected!r}")
    primaries = (
        User.objects.filter(is_active=True, employee_id__isnull=False)
        .annotate(n=Count("memberships", filter=Q(memberships__is_active=True,
                                                   memberships__is_primary=True)))
        .exclude(n=1)
    )  # fmt: skip
    problems += [f"person {u.employee_id}: {u.n} primary units" for u in primaries[:20]]
    inactive = Membership.objects.filter(is_active=True, user__is_active=False).count()
    if inactive:
        problems.append(f"{inactive} active memberships of inactive people")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flush", action="store_true", help="empty the database first")
    parser.add_argument("--keep", type=Path, help="write the CSV files here and keep them")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace Python allocations (slower)"
    )
    parser.add_argument("--run", nargs=2, metavar=("UNITS", "PEOPLE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_one(*args.run, trace=args.tracemalloc)
        return

    setup_django()
    from django.core.management import call_command
    from django.db import connection

    from orgchart.models import OrgUnit

    call_command("migrate", verbosity=0)
    if args.flush:
        call_command("flush", interactive=False, verbosity=0)
    elif OrgUnit.objects.exists():
        sys.exit("The database already has units; use a fresh one or pass --flush.")
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}, {os.cpu_count()} CPUs",
        flush=True,
    )

    rng = random.Random(args.seed)
    units, people = make_org(args.units, args.people, rng)
    later_units, later_people = a_month_later(units, people, rng)
    directory = args.keep or Path(tempfile.mkdtemp(prefix="bench-orgchart-"))
    directory.mkdir(parents=True, exist_ok=True)
    phases = [
        ("first import", units, people),
        ("re-import", later_units, later_people),
    ]
    for label, unit_rows, people_rows in phases:
        slug = label.replace(" ", "-")
        units_file = write_csv(directory / f"units-{slug}.csv", UNIT_HEADER, unit_rows)
        people_file = write_csv(directory / f"people-{slug}.csv", PEOPLE_HEADER, people_rows)
        command = [sys.executable, __file__, "--run", str(units_file), str(people_file)]
        if args.tracemalloc:
            command.append("--tracemalloc")
        child = subprocess.run(command, capture_output=True, text=True)
        if child.returncode:
            sys.exit(f"{label} failed:\n{child.stderr[-5000:]}")
        report = json.loads(child.stdout.strip().splitlines()[-1])
        line = (
            f"{label:13} {len(unit_rows):>6} units {len(people_rows):>6} rows: "
            f"{report['seconds']:6.1f} s, peak RSS {report['peak_rss_mb']:.0f} MB "
            f"(before import {report['baseline_rss_mb']:.0f} MB)"
        )
        if "tracemalloc_peak_mb" in report:
            line += f", Python peak {report['tracemalloc_peak_mb']:.0f} MB"
        print(line, flush=True)
        print(
            "              units created/updated/deactivated {}/{}/{}, "
            "people {}/{}/{}, {} warnings".format(
                *report["units"], *report["people"], report["warnings"]
            )
        )
        problems = check_tree()
        print("              check: " + ("; ".join(problems[:20]) or "tree and memberships OK"))
    if not args.keep:
        for file in directory.iterdir():
            file.unlink()
        directory.rmdir()


if __name__ == "__main__":
    main()
