"""The embedded default does background work without Redis: after ``seed_demo``, a
Celery worker with beat inside it (Kombu's filesystem transport, SQLite) escalates the
demo's stale case by itself and e-mails the leaders, as `make run` would."""

from __future__ import annotations

import email
import email.policy
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # between messages in the file-based backend's files


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def _stale_case(db: Path) -> tuple[int, str]:
    """The open case whose deadline has passed: (id, reference)."""
    now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT c.id, d.reference FROM cases_case c"
            " JOIN avvik_deviation d ON d.id = c.deviation_id"
            " WHERE c.status != 'closed' AND c.next_escalation_at <= ?"
            " AND c.escalation_level = 0",
            [now],
        ).fetchall()
    assert rows, "seed_demo left no open case past its deadline"
    return rows[0]


def _query(db: Path, sql: str, *params):
    connection = sqlite3.connect(db, timeout=20)
    try:
        return connection.execute(sql, params).fetchone()
    finally:
        connection.close()


def _messages(folder: Path) -> list[email.message.EmailMessage]:
    messages = []
    for path in folder.glob("*.log"):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def _stop(worker: subprocess.Popen) -> str:
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output.decode(errors="replace")


def test_the_embedded_worker_escalates_the_demo_stale_case_without_redis(tmp_path):
    db = tmp_path / "avvik.sqlite3"
    mail = tmp_path / "mail"
    env = {
        **os.environ,
        "AVVIK_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{db}",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail),
        "ESCALATION_SWEEP_SECONDS": "2",
        "DJANGO_SETTINGS_MODULE": "avvik.settings",
    }
    for name in ("REDIS_URL", "CELERY_TASK_ALWAYS_EAGER"):
        env.pop(name, None)

    _manage(env, "migrate", "--noinput", "--verbosity", "0")
    _manage(env, "seed_demo")
    case_id, reference = _stale_case(db)

    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "avvik", "worker", "-B", "--pool=solo"),
            *("--loglevel=INFO", "--schedule", str(tmp_path / "celerybeat-schedule")),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    level, told = 0, []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (level and told):
            time.sleep(0.5)
            level = _query(db, "SELECT escalation_level FROM cases_case WHERE id = ?", case_id)[0]
            told = [m for m in _messages(mail) if reference in str(m["Subject"])]
    finally:
        output = _stop(worker)

    assert level == 1, f"the worker did not escalate {reference}; its output:\n{output}"
    # The newcomer's terminal shows no warning about a broker host the transport never uses.
    assert "No hostname was supplied" not in output
    escalated = _query(
        db,
        "SELECT count(*) FROM cases_caseevent WHERE case_id = ? AND kind = 'escalated'",
        case_id,
    )[0]
    assert escalated == 1
    leader_email = _query(
        db,
        "SELECT u.email FROM cases_case c JOIN orgchart_user u ON u.id = c.responsible_leader_id"
        " WHERE c.id = ?",
        case_id,
    )[0]
    assert told, f"no e-mail about {reference} was written; the worker's output:\n{output}"
    assert leader_email in {address for m in told for address in str(m["To"]).split(", ")}
