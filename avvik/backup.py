"""Backups that restore: the database and the private files (uploads, PDFs) together.

A backup is a folder ``avvik-YYYYMMDD-HHMMSS/`` holding

- ``database.dump``: ``pg_dump --format=custom`` on PostgreSQL (one consistent snapshot
  of a running database), or ``database.sqlite3``: SQLite's online backup (the same);
- ``files.tar.gz``: everything under MEDIA_ROOT;
- ``manifest.json``: when, from which engine, each table's row count (read in the very
  snapshot pg_dump writes, or from the SQLite copy) and each archived file's SHA-256, so
  a restore can be checked against it even when the app kept working during the backup.

The database is copied before the files. Files are written before the rows that point to
them are committed, so every file the copied rows name is in the backup; files uploaded
during the backup may be in it without a row, which is harmless.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _


class BackupError(Exception):
    pass


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_environment() -> tuple[dict[str, str], list[str]]:
    """libpq's variables for the configured database, and its name as an argument."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    return env, ["--dbname", db["NAME"]]


def table_row_counts() -> dict[str, int]:
    """Every table's row count in the configured database."""
    if not _is_postgres():
        db = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            return _sqlite_row_counts(db)
        finally:
            db.close()
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor, include_views=False))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def file_checksums(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by path relative to it."""
    sums = {}
    root = Path(root)
    if not root.exists():
        return sums
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        with path.open("rb") as handle:
            sums[path.relative_to(root).as_posix()] = hashlib.file_digest(
                handle, "sha256"
            ).hexdigest()
    return sums


def make_backup(into: Path) -> Path:
    """Write a backup folder under ``into`` and return it."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    folder = Path(into) / f"avvik-{stamp}"
    folder.mkdir(parents=True)
    os.chmod(folder, 0o700)  # it holds everything the app holds
    if _is_postgres():
        tables = _dump_postgres(folder / "database.dump")
    else:
        tables = _copy_sqlite(folder / "database.sqlite3")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "files.tar.gz", "w:gz") as archive:
        if media.exists():
            archive.add(media, arcname=".")
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "engine": connection.vendor,
        # Both as they are in the backup, not as the running app has them a moment later.
        "tables": tables,
        "files": _archived_checksums(folder / "files.tar.gz"),
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder


def _dump_postgres(target: Path) -> dict[str, int]:
    """pg_dump of one snapshot, and the row counts of that same snapshot: the counts are
    read in a repeatable-read transaction whose snapshot pg_dump is given."""
    env, dbname = _pg_environment()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = table_row_counts()
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *dbname,
            ],
            env,
        )
    return tables


def _copy_sqlite(target: Path) -> dict[str, int]:
    """SQLite's online backup, and the row counts of the copy."""
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    source.close()
    try:
        return _sqlite_row_counts(copy)
    finally:
        copy.close()


def _sqlite_row_counts(db: sqlite3.Connection) -> dict[str, int]:
    tables = [
        name
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not name.startswith("sqlite_")
    ]
    return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}


def _archived_checksums(archive_path: Path) -> dict[str, str]:
    """SHA-256 of every file in the archive, by path relative to MEDIA_ROOT."""
    sums = {}
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive:
            if member.isfile():
                digest = hashlib.file_digest(archive.extractfile(member), "sha256")
                sums[PurePosixPath(member.name).as_posix()] = digest.hexdigest()
    return dict(sorted(sums.items()))


def restore_backup(folder: Path, *, force: bool = False) -> dict:
    """Bring a backup back into the configured database and MEDIA_ROOT, which must be
    empty unless ``force``. Returns the backup's manifest."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            _("the backup is from %(engine)s, this installation uses %(vendor)s")
            % {"engine": manifest["engine"], "vendor": connection.vendor}
        )
    media = Path(settings.MEDIA_ROOT)
    if not force:
        if connection.introspection.table_names():
            raise BackupError(_("the database is not empty (--force replaces what is in it)"))
        if media.exists() and any(media.iterdir()):
            raise BackupError(
                _("%(folder)s is not empty (--force replaces what is in it)") % {"folder": media}
            )
    if _is_postgres():
        env, dbname = _pg_environment()
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                *dbname,
                str(folder / "database.dump"),
            ],
            env,
        )
    else:
        connection.close()
        target = Path(settings.DATABASES["default"]["NAME"])
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(folder / "database.sqlite3", target)
    if media.exists() and force:
        shutil.rmtree(media)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / "files.tar.gz", "r:gz") as archive:
        archive.extractall(media, filter="data")
    return manifest


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(
            _("%(command)s failed: %(error)s")
            % {"command": command[0], "error": done.stderr.strip()}
        )
