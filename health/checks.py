"""What the readiness endpoint asks: each backing service and background process, and
what waits in the outboxes. Every check is quick and none says anything about a person.

Checks that ask another process (the broker, the workers) are remembered for
``HEALTH_CHECK_CACHE_SECONDS`` in this web process's memory (not in Redis, which may be
the one that is down), so a load balancer polling every few seconds costs little and
still sees a broker or the last worker gone within one poll."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from avvik.celery import app as celery_app
from cases.tasks import SWEEP_FINISHED_KEY
from orgchart import outbox
from reports import services as report_services

# A worker that does not answer a ping within this long counts as gone.
WORKER_PING_TIMEOUT = 1.0
BROKER_TIMEOUT = 2.0


@dataclass
class Check:
    name: str
    ok: bool
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"name": self.name, "ok": self.ok, **self.detail}


def _timed(name: str, probe: Callable[[], dict]) -> Check:
    started = time.monotonic()
    try:
        detail = probe() or {}
        ok = detail.pop("ok", True)
    except Exception as error:  # a check reports its failure, it never raises
        ok, detail = False, {"error": type(error).__name__}
    detail["ms"] = round((time.monotonic() - started) * 1000, 1)
    return Check(name, ok, detail)


_remembered: dict[str, tuple[float, Check]] = {}
_lock = threading.Lock()


def _remembered_for_a_while(name: str, probe: Callable[[], dict]) -> Check:
    now = time.monotonic()
    with _lock:
        kept = _remembered.get(name)
    if kept and now - kept[0] < settings.HEALTH_CHECK_CACHE_SECONDS:
        return kept[1]
    check = _timed(name, probe)
    with _lock:
        _remembered[name] = (time.monotonic(), check)
    return check


def forget_remembered_checks() -> None:
    with _lock:
        _remembered.clear()


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def _cache() -> dict:
    cache.set("health:probe", "1", 30)
    return {"ok": cache.get("health:probe") == "1"}


def _broker() -> dict:
    with celery_app.connection_for_write(url=celery_app.conf.broker_url) as conn:
        conn.ensure_connection(
            max_retries=1, interval_start=0, interval_step=0.5, timeout=BROKER_TIMEOUT
        )
    return {}


def _workers() -> dict:
    # The first answer is enough: a ping waits out its whole timeout otherwise.
    replies = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT, limit=1)
    return {"ok": bool(replies)}


def _escalation_sweep() -> dict:
    finished = cache.get(SWEEP_FINISHED_KEY)
    if not finished:
        return {"ok": False, "last_run_seconds_ago": None}
    age = (timezone.now() - datetime.fromisoformat(finished)).total_seconds()
    return {
        "ok": age <= settings.HEALTH_SWEEP_MAX_AGE_SECONDS,
        "last_run_seconds_ago": int(age),
    }


def _upload_disk() -> dict:
    folder = Path(settings.MEDIA_ROOT)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free_mb = shutil.disk_usage(folder).free // (1024 * 1024)
    return {"ok": free_mb >= settings.HEALTH_MIN_FREE_DISK_MB, "free_mb": free_mb}


# The outbox lines are figures for the monitoring and do not turn red on their own
# account: a late e-mail must not take the web processes out of the load balancer (the
# broker and workers lines say why it is late). They are red only when they cannot be
# read at all (the database is away, as its own line says).


def _notices_waiting() -> dict:
    return outbox.waiting_summary()


def _summaries_waiting() -> dict:
    return report_services.waiting_summary()


# name: (the probe function's name in this module, remembered for a few seconds)
PROBES: dict[str, tuple[str, bool]] = {
    "database": ("_database", False),
    "cache": ("_cache", False),
    "broker": ("_broker", True),
    "workers": ("_workers", True),
    "escalation_sweep": ("_escalation_sweep", False),
    "upload_disk": ("_upload_disk", False),
    "notices_waiting": ("_notices_waiting", False),
    "summaries_waiting": ("_summaries_waiting", False),
}


def readiness(only=None) -> list[Check]:
    """Every check (or those named in ``only``), in the order the JSON lists them."""
    result = []
    for name, (function, remembered) in PROBES.items():
        if only and name not in only:
            continue
        run = _remembered_for_a_while if remembered else _timed
        result.append(run(name, globals()[function]))
    return result
