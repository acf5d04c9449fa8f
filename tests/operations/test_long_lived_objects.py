"""A web process keeps what it built at startup out of the garbage collector's reach,
so that no request pays for walking Django's own objects (avvik/long_lived.py)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_web_application_freezes_what_it_built_at_startup(tmp_path):
    """Loaded as gunicorn loads it (avvik.wsgi): Django's objects and the URL patterns
    are frozen, and a full collection then walks only what came after."""
    script = (
        "import gc, time\n"
        "from avvik.wsgi import application\n"
        "frozen = gc.get_freeze_count()\n"
        "started = time.process_time(); gc.collect(); spent = time.process_time() - started\n"
        "gc.unfreeze(); started = time.process_time(); gc.collect()\n"
        "unfrozen = time.process_time() - started\n"
        "print(frozen, spent, unfrozen)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "avvik.settings",
        "AVVIK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    frozen, spent, unfrozen = out.stdout.split()

    assert int(frozen) > 50_000
    assert float(spent) < float(unfrozen) / 3
