"""``make backup`` and ``make restore``: a backup of a running instance comes back whole
in a fresh database and folder (every table's row count, every file's checksum)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from avvik.models import Deviation
from tests.avvik.filing import REPORT_URL, ensure_categories, jpeg, pdf, report_data

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def pg_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"


def pg_row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
        ]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def own_media_root(settings):
    """The private storage is made once per process; point it at this test's MEDIA_ROOT."""
    from django.utils.functional import empty

    from avvik.models import private_storage

    private_storage._wrapped = empty
    yield Path(settings.MEDIA_ROOT)
    private_storage._wrapped = empty


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"
    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_url(name)
    with psycopg.connect(pg_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.postgres
def test_backup_of_a_seeded_instance_restores_whole_into_a_fresh_database_and_folder(
    transactional_db, org, client, own_media_root, tmp_path, fresh_database
):
    categories = ensure_categories()
    client.force_login(org.reporter)
    for number in range(3):
        client.post(
            REPORT_URL,
            {
                **report_data(
                    org.department, categories["materiell-skade"], title=f"Avvik {number}"
                ),
                "attachments": [jpeg(f"bilde{number}.jpg"), pdf(f"skjema{number}.pdf")],
            },
        )
    assert Deviation.objects.count() == 3
    media = own_media_root
    assert len(checksums(media)) == 6

    made = manage(
        "backup",
        "--into",
        str(tmp_path / "backups"),
        env={"DATABASE_URL": pg_url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(media)},
    )
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())

    restored_media = tmp_path / "restored-media"
    restored = manage(
        "restore",
        str(backup),
        env={"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(restored_media)},
    )
    assert restored.returncode == 0, restored.stderr

    original = pg_row_counts(pg_url(connection.settings_dict["NAME"]))
    assert original["avvik_deviation"] == 3
    assert pg_row_counts(fresh_database) == original
    assert checksums(restored_media) == checksums(media)

    # A second restore into the now filled database is refused and changes nothing.
    again = manage(
        "restore",
        str(backup),
        env={"DATABASE_URL": fresh_database, "MEDIA_ROOT": str(restored_media)},
    )
    assert again.returncode != 0 and "ikke tom" in again.stderr
    assert pg_row_counts(fresh_database) == original


def test_sqlite_backup_restores_whole_into_a_new_file_and_folder(tmp_path):
    """The embedded installation: SQLite's online backup and the files."""
    source = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'avvik.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    assert manage("migrate", "--noinput", env=source).returncode == 0
    assert manage("hms_admin", "list", env=source).returncode == 0
    (tmp_path / "media" / "attachments" / "2026").mkdir(parents=True)
    (tmp_path / "media" / "attachments" / "2026" / "a.jpg").write_bytes(os.urandom(5000))
    made = manage("backup", "--into", str(tmp_path / "backups"), env=source)
    assert made.returncode == 0, made.stderr

    target = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    restored = manage("restore", made.stdout.strip(), env=target)
    assert restored.returncode == 0, restored.stderr

    import sqlite3

    def counts(path):
        with sqlite3.connect(path) as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}

    original = counts(tmp_path / "avvik.sqlite3")
    assert original["avvik_category"] > 0
    assert counts(tmp_path / "restored.sqlite3") == original
    assert checksums(tmp_path / "restored-media") == checksums(tmp_path / "media")
